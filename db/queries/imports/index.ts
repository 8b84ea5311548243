import "server-only";
/**
 * The import log, one concern per file: reading what matching and comparison need (read.ts), the
 * remembered column mappings (mappings.ts), the writes with their before/after log (change-log.ts)
 * and the history with undo (undo.ts). Importers keep `@/db/queries/imports`.
 */
export {
  loadGazetteer,
  scopeProvince,
  snapshotsOf,
  targetsOf,
  sitesInScope,
  unitsById,
  importOfFile,
  infrastructureDates,
  infrastructureAt,
  layerFeatures,
  snapshotsForExport,
  importPageData,
} from "./read";
export { rememberedMapping, saveMapping } from "./mappings";
export {
  UNDOABLE,
  type UndoableName,
  createImportRecord,
  setImportCounts,
  insertStamped,
  upsertLogged,
  insertLogged,
  updateLogged,
  createHamlets,
  nextHamletIds,
} from "./change-log";
export { type ImportListItem, type UndoOutcome, importStateToken, listImports, undoImport } from "./undo";

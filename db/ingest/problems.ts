/**
 * Everything an import can find wrong, as codes with parameters. The words live in the messages
 * (app/_i18n/messages/{vi,en}/import.json → problems.<code>), so the user reads each problem in
 * Vietnamese or English; tests/ingest/problems.test.ts checks that every code has both.
 *
 * Severity:
 * - error: the row (or the file) cannot be imported as it is; commit is refused until it is fixed
 *   or the row is skipped by the user;
 * - flag: plausible but suspicious (received > eligible, a formula's saved result); the user
 *   decides per row: accept or skip;
 * - warning / info: shown, nothing to decide.
 */
export const PROBLEM_CODES = {
  // The file as a whole
  emptyFile: "error",
  wrongType: "error",
  xlsOld: "error",
  notText: "error",
  corruptCsv: "error",
  corruptXlsx: "error",
  corruptZip: "error",
  sheetNotFound: "error",
  tooLarge: "error",
  noHeader: "error",
  missingColumns: "error",
  noRows: "error",
  tooManyRows: "error",
  badGeojson: "error",
  badKml: "error",
  noFeatures: "error",
  shapefileIncomplete: "error",
  missingContext: "error",
  archiveTooManyEntries: "error",
  archiveEntryTooLarge: "error",
  archiveRatio: "error",
  archiveTotalTooLarge: "error",
  archiveSizeMismatch: "error",
  // Cells and rows
  notANumber: "error",
  negative: "error",
  notInteger: "error",
  formulaText: "error",
  notADate: "error",
  futureDate: "error",
  missingDate: "error",
  missingValue: "error",
  activatedOverReceived: "error",
  level2OverActivated: "error",
  cccdOverEligible: "error",
  reasonsExceed: "error",
  eligibleOverResidents: "error",
  duplicateConflict: "error",
  unknownUnit: "error",
  ambiguousUnit: "error",
  badCoordinate: "error",
  outsideProvince: "error",
  badSiteKind: "error",
  badPeriod: "error",
  nameTooLong: "error",
  cellTooLong: "error",
  receivedOverEligible: "flag",
  formulaCell: "flag",
  formulaLikeName: "warning",
  markupInName: "warning",
  duplicateRow: "warning",
  carriedForward: "warning",
  controlChars: "warning",
  controlCharsMore: "warning",
  reasonsRemainder: "warning",
  assumedValues: "warning",
  totalsMismatch: "warning",
  latLonSwapped: "warning",
  geometryRepaired: "warning",
  geometryRejected: "error",
  notPolygon: "error",
  emptyLayer: "warning",
  nestedTooDeep: "error",
  featureTooComplex: "error",
  analysisTimeout: "error",
  analysisMemory: "error",
  sheetChosen: "info",
  totalsRow: "info",
  columnNumbersRow: "info",
  sectionRow: "info",
  blankRows: "info",
  alreadyImported: "info",
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type Severity = (typeof PROBLEM_CODES)[ProblemCode];

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** Row number in the file (1-based), or the feature index for geometry files; null for the whole file. */
  row: number | null;
  /** The column's header as written in the file (or a field/property name). */
  column: string | null;
  /** The offending value, as text (truncated). */
  value: string | null;
  /** Parameters of the message (e.g. { max: 120, value: 130 }). */
  params: Record<string, string | number>;
}

export function problem(
  code: ProblemCode,
  at: { row?: number | null; column?: string | null; value?: unknown },
  params: Record<string, string | number> = {},
): Problem {
  const v =
    at.value === undefined || at.value === null ? null : String(at.value instanceof Date ? at.value.toISOString().slice(0, 10) : at.value).slice(0, 200);
  return { code, severity: PROBLEM_CODES[code], row: at.row ?? null, column: at.column ?? null, value: v, params };
}

/** A problem with the file as a whole that stops the import before any row is read. */
export class IngestError extends Error {
  constructor(
    public readonly code: ProblemCode,
    public readonly params: Record<string, string | number>,
    /** Where in the file, when one place stops the whole file (a feature, a cell). */
    public readonly at: { row?: number | null; column?: string | null; value?: unknown } = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}${at.row !== undefined && at.row !== null ? ` at row ${at.row}` : ""}`);
    this.name = "IngestError";
  }
  toProblem(): Problem {
    return problem(this.code, this.at, this.params);
  }
}

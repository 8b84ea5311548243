import "server-only";
import { stat } from "node:fs/promises";
import { type MessagePort, resourceLimits } from "node:worker_threads";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import { bbox4, hamletCoverage, hasFiber, type CoverageProps, type HamletCoverage } from "../../../geo";
import { checkFeatures, readCoverageFile, type Province } from "../coverage-file";
import { IngestError, type Problem } from "../problems";
import { openTable } from "../read-table";
import { headerScoreFor, readSheet, type DataRow, type SheetLayout, type SheetStats } from "../sheet";
import type { Conversion } from "../text/convert";
import type { TableKind } from "../vocabulary";
import type { ImportRequest } from "../types";
import { settle, workerSide, type TaskResult, type WorkerSide } from "./channel";

/**
 * The analysis tasks that run in the worker (./pool.ts): plain data in, plain data out; files
 * are read here, the database is not (what a task needs from it comes in its input, or by a
 * question on its port).
 */
export type TaskName = "coverage" | "table";

export function runTask(task: TaskName, input: unknown, port: MessagePort): Promise<TaskResult<unknown>> {
  const side = workerSide(port);
  if (task === "coverage") return settle(() => coverageTask(input as CoverageInput, side));
  if (task === "table") return tableTask(input as TableInput, side);
  throw new Error(`unknown analysis task ${String(task)}`);
}

// --- Coverage --------------------------------------------------------------------------------

export type CoverageFeature = Feature<Polygon | MultiPolygon, CoverageProps>;

export interface CoverageInput {
  filePath: string;
  fileName: string;
  format: string;
  req: Pick<ImportRequest, "skipInvalid" | "decisions">;
  tags: NonNullable<ImportRequest["coverage"]>;
  province: NonNullable<Province>;
  /** The same layer as already delivered (its features' geometry and level), or null. */
  existing: { g: unknown; l: string | null }[] | null;
  /** The province's coverage at the layer's date, and its hamlets' points (for the join). */
  current: CoverageFeature[];
  points: [number, number][];
}

/** A feature kept, with its geometry as JSON text (written as it is: this thread never parses it again). */
export interface KeptFeature {
  kind: CoverageProps["kind"];
  operator: CoverageProps["operator"];
  level: CoverageProps["level"];
  bbox: [number, number, number, number];
  geometry: string;
}

export interface CoverageOutput {
  features: number;
  kept: KeptFeature[];
  problems: Problem[];
  repaired: number;
  rejected: number;
  skipped: number;
  same: boolean;
  hamletsChanged: number;
}

const canonical = (features: { g: unknown; l: string | null }[]) => JSON.stringify(features.map((f) => ({ g: f.g, l: f.l })));

/** A hamlet's status as hamlet_infrastructure keeps it (fiber from any operator, not per operator). */
function storedStatus(s: HamletCoverage): string {
  return JSON.stringify({ grid: s.grid, fiber: hasFiber(s), signal: s.signal });
}

/**
 * Heap a GeoJSON file takes per byte of its text, at most, once parsed and repaired (a 2 M-vertex
 * file of 50 MB: ≈ 0.4 GB). A file that would not fit the worker's heap is refused before
 * JSON.parse: a worker that reaches its heap limit inside JSON.parse can abort the whole process
 * instead of ending alone (Node.js issue 47224), which the other formats' parsers do not do.
 */
const GEOJSON_HEAP_PER_BYTE = 8;

async function coverageTask(input: CoverageInput, side: WorkerSide): Promise<CoverageOutput> {
  const { tags, province } = input;
  const heapMb = resourceLimits.maxOldGenerationSizeMb; // in a worker of the pool (not when run in the thread)
  if (heapMb && input.format === "geojson" && ((await stat(input.filePath)).size * GEOJSON_HEAP_PER_BYTE) / 2 ** 20 > heapMb) {
    throw new IngestError("analysisMemory", { file: input.fileName, mb: heapMb });
  }
  const raw = await readCoverageFile(input.filePath, input.format);
  const problems: Problem[] = [];
  const { features, repaired, rejected, skipped } = await checkFeatures({
    raw,
    req: input.req,
    tags,
    province,
    problems,
    onFeature: (index) => side.at({ unit: "feature", index }),
  });
  side.at({ unit: "file" }); // the comparison and the join: not one feature's doing
  const same = !!input.existing && canonical(input.existing) === canonical(features.map((f) => ({ g: f.geometry, l: f.properties.level })));
  let hamletsChanged = 0;
  if (!same) {
    const op = tags.kind === "grid" ? null : tags.operator;
    const others = input.current.filter((c) => !(c.properties.kind === tags.kind && (c.properties.operator ?? null) === op));
    const points: Feature<Point>[] = input.points.map((coordinates) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates } }));
    const before = hamletCoverage(points, input.current);
    const after = hamletCoverage(points, [...others, ...features]);
    hamletsChanged = before.filter((b, i) => storedStatus(b) !== storedStatus(after[i]!)).length;
  }
  const kept = features.map((f) => ({
    kind: f.properties.kind,
    operator: f.properties.operator,
    level: f.properties.level,
    bbox: bbox4(f) as [number, number, number, number],
    geometry: JSON.stringify(f.geometry),
  }));
  return { features: raw.length, kept, problems, repaired, rejected, skipped, same, hamletsChanged };
}

// --- Tables (CSV, XLSX) ----------------------------------------------------------------------

export interface TableInput {
  filePath: string;
  format: "csv" | "xlsx";
  sheet?: string;
  kind: TableKind;
}

/** Rows at most in one batch sent to the main thread, and the longest a batch waits to be sent. */
const BATCH_ROWS = 2000;
const BATCH_MS = 50;

/**
 * What the worker sends as it reads: first the layout (with the problems found so far), then
 * batches of rows, each row with the problems found while it was read (so that the main thread
 * adds them in the same order as when it reads the table itself), and at the end the rest.
 */
export type TableBatch =
  | {
      layout: SheetLayout;
      encoding: string;
      sheet?: { name: string; others: string[] };
      problems: Problem[];
      stats: SheetStats;
      conversions: Conversion[];
      counts: { tcvn3: number; vni: number; nfc: number };
      progress: { done: number; total: number };
    }
  | {
      rows: { d: DataRow; p?: Problem[] }[];
      stats: SheetStats;
      counts: { tcvn3: number; vni: number; nfc: number };
      progress: { done: number; total: number };
    };

export interface TableEnd {
  /** Problems found after the last row (or before the error that ended the read). */
  problems: Problem[];
  stats: SheetStats;
  conversions: Conversion[];
  counts: { tcvn3: number; vni: number; nfc: number };
  progress: { done: number; total: number };
  /** The main thread stopped asking (it had what it needed, or failed). */
  stopped: boolean;
}

async function tableTask(input: TableInput, side: WorkerSide): Promise<TaskResult<TableEnd> & { pending?: Problem[] }> {
  const problems: Problem[] = [];
  let sent = 0;
  const unsent = () => {
    const p = problems.slice(sent);
    sent = problems.length;
    return p;
  };
  const r = await settle(async (): Promise<TableEnd> => {
    const source = await openTable(input.filePath, input.format, { sheet: input.sheet, headerScore: headerScoreFor(input.kind) });
    const sheet = await readSheet({
      kind: input.kind,
      rows: source.rows,
      encoding: source.encoding,
      problems,
      sheet: source.sheet,
      mappingFor: (signature) => side.ask({ type: "mapping", signature }),
    });
    const end = (stopped: boolean): TableEnd => ({
      problems: unsent(),
      stats: sheet.stats,
      conversions: sheet.conversions(),
      counts: sheet.converter.counts,
      progress: source.progress(),
      stopped,
    });
    const layout: TableBatch = {
      layout: sheet.layout,
      encoding: source.encoding,
      sheet: source.sheet,
      problems: unsent(),
      stats: sheet.stats,
      conversions: sheet.conversions(),
      counts: sheet.converter.counts,
      progress: source.progress(),
    };
    if (!(await side.ask<boolean>({ type: "rows", batch: layout }))) return end(true);
    let rows: { d: DataRow; p?: Problem[] }[] = [];
    let since = performance.now();
    const send = async () => {
      const batch: TableBatch = { rows, stats: sheet.stats, counts: sheet.converter.counts, progress: source.progress() };
      rows = [];
      since = performance.now();
      return side.ask<boolean>({ type: "rows", batch });
    };
    for await (const d of sheet.data) {
      const p = problems.length > sent ? unsent() : undefined;
      rows.push(p ? { d, p } : { d });
      if (rows.length >= BATCH_ROWS || performance.now() - since > BATCH_MS) {
        side.at({ unit: "row", index: d.row });
        if (!(await send())) return end(true);
      }
    }
    if (rows.length > 0 && !(await send())) return end(true);
    return end(false);
  });
  return r.ok ? r : { ...r, pending: unsent() };
}

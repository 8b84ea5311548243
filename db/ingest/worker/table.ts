import "server-only";
import { IngestError, type Problem } from "../problems";
import type { DataRow, SheetLayout, SheetStats } from "../sheet";
import type { Conversion } from "../text/convert";
import type { TableKind } from "../vocabulary";
import type { Question } from "./channel";
import { runAnalysisResult } from "./pool";
import type { TableBatch, TableEnd, TableInput } from "./tasks";

type Layout = Extract<TableBatch, { layout: SheetLayout }>;
type Rows = Extract<TableBatch, { rows: unknown }>;
type Mapping = { mapping: Record<string, string>; source: "remembered" | "user" } | null;

/** Batches read ahead by the worker and not yet handed on (the worker waits past this). */
const READ_AHEAD = 2;

/**
 * A table (CSV, XLSX) read in the analysis worker — decoded, its header found, its columns
 * mapped, its cells bounded and converted, as db/ingest/read-table.ts and ./sheet.ts do — and
 * its data rows handed on here as they come, in batches, with the problems found on the way in
 * the order the same reading in this thread would give them. `mappingFor` (the database's
 * remembered mapping) is asked from the worker. Call release() when done with it (also when the
 * rows were not all read): the worker then stops.
 */
export async function readTableInWorker(opts: {
  filePath: string;
  fileName: string;
  format: "csv" | "xlsx";
  sheet?: string;
  kind: TableKind;
  problems: Problem[];
  mappingFor?: (signature: string) => Promise<Mapping>;
}) {
  const queue: Rows[] = [];
  let reply: ((go: boolean) => void) | null = null;
  let wake: (() => void) | null = null;
  let stopped = false;
  let settled = false;
  let gotLayout!: (l: Layout) => void;
  const layoutArrived = new Promise<Layout>((resolve) => (gotLayout = resolve));
  const waitForTurn = () => new Promise<boolean>((resolve) => (reply = resolve));
  const answer = async (q: Question): Promise<unknown> => {
    if (q.type === "mapping") return (await opts.mappingFor?.(q.signature)) ?? null;
    if (stopped) return false;
    const batch = q.batch as TableBatch;
    if ("layout" in batch) {
      gotLayout(batch);
      return waitForTurn(); // until the rows are asked for
    }
    queue.push(batch);
    wake?.();
    return queue.length < READ_AHEAD ? true : waitForTurn();
  };
  /** Lets the waiting worker go on (true) or stop (false). */
  const answerWaiting = (go: boolean) => {
    const r = reply as ((go: boolean) => void) | null;
    reply = null;
    r?.(go);
  };
  const stop = () => {
    stopped = true;
    answerWaiting(false);
  };
  const input: TableInput = { filePath: opts.filePath, format: opts.format, sheet: opts.sheet, kind: opts.kind };
  const task = runAnalysisResult<TableEnd>("table", input, { fileName: opts.fileName, answer });
  const done = task.finally(() => {
    settled = true;
    wake?.();
  });
  done.catch(() => {});

  const first = await Promise.race([layoutArrived, done]);
  if (!("layout" in first)) {
    // The task ended before a layout: an error (the problems found before it come first).
    if (first.ok) throw new Error("the table task ended without a layout");
    opts.problems.push(...(first.pending ?? []));
    throw new IngestError(first.error.code, first.error.params, first.error.at);
  }
  opts.problems.push(...first.problems);
  const stats: SheetStats = { ...first.stats };
  const counts = { ...first.counts };
  let conversions: Conversion[] = first.conversions;
  let progress = first.progress;

  async function* data(): AsyncGenerator<DataRow> {
    try {
      answerWaiting(true);
      for (;;) {
        const b = queue.shift();
        if (!b) {
          if (settled) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (queue.length < READ_AHEAD) answerWaiting(true);
        Object.assign(stats, b.stats);
        Object.assign(counts, b.counts);
        progress = b.progress;
        for (const { d, p } of b.rows) {
          if (p) opts.problems.push(...p);
          yield d;
        }
      }
      const end = await done;
      if (!end.ok) {
        opts.problems.push(...(end.pending ?? []));
        throw new IngestError(end.error.code, end.error.params, end.error.at);
      }
      opts.problems.push(...end.value.problems);
      Object.assign(stats, end.value.stats);
      Object.assign(counts, end.value.counts);
      conversions = end.value.conversions;
      progress = end.value.progress;
    } finally {
      stop();
    }
  }

  return {
    layout: first.layout,
    encoding: first.encoding,
    data: data(),
    stats,
    counts,
    conversions: () => conversions,
    progress: () => progress,
    release: stop,
  };
}

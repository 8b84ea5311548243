import "server-only";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { ANALYSIS_MAX_HEAP_MB, ANALYSIS_TIME_LIMIT_MS } from "../limits";
import { IngestError } from "../problems";
import type { Question, TaskResult, Where } from "./channel";
import { runTask, type TaskName } from "./tasks";

/**
 * The CPU-heavy part of an import's analysis (parsing a file, repairing its polygons, the
 * coverage join, reading a table's cells) runs in a worker thread, so that the server's event
 * loop keeps answering other requests (bench/event-loop-stall.bench.ts). The worker is one ES
 * module built by scripts/build-workers.mjs at .workers/analysis.mjs (docs/DEVELOPING.md, "The
 * analysis worker"); a piscina pool runs it, one task per worker at a time, at most two workers.
 * The database stays on this thread: a task gets plain data in and gives plain data back.
 *
 * Every task is bounded: ANALYSIS_TIME_LIMIT_MS of the worker's own time (time spent waiting
 * for this thread's answers does not count) and ANALYSIS_MAX_HEAP_MB of heap; past either the
 * worker is terminated and the analysis fails with an IngestError naming the file (and the
 * feature, for a coverage file).
 */
export const WORKER_FILE = path.join(process.cwd(), ".workers", "analysis.mjs");

export interface AnalysisSettings {
  /** "worker" (the default) or "inline": the same tasks on this thread (the benchmark's baseline). */
  mode: "worker" | "inline";
  timeLimitMs: number;
  maxHeapMb: number;
}

// On globalThis: dev-mode module reloads must not start a second pool.
const g = globalThis as unknown as { __gapmapAnalysis?: { settings: AnalysisSettings; pool?: Piscina; heapMb?: number } };
const state = (g.__gapmapAnalysis ??= { settings: { mode: "worker", timeLimitMs: ANALYSIS_TIME_LIMIT_MS, maxHeapMb: ANALYSIS_MAX_HEAP_MB } });

/** Changes how analyses run (tests and benchmarks); returns the settings before. */
export function configureAnalysis(s: Partial<AnalysisSettings>): AnalysisSettings {
  const before = { ...state.settings };
  Object.assign(state.settings, s);
  return before;
}

/** Workers started so far by this process's pool (tests check that a task really ran in one). */
export function analysisWorkersStarted(): number {
  return started;
}
let started = 0;

function pool(): Piscina {
  const heapMb = state.settings.maxHeapMb;
  if (state.pool && state.heapMb !== heapMb) {
    void state.pool.destroy();
    state.pool = undefined;
  }
  if (!state.pool) {
    if (!existsSync(WORKER_FILE)) {
      throw new Error(`The analysis worker ${WORKER_FILE} is missing: build it with "node scripts/build-workers.mjs" (npm run dev and npm run build do).`);
    }
    state.heapMb = heapMb;
    state.pool = new Piscina({
      filename: pathToFileURL(WORKER_FILE).href,
      minThreads: 0,
      maxThreads: Math.max(1, Math.min(2, availableParallelism())),
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    state.pool.on("workerCreate", () => void started++);
    // A worker killed for its limits is replaced on the next task; the task itself has already failed.
    state.pool.on("error", () => {});
  }
  return state.pool;
}

type RunOptions = { fileName: string; answer?: (q: Question) => Promise<unknown> | unknown };

/**
 * Runs one analysis task (./tasks.ts) in the pool and returns its value; throws the task's
 * IngestError, or one for the limits. `answer` answers the worker's questions (./channel.ts).
 */
export async function runAnalysis<T>(task: TaskName, input: unknown, opts: RunOptions): Promise<T> {
  const result = await runAnalysisResult<T>(task, input, opts);
  if (!result.ok) throw new IngestError(result.error.code, result.error.params, result.error.at);
  return result.value;
}

/** runAnalysis, with the task's IngestError (and the problems found before it) as data. */
export async function runAnalysisResult<T>(task: TaskName, input: unknown, { fileName, answer }: RunOptions): Promise<TaskResult<T>> {
  const { port1, port2 } = new MessageChannel();
  const settings = { ...state.settings };
  const abort = new AbortController();
  // The time limit counts the worker's own time: the clock stops while it waits for an answer.
  let budget = settings.timeLimitMs;
  let since = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timed = settings.mode === "worker";
  const run = () => {
    if (!timed) return;
    since = performance.now();
    timer = setTimeout(() => abort.abort(), budget);
  };
  const pause = () => {
    if (!timed) return;
    clearTimeout(timer);
    budget -= performance.now() - since;
  };
  let where: Where | null = null;
  port1.on("message", async (m: { type: "at"; where: Where } | { type: "ask"; id: number; question: Question }) => {
    if (m.type === "at") {
      where = m.where;
      return;
    }
    pause();
    let value: unknown;
    try {
      value = await answer?.(m.question);
    } catch {
      value = null;
    }
    if (abort.signal.aborted) return;
    run();
    port1.postMessage({ id: m.id, value });
  });
  let result: TaskResult<T>;
  try {
    if (settings.mode === "inline") result = (await runTask(task, input, port2)) as TaskResult<T>;
    else {
      run();
      result = (await pool().run({ task, input, port: port2 }, { transferList: [port2], signal: abort.signal })) as TaskResult<T>;
    }
  } catch (err) {
    const file = fileName;
    const at = where as Where | null; // set by the port's messages
    if (abort.signal.aborted) {
      const seconds = Math.round(settings.timeLimitMs / 1000);
      if (at?.unit === "feature") throw new IngestError("featureTooComplex", { file, seconds }, { row: at.index, column: "geometry" });
      throw new IngestError("analysisTimeout", { file, seconds }, { row: at?.unit === "row" ? at.index : null });
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === "ERR_WORKER_OUT_OF_MEMORY" || /memory limit/i.test(String(e?.message))) {
      throw new IngestError("analysisMemory", { file, mb: settings.maxHeapMb }, { row: at && at.unit !== "file" ? at.index : null });
    }
    throw err;
  } finally {
    clearTimeout(timer);
    port1.close();
  }
  return result;
}

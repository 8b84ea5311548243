import "server-only";
import type { MessagePort } from "node:worker_threads";
import { runTask, type TaskName } from "./tasks";

/**
 * The analysis worker's entry (bundled by scripts/build-workers.mjs into .workers/analysis.mjs and
 * run by the piscina pool of ./pool.ts): one task per call, its port for questions and progress.
 */
export default function analysisTask({ task, input, port }: { task: TaskName; input: unknown; port: MessagePort }) {
  return runTask(task, input, port);
}

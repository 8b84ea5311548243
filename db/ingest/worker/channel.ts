import type { MessagePort } from "node:worker_threads";
import { IngestError, type Problem, type ProblemCode } from "../problems";

/**
 * The two ends of a task's message port: the worker tells where it is (`at`: a feature index, a
 * row) and asks the main thread questions it alone can answer (a remembered column mapping, "more
 * rows?"); the main thread answers each ask by its id.
 */
export interface WorkerSide {
  /** Where the analysis is now, for the message when it runs out of time or memory ("file": past the features or rows). */
  at(where: Where): void;
  ask<T>(question: Question): Promise<T>;
}

export type Where = { unit: "feature" | "row"; index: number } | { unit: "file" };

export type Question = { type: "mapping"; signature: string } | { type: "rows"; batch: unknown };

/** What a task sends back: its value, or the IngestError it stopped with (an Error's own fields do not cross threads). */
export type TaskResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: { code: ProblemCode; params: Record<string, string | number>; at: IngestError["at"] };
      /** Problems found before the error (they come before it in the preview). */
      pending?: Problem[];
    };

export function workerSide(port: MessagePort): WorkerSide {
  let next = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  port.on("message", (m: { id: number; value: unknown }) => {
    waiting.get(m.id)?.(m.value);
    waiting.delete(m.id);
  });
  return {
    at: (where) => port.postMessage({ type: "at", where }),
    ask: <T>(question: Question) =>
      new Promise<T>((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (v: unknown) => void);
        port.postMessage({ type: "ask", id, question });
      }),
  };
}

/** Runs a task body, turning an IngestError into data. */
export async function settle<T>(body: () => Promise<T>): Promise<TaskResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, error: { code: err.code, params: err.params, at: err.at } };
    throw err;
  }
}

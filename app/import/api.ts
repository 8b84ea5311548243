import type { Preview } from "@/db/ingest/types";
import type { Busy, CommitAnswer, Failure } from "./state";

/**
 * The import page's calls to /api/import/*: upload, dry run, commit (both jobs polled until done)
 * and undo. Every answer goes through `call`, so a refusal always arrives as an ApiError with the
 * server's message (and its problem code when it gave one), whatever went wrong.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Any error from these calls as the state keeps it: the step, the message, and the problem code if the server gave one. */
export function failureOf(step: Failure["step"], err: unknown): Failure {
  if (err instanceof ApiError) return { step, message: err.message, ...(err.code ? { code: err.code, params: err.params ?? {} } : {}) };
  return { step, message: err instanceof Error ? err.message : String(err) };
}

type Answer = { error?: string; code?: string; params?: Record<string, string | number> };

/** How often a running job is asked for its progress. */
const POLL_MS = 300;

/** Sends a file; answers its upload id. */
export async function upload(file: File): Promise<string> {
  const out = await call<{ uploadId?: string }>(`/api/import/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
  if (!out.uploadId) throw new ApiError("no upload id");
  return out.uploadId;
}

/** Runs the dry run of an upload; `onProgress` hears each phase. */
export async function dryRun(body: unknown, onProgress: (b: Busy) => void): Promise<Preview> {
  return (await runJob("/api/import/analyse", body, onProgress)) as Preview;
}

/** Commits an upload (the server runs the dry run again first and may refuse). */
export async function commit(body: unknown, onProgress: (b: Busy) => void): Promise<CommitAnswer> {
  return (await runJob("/api/import/commit", body, onProgress)) as CommitAnswer;
}

export type UndoAnswer = { status: "undone"; restored: number } | { status: "conflict"; rows: number; laterImports: number[] } | { status: "failed" };

/** Undoes an import; a conflict (a later import changed the same rows) is an answer, and so is any failure. */
export async function undo(body: { importId: number; unit: string; structure: string }): Promise<UndoAnswer> {
  const res = await send("/api/import/undo", postJson(body)).catch(() => null);
  if (!res) return { status: "failed" };
  const out = (await readJson(res)) as { status?: string; restored?: number; rows?: number; laterImports?: number[] };
  if (out.status === "undone") return { status: "undone", restored: out.restored ?? 0 };
  if (out.status === "conflict") return { status: "conflict", rows: out.rows ?? 0, laterImports: out.laterImports ?? [] };
  return { status: "failed" };
}

type Job = { status: "queued" | "running" | "done" | "failed"; phase: string; done: number; total: number; result: unknown; error: string | null };

async function runJob(url: string, body: unknown, onProgress: (b: Busy) => void): Promise<unknown> {
  const { jobId } = await call<{ jobId?: string }>(url, postJson(body));
  if (!jobId) throw new ApiError("no job id");
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const job = await call<Job>(`/api/import/jobs/${jobId}`);
    onProgress({ phase: job.phase, done: job.done, total: job.total });
    if (job.status === "done") return job.result;
    if (job.status === "failed") throw new ApiError(job.error ?? "failed");
  }
}

/** The one place a request can fail: no answer, an answer that is not JSON, or a 4xx/5xx. */
async function call<T>(url: string, init?: RequestInit): Promise<T & Answer> {
  const res = await send(url, init);
  const json = (await readJson(res)) as T & Answer;
  if (!res.ok) throw new ApiError(json.error ?? `HTTP ${res.status}`, json.code, json.params);
  return json;
}

async function send(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new ApiError((err as Error).message);
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return {};
  }
}

function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

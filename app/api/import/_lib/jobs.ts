import "server-only";
import { log } from "@/server/log";
import { onShutdown } from "@/server/shutdown";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { getDb, getDbDriver, type Db } from "@/db";
import { commitImport, dryRun } from "@/db/ingest/run";
import { CommitRefused, type ImportRequest, type Progress } from "@/db/ingest/types";
import type { Actor } from "@/db/queries/audit";
import {
  claimNextJob,
  failJob,
  failStaleJobs,
  finishJob,
  insertJob,
  jobById,
  reportProgress,
  requeueJob,
  type JobError,
  type JobKind,
  type JobRow,
  type JobStatus,
} from "@/db/queries/jobs";
import { getUpload } from "./uploads";

/**
 * Long imports run as jobs. The request that starts one queues it in the database (import_jobs)
 * and answers at once with its id; a runner in every server process claims queued jobs (FOR UPDATE
 * SKIP LOCKED: one runner per job, none waits for another), runs at most IMPORT_JOB_CONCURRENCY at
 * a time (default 1), writes progress to the row (every 300 ms at most) and heartbeats; the page
 * polls GET /api/import/jobs/<id>, which any process answers from the database (the process running
 * the job answers from memory: on PGlite a commit's transaction holds the database).
 *
 * - The process that queues a job kicks its own runner at once; on PostgreSQL every runner also
 *   looks for queued jobs every 500 ms (and runs from instrumentation.ts, so idle processes help).
 * - A running job whose heartbeat is older than IMPORT_JOB_STALE_SECONDS (default 30) is marked
 *   failed by any other runner (and by any process that reads it): its process stopped; a commit's
 *   transaction died with its connection, so nothing of it remains. POST /api/import/jobs/<id>/retry
 *   queues it again.
 * - A commit marks its job done inside its own transaction: the import and "done" commit together,
 *   and a commit whose job was meanwhile marked failed rolls back.
 * - stopRunner({ graceMs }) is for a graceful shutdown (the shutdown registry calls it).
 */

/** What a job's row keeps of its request: the file by upload id (each process finds it in its storage directory). */
interface StoredRequest {
  uploadId: string;
  req: Omit<ImportRequest, "filePath">;
  actor: Actor;
}

export interface JobView {
  id: string;
  status: JobStatus;
  phase: string;
  done: number;
  total: number;
  result: unknown;
  /** What went wrong and where, for a person (null unless failed). */
  error: string | null;
  /** "stopped" | "shutdown" | "upload" | "internal" (null unless failed). */
  errorCode: string | null;
  attempts: number;
}

interface LocalJob {
  id: string;
  owner: string;
  kind: JobKind;
  phase: string;
  done: number;
  total: number;
  attempts: number;
  promise: Promise<void>;
}

interface RunnerState {
  /** host:pid:random — the claimed_by of the jobs this runner claims. */
  id: string;
  db: Db;
  stopping: boolean;
  running: Map<string, LocalJob>;
  timer: NodeJS.Timeout | null;
  ticking: boolean;
  again: boolean;
  lastSweep: number;
  pollMs: number;
}

const g = globalThis as unknown as { __gapmapJobRunner?: RunnerState };

const PROGRESS_MS = 300;

function numberEnv(name: string, fallback: number, min: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= min ? v : fallback;
}
const concurrency = () => Math.floor(numberEnv("IMPORT_JOB_CONCURRENCY", 1, 1));
const staleSeconds = () => Math.floor(numberEnv("IMPORT_JOB_STALE_SECONDS", 30, 2));
const heartbeatMs = () => Math.min(10_000, Math.max(500, (staleSeconds() * 1000) / 3));

/**
 * Starts this process's runner if it is not running (idempotent): polls every 500 ms on
 * PostgreSQL; on PGlite (one process) it is kicked when a job is queued and looks every 5 s for
 * jobs left by a previous life of the process.
 */
export async function ensureRunner(db: Db): Promise<void> {
  if (g.__gapmapJobRunner) return;
  const pollMs = (await getDbDriver()) === "postgres" ? 500 : 5000;
  if (g.__gapmapJobRunner) return;
  g.__gapmapJobRunner = {
    id: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
    db,
    stopping: false,
    running: new Map(),
    timer: null,
    ticking: false,
    again: false,
    lastSweep: 0,
    pollMs,
  };
  // SIGTERM: stop claiming, give running jobs until 1 s before the deadline, then fail them (retryable).
  onShutdown("import jobs", (ctx) => stopRunner({ graceMs: Math.max(0, ctx.remainingMs() - 1_000) }));
  kick();
}

/**
 * Starts the runner at server start (instrumentation.ts, on PostgreSQL: idle processes take queued
 * jobs too); a database not reachable yet is logged, and the first import request starts it.
 */
export async function startRunnerAtBoot(): Promise<void> {
  try {
    await ensureRunner(await getDb());
  } catch (err) {
    log.error("import jobs: the runner did not start (it starts with the first import request)", { err });
  }
}

/** Looks for work now (after a job is queued or one ends). */
function kick(): void {
  const s = g.__gapmapJobRunner;
  if (!s || s.stopping) return;
  if (s.ticking) {
    s.again = true;
    return;
  }
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  void tick(s);
}

async function tick(s: RunnerState): Promise<void> {
  s.ticking = true;
  try {
    do {
      s.again = false;
      if (Date.now() - s.lastSweep >= heartbeatMs()) {
        s.lastSweep = Date.now();
        await sweepStale(s);
      }
      while (!s.stopping && s.running.size < concurrency()) {
        const row = await claimNextJob({ db: s.db, runner: s.id });
        if (!row) break;
        start(s, row);
      }
    } while (s.again && !s.stopping);
  } catch (err) {
    log.error("import jobs: the runner could not look for jobs", { err });
  } finally {
    s.ticking = false;
    if (!s.stopping && g.__gapmapJobRunner === s) {
      s.timer = setTimeout(() => kick(), s.pollMs);
      s.timer.unref();
    }
  }
}

function staleError(): JobError {
  const sec = staleSeconds();
  return {
    code: "stopped",
    message: `Tiến trình máy chủ chạy việc này đã dừng (không có tín hiệu quá ${sec} giây); không có gì của nó được ghi. Hãy thử lại. / The server process running this job stopped (no heartbeat for over ${sec} s); nothing of it was written. Retry it.`,
  };
}

async function sweepStale(s: RunnerState): Promise<void> {
  const ids = await failStaleJobs({ db: s.db, runner: s.id, staleSeconds: staleSeconds(), error: staleError() });
  if (ids.length > 0) log.warn("import jobs: marked failed (their process stopped)", { jobIds: ids });
}

/** Strips what jsonb cannot hold (the NUL character) from a value on its way to the database. */
function jsonSafe<T>(value: T): T {
  const text = JSON.stringify(value);
  return text === undefined ? value : (JSON.parse(text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd")) as T);
}

function start(s: RunnerState, row: JobRow): void {
  const local: LocalJob = {
    id: row.id,
    owner: row.owner,
    kind: row.kind,
    phase: "read",
    done: 0,
    total: 0,
    attempts: row.attempts,
    promise: Promise.resolve(),
  };
  let inFlight = false;
  let last = 0;
  // Never awaited by the import (it awaits its progress callback): on PGlite a write outside the
  // commit's transaction waits for it to end.
  const flush = () => {
    if (inFlight) return;
    inFlight = true;
    last = Date.now();
    reportProgress({ db: s.db, id: row.id, runner: s.id, phase: local.phase, done: local.done, total: local.total })
      .catch((err: unknown) => log.error("import jobs: could not write progress", { jobId: row.id, err }))
      .finally(() => {
        inFlight = false;
      });
  };
  const onProgress: Progress = (p) => {
    local.phase = p.phase;
    local.done = p.done;
    local.total = p.total;
    if (Date.now() - last >= PROGRESS_MS) flush();
  };
  const heartbeat = setInterval(flush, heartbeatMs());
  heartbeat.unref();
  local.promise = runJob(s, row, local, onProgress).finally(() => {
    clearInterval(heartbeat);
    s.running.delete(row.id);
    kick();
  });
  s.running.set(row.id, local);
}

class JobFailure extends Error {
  constructor(readonly error: JobError) {
    super(error.message);
  }
}
class JobLost extends Error {}

const KIND_LABEL: Record<JobKind, string> = { dryRun: "chạy thử / dry run", commit: "ghi dữ liệu / commit" };

async function runJob(s: RunnerState, row: JobRow, local: LocalJob, onProgress: Progress): Promise<void> {
  const db = s.db;
  const stored = row.request as unknown as StoredRequest;
  const done = async (result: unknown, on: Db = db) => {
    if (!(await finishJob({ db: on, id: row.id, runner: s.id, result: jsonSafe(result) }))) throw new JobLost();
  };
  try {
    const upload = await getUpload(db, stored.uploadId, row.owner);
    if (!upload || !existsSync(upload.path)) {
      throw new JobFailure({
        code: "upload",
        message: upload
          ? `Không tìm thấy tệp tải lên ${upload.fileName} trong thư mục lưu trữ của máy chủ này; hãy tải lại tệp. / The uploaded file ${upload.fileName} is not in this server's storage directory (IMPORT_UPLOAD_DIR; several hosts need one shared volume): upload the file again.`
          : `Tệp tải lên ${stored.uploadId} không còn (tệp được giữ một ngày); hãy tải lại tệp. / Upload ${stored.uploadId} is gone (uploads are kept for a day): upload the file again.`,
      });
    }
    const req: ImportRequest = { ...stored.req, filePath: upload.path };
    if (row.kind === "dryRun") {
      await done(await dryRun({ db, req, onProgress }));
      return;
    }
    try {
      await commitImport({ db, req, actor: stored.actor, onProgress, beforeCommit: (tx, result) => done(result, tx) });
    } catch (err) {
      if (!(err instanceof CommitRefused)) throw err;
      await done({ status: "refused", preview: err.preview });
    }
  } catch (err) {
    if (err instanceof JobLost) {
      log.warn("import jobs: the job was no longer this runner's (marked failed meanwhile): its result was not kept", { jobId: row.id });
      return;
    }
    if (!(err instanceof JobFailure)) log.error("import jobs: the job failed", { jobId: row.id, kind: row.kind, phase: local.phase, err });
    const error: JobError =
      err instanceof JobFailure
        ? err.error
        : {
            code: "internal",
            phase: local.phase,
            message: `Lỗi máy chủ khi ${KIND_LABEL[row.kind].split(" / ")[0]} tệp ${stored.req.fileName} (bước ${local.phase}, ${local.done}/${local.total}); không có gì được ghi. / Server error during the ${KIND_LABEL[row.kind].split(" / ")[1]} of ${stored.req.fileName} (phase ${local.phase}, ${local.done}/${local.total}); nothing was written: ${String((err as Error)?.message ?? err).slice(0, 300)}`,
          };
    await failJob({ db, id: row.id, runner: s.id, error: jsonSafe(error) }).catch((e: unknown) =>
      log.error("import jobs: could not mark the job failed", { jobId: row.id, err: e }),
    );
  }
}

/** Queues a job and kicks this process's runner; answers its id. */
export async function enqueueJob({
  db,
  owner,
  kind,
  uploadId,
  req,
  actor,
}: {
  db: Db;
  owner: string;
  kind: JobKind;
  uploadId: string;
  req: ImportRequest;
  actor: Actor;
}): Promise<string> {
  const { filePath: _path, ...rest } = req;
  const id = randomUUID();
  const request: StoredRequest = { uploadId, req: rest, actor };
  await insertJob({ db, id, owner, kind, request: jsonSafe(request) as unknown as Record<string, unknown> });
  await ensureRunner(db);
  kick();
  return id;
}

/** A job by id as the page polls it — null when there is none or someone else started it. */
export async function readJob(db: Db, id: string, owner: string): Promise<JobView | null> {
  await ensureRunner(db);
  const local = g.__gapmapJobRunner?.running.get(id);
  if (local) {
    if (local.owner !== owner) return null;
    return {
      id,
      status: "running",
      phase: local.phase,
      done: local.done,
      total: local.total,
      result: null,
      error: null,
      errorCode: null,
      attempts: local.attempts,
    };
  }
  let row = await jobById({ db, id, owner });
  if (row?.status === "running" && row.heartbeatAt && Date.now() - row.heartbeatAt.getTime() > staleSeconds() * 1000) {
    const s = g.__gapmapJobRunner;
    if (s) await sweepStale(s);
    row = await jobById({ db, id, owner });
  }
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    result: row.status === "done" ? row.result : null,
    error: row.status === "failed" ? (row.error?.message ?? "failed") : null,
    errorCode: row.status === "failed" ? (row.error?.code ?? null) : null,
    attempts: row.attempts,
  };
}

/** Queues a failed job of `owner` again and kicks the runner. */
export async function retryJob(db: Db, id: string, owner: string): Promise<"queued" | "notFound" | "notFailed"> {
  const out = await requeueJob({ db, id, owner });
  if (out === "queued") {
    await ensureRunner(db);
    kick();
  }
  return out;
}

/**
 * Graceful shutdown: stops claiming jobs, waits up to `graceMs` for the running ones, then marks
 * those still running failed ("the server was shut down"; a commit's transaction is then rolled
 * back when it tries to finish, or dies with the process). A job queued after this starts a new runner.
 */
export async function stopRunner({ graceMs = 10_000 }: { graceMs?: number } = {}): Promise<void> {
  const s = g.__gapmapJobRunner;
  if (!s) return;
  s.stopping = true;
  if (s.timer) clearTimeout(s.timer);
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<void>((r) => setTimeout(r, ms).unref())]);
  await within(Promise.allSettled([...s.running.values()].map((j) => j.promise)), graceMs);
  const left = [...s.running.values()];
  const error: JobError = {
    code: "shutdown",
    message:
      "Máy chủ đã tắt khi việc này đang chạy; không có gì của nó được ghi. Hãy thử lại. / The server was shut down while this job ran; nothing of it was written. Retry it.",
  };
  // On PGlite a commit's transaction holds the database: do not wait for it past the grace (the next start marks it failed).
  await within(Promise.allSettled(left.map((j) => failJob({ db: s.db, id: j.id, runner: s.id, error }))), 2000);
  if (g.__gapmapJobRunner === s) g.__gapmapJobRunner = undefined;
}

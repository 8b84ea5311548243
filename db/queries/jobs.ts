import "server-only";
import { and, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { importJobs } from "../schema";

export type JobKind = "dryRun" | "commit";
export type JobStatus = "queued" | "running" | "done" | "failed";
export interface JobError {
  /** "stopped" (its process died), "shutdown", "upload" (the file is gone), "internal" (an error of the server, with what and where in `message`). */
  code: string;
  message: string;
  phase?: string;
}
export type JobRow = typeof importJobs.$inferSelect;

/** Queues a job (the runner of any process may claim it). */
export async function insertJob({
  db,
  id,
  owner,
  kind,
  request,
}: {
  db: Db;
  id: string;
  owner: string;
  kind: JobKind;
  request: Record<string, unknown>;
}): Promise<void> {
  await db.insert(importJobs).values({ id, owner, kind, request, status: "queued" });
}

/**
 * Claims the oldest queued job for `runner` (host:pid:random): one UPDATE whose subquery locks the
 * row with FOR UPDATE SKIP LOCKED, so two runners never claim the same job and neither waits for
 * the other. Null when nothing is queued.
 */
export async function claimNextJob({ db, runner }: { db: Db; runner: string }): Promise<JobRow | null> {
  const rows = await db
    .update(importJobs)
    .set({
      status: "running",
      claimedBy: runner,
      heartbeatAt: sql`now()`,
      startedAt: sql`now()`,
      attempts: sql`${importJobs.attempts} + 1`,
      phase: "read",
      done: 0,
      total: 0,
    })
    .where(eq(importJobs.id, sql`(select id from import_jobs where status = 'queued' order by created_at, id limit 1 for update skip locked)`))
    .returning();
  return rows[0] ?? null;
}

/** A job by id — null when there is none or someone else started it (the same answer: a job id cannot be probed). */
export async function jobById({ db, id, owner }: { db: Db; id: string; owner: string }): Promise<JobRow | null> {
  const rows = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.owner, owner)))
    .limit(1);
  return rows[0] ?? null;
}

const mine = (id: string, runner: string) => and(eq(importJobs.id, id), eq(importJobs.claimedBy, runner), eq(importJobs.status, "running"));

/** Progress and heartbeat of a job `runner` is running (nothing when it is no longer its own, or no longer running). */
export async function reportProgress({
  db,
  id,
  runner,
  phase,
  done,
  total,
}: {
  db: Db;
  id: string;
  runner: string;
  phase: string;
  done: number;
  total: number;
}): Promise<void> {
  await db.update(importJobs).set({ phase, done, total, heartbeatAt: sql`now()` }).where(mine(id, runner));
}

/** Marks a job `runner` runs as done with its result; false when it was no longer its own running job (then nothing changed). */
export async function finishJob({ db, id, runner, result }: { db: Db; id: string; runner: string; result: unknown }): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set({ status: "done", result, error: null, finishedAt: sql`now()`, heartbeatAt: sql`now()` })
    .where(mine(id, runner))
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

/** Marks a job `runner` runs as failed; false when it was no longer its own running job. */
export async function failJob({ db, id, runner, error }: { db: Db; id: string; runner: string; error: JobError }): Promise<boolean> {
  const rows = await db.update(importJobs).set({ status: "failed", error, finishedAt: sql`now()` }).where(mine(id, runner)).returning({ id: importJobs.id });
  return rows.length === 1;
}

/**
 * Marks as failed every running job whose heartbeat is older than `staleSeconds` and that is not
 * `runner`'s own: its process stopped (a commit's transaction died with its connection, so nothing
 * of it remains). Answers their ids.
 */
export async function failStaleJobs({ db, runner, staleSeconds, error }: { db: Db; runner: string; staleSeconds: number; error: JobError }): Promise<string[]> {
  const rows = await db
    .update(importJobs)
    .set({ status: "failed", error, finishedAt: sql`now()` })
    .where(
      and(
        eq(importJobs.status, "running"),
        or(ne(importJobs.claimedBy, runner), sql`${importJobs.claimedBy} is null`),
        lt(importJobs.heartbeatAt, sql`now() - ${staleSeconds}::int * interval '1 second'`),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.map((r) => r.id);
}

/** Queues a failed job of `owner` again (a new attempt): "notFound" for none (or someone else's), "notFailed" for one queued, running or done. */
export async function requeueJob({ db, id, owner }: { db: Db; id: string; owner: string }): Promise<"queued" | "notFound" | "notFailed"> {
  const rows = await db
    .update(importJobs)
    .set({
      status: "queued",
      phase: "read",
      done: 0,
      total: 0,
      result: null,
      error: null,
      claimedBy: null,
      heartbeatAt: null,
      startedAt: null,
      finishedAt: null,
    })
    .where(and(eq(importJobs.id, id), eq(importJobs.owner, owner), eq(importJobs.status, "failed")))
    .returning({ id: importJobs.id });
  if (rows.length === 1) return "queued";
  return (await jobById({ db, id, owner })) ? "notFailed" : "notFound";
}

/** Forgets finished jobs (done or failed) older than `before`. */
export async function forgetJobsBefore({ db, before }: { db: Db; before: Date }): Promise<number> {
  const rows = await db
    .delete(importJobs)
    .where(and(inArray(importJobs.status, ["done", "failed"]), lt(importJobs.createdAt, before)))
    .returning({ id: importJobs.id });
  return rows.length;
}

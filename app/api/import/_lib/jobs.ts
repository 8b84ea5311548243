import "server-only";
import { randomUUID } from "node:crypto";

/**
 * Long imports run as jobs: the request that starts one answers at once with its id, the page polls
 * GET /api/import/jobs/<id> for progress and the result. The work itself is async (streamed reading,
 * chunked writes), so the server keeps answering other requests meanwhile. Jobs live in this
 * process's memory for an hour (kept on globalThis to survive dev-mode reloads).
 */
export interface Job {
  id: string;
  status: "running" | "done" | "failed";
  phase: string;
  done: number;
  total: number;
  result: unknown;
  error: string | null;
  startedAt: number;
  /** The user who started it: only they see it. */
  owner: string;
}

const g = globalThis as unknown as { __gapmapJobs?: Map<string, Job> };
const jobs = (g.__gapmapJobs ??= new Map());
const TTL_MS = 3600 * 1000;

export function startJob(work: (progress: (p: { phase: string; done: number; total: number }) => void) => Promise<unknown>, owner: string): Job {
  for (const [id, j] of jobs) if (Date.now() - j.startedAt > TTL_MS) jobs.delete(id);
  const job: Job = { id: randomUUID(), status: "running", phase: "read", done: 0, total: 0, result: null, error: null, startedAt: Date.now(), owner };
  jobs.set(job.id, job);
  void work((p) => Object.assign(job, p)).then(
    (result) => Object.assign(job, { status: "done", result }),
    (err: unknown) => {
      console.error("[import job]", err);
      Object.assign(job, { status: "failed", error: "internal" });
    },
  );
  return job;
}

/** A job by id — null when there is none or someone else started it (the same answer: a job id cannot be probed). */
export function getJob(id: string, owner: string): Job | null {
  const job = jobs.get(id);
  return job && job.owner === owner ? job : null;
}

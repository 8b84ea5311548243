// The import job queue's queries (db/queries/jobs.ts) on both drivers: concurrent claims never take
// the same job (FOR UPDATE SKIP LOCKED), only the claiming runner finishes a job, a stale running
// job is failed by another runner (never by its own), and a failed job is queued again for a new attempt.
// On PostgreSQL: a database of this file's own, migrated (the job tables are written to for real).
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDb, type OpenDb } from "../../db/client";
import { claimNextJob, failJob, failStaleJobs, finishJob, insertJob, jobById, reportProgress, requeueJob } from "../../db/queries/jobs";
import { copySeededPglite, drivers } from "../support/seeded-db";

describe.each(drivers())("the import job queue on %s", (driver) => {
  let o: OpenDb;
  let cleanup: () => Promise<void>;
  const owner = "jobs-test-user";
  beforeAll(async () => {
    if (driver === "pglite") {
      const dir = copySeededPglite(inject("seededPgliteDir"));
      o = await openDb({ pgliteDir: dir, migrate: false });
      cleanup = async () => {
        await o.close();
        rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const name = `gapmap_jobs_${process.pid}_${Date.now().toString(36)}`;
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      o = await openDb({ url: url.toString(), migrate: true });
      cleanup = async () => {
        await o.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    }
    await o.db.execute(sql`insert into users (id, name, email, role) values (${owner}, 'Jobs test', 'jobs-test@example.org', 'administrator')`);
  }, 120_000);
  afterAll(async () => {
    await cleanup?.();
  });

  const queue = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      await insertJob({ db: o.db, id, owner, kind: "dryRun", request: { n: i } });
      ids.push(id);
    }
    return ids;
  };

  it("concurrent claims take different jobs, oldest first, and none when the queue is empty", async () => {
    const ids = await queue(3);
    const claims = await Promise.all(["r1", "r2", "r3", "r4"].map((runner) => claimNextJob({ db: o.db, runner })));
    const taken = claims.filter((c) => c !== null);
    expect(taken).toHaveLength(3);
    expect(new Set(taken.map((c) => c.id))).toEqual(new Set(ids));
    expect(new Set(taken.map((c) => c.claimedBy)).size).toBe(3);
    for (const c of taken) expect(c).toMatchObject({ status: "running", attempts: 1 });
    expect(await claimNextJob({ db: o.db, runner: "r5" })).toBeNull();
    for (const c of taken) expect(await finishJob({ db: o.db, id: c.id, runner: c.claimedBy!, result: { ok: c.id } })).toBe(true);
  });

  it("only the claiming runner reports progress or finishes; then its result is kept", async () => {
    const [id] = await queue(1);
    const job = (await claimNextJob({ db: o.db, runner: "mine" }))!;
    expect(job.id).toBe(id);
    await reportProgress({ db: o.db, id: id!, runner: "other", phase: "write", done: 9, total: 9 });
    expect(await finishJob({ db: o.db, id: id!, runner: "other", result: 1 })).toBe(false);
    await reportProgress({ db: o.db, id: id!, runner: "mine", phase: "compare", done: 3, total: 7 });
    expect(await jobById({ db: o.db, id: id!, owner })).toMatchObject({ status: "running", phase: "compare", done: 3, total: 7 });
    expect(await finishJob({ db: o.db, id: id!, runner: "mine", result: { rows: [1, 2] } })).toBe(true);
    expect(await jobById({ db: o.db, id: id!, owner })).toMatchObject({ status: "done", result: { rows: [1, 2] } });
    expect(await jobById({ db: o.db, id: id!, owner: "someone-else" })).toBeNull();
    expect(await requeueJob({ db: o.db, id: id!, owner })).toBe("notFailed");
    expect(await requeueJob({ db: o.db, id: id!, owner: "someone-else" })).toBe("notFound");
  });

  it("a stale running job is failed by another runner, not by its own; requeued, it is claimed again as a new attempt", async () => {
    const [id] = await queue(1);
    await claimNextJob({ db: o.db, runner: "dead" });
    await o.db.execute(sql`update import_jobs set heartbeat_at = now() - interval '40 seconds' where id = ${id!}`);
    const error = { code: "stopped", message: "stopped" };
    expect(await failStaleJobs({ db: o.db, runner: "dead", staleSeconds: 30, error })).toEqual([]);
    expect(await failStaleJobs({ db: o.db, runner: "alive", staleSeconds: 60, error })).toEqual([]);
    expect(await failStaleJobs({ db: o.db, runner: "alive", staleSeconds: 30, error })).toEqual([id]);
    expect(await jobById({ db: o.db, id: id!, owner })).toMatchObject({ status: "failed", error });
    // The dead runner's late result is not kept.
    expect(await finishJob({ db: o.db, id: id!, runner: "dead", result: 1 })).toBe(false);
    expect(await failJob({ db: o.db, id: id!, runner: "dead", error })).toBe(false);
    expect(await requeueJob({ db: o.db, id: id!, owner })).toBe("queued");
    expect(await jobById({ db: o.db, id: id!, owner })).toMatchObject({ status: "queued", error: null, claimedBy: null });
    const again = (await claimNextJob({ db: o.db, runner: "alive" }))!;
    expect(again).toMatchObject({ id, status: "running", attempts: 2, claimedBy: "alive" });
  });
});

// The import route handlers called directly, on a private copy of the seeded PGlite database:
// bodies and queries parsed first (400 saying where), the size limit, and a dry run → commit → undo
// through the job endpoint.
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoSessionCookie, withSession } from "../support/session";
import { DEMO_ACCOUNTS } from "../../db/demo/accounts";
import type { OpenDb } from "../../db/client";
import type { Preview } from "../../db/ingest/types";
import { copySeededPglite } from "../support/seeded-db";
import { FIXTURES } from "../support/import-helpers";

type Handler = (request: Request, ctx?: { params: Promise<{ id: string }> }) => Promise<Response>;
const h: Record<string, Handler> = {};
let dir: string;
let uploads: string;
const savedEnv = { PGLITE_DIR: process.env.PGLITE_DIR, DATABASE_URL: process.env.DATABASE_URL, IMPORT_UPLOAD_DIR: process.env.IMPORT_UPLOAD_DIR };

beforeAll(async () => {
  dir = copySeededPglite(inject("seededPgliteDir"));
  uploads = mkdtempSync(path.join(tmpdir(), "gapmap-uploads-"));
  process.env.PGLITE_DIR = dir;
  process.env.IMPORT_UPLOAD_DIR = uploads;
  delete process.env.DATABASE_URL;
  // The upload route checks the session itself (proxy.ts does not see it): sign in as the demo planner.
  const cookie = await demoSessionCookie("planner"); // the demo planner of Điện Biên (p-11)
  h.upload = withSession((await import("@/app/api/import/upload/route")).POST, cookie);
  h.analyse = withSession((await import("@/app/api/import/analyse/route")).POST, cookie);
  h.commit = withSession((await import("@/app/api/import/commit/route")).POST, cookie);
  h.job = withSession((await import("@/app/api/import/jobs/[id]/route")).GET as Handler, cookie);
  h.retry = withSession((await import("@/app/api/import/jobs/[id]/retry/route")).POST as Handler, cookie);
  h.jobAsTelecom = withSession((await import("@/app/api/import/jobs/[id]/route")).GET as Handler, await demoSessionCookie("telecom"));
  h.undo = withSession((await import("@/app/api/import/undo/route")).POST, cookie);
  h.history = withSession((await import("@/app/api/import/history/route")).GET, cookie);
  h.export = withSession((await import("@/app/api/import/export/route")).GET, cookie);
});

afterAll(async () => {
  await (await import("@/app/api/import/_lib/jobs")).stopRunner({ graceMs: 5000 });
  const g = globalThis as unknown as { __gapmapDb?: Promise<OpenDb> };
  await (await g.__gapmapDb?.catch(() => undefined))?.close();
  g.__gapmapDb = undefined;
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  rmSync(dir, { recursive: true, force: true });
  rmSync(uploads, { recursive: true, force: true });
});

const post = (handler: string, body: unknown, url = "http://x/api") =>
  h[handler]!(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
async function upload(file: string) {
  const res = await h.upload!(
    new Request(`http://x/api/import/upload?name=${encodeURIComponent(path.basename(file))}`, { method: "POST", body: readFileSync(file) }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { uploadId: string; sha256: string; size: number };
}
type JobAnswer = { id: string; status: string; result: unknown; error: string | null; errorCode: string | null; attempts: number };
const getJob = async (jobId: string, handler = h.job!) => handler(new Request(`http://x/api/import/jobs/${jobId}`), { params: Promise.resolve({ id: jobId }) });
/** Polls a job until it is done or failed. */
async function settle(jobId: string): Promise<JobAnswer> {
  for (let i = 0; i < 600; i++) {
    const j = (await (await getJob(jobId)).json()) as JobAnswer;
    if (j.status === "done" || j.status === "failed") return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("job did not finish");
}
async function job(res: Response): Promise<unknown> {
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  const j = await settle(jobId);
  if (j.status === "failed") throw new Error(`job failed: ${j.error}`);
  return j.result;
}
const retry = (jobId: string) =>
  h.retry!(new Request(`http://x/api/import/jobs/${jobId}/retry`, { method: "POST" }), { params: Promise.resolve({ id: jobId }) });

describe("import API: bad requests", () => {
  it("upload: a file name is required, a path is refused", async () => {
    const r1 = await h.upload!(new Request("http://x/api/import/upload", { method: "POST", body: "a" }));
    expect(r1.status).toBe(400);
    const r2 = await h.upload!(new Request("http://x/api/import/upload?name=../../etc/passwd", { method: "POST", body: "a" }));
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("name");
  });
  it("upload: a declared 200 MB body is refused before it is read (413)", async () => {
    const body = new ReadableStream({
      pull: () => {
        throw new Error("the body must not be read");
      },
    });
    const res = await h.upload!(
      new Request("http://x/api/import/upload?name=huge.xlsx", {
        method: "POST",
        body,
        headers: { "content-length": String(200 * 1024 * 1024) },
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "tooLarge", params: { max: 100 } });
  });
  it("upload: an undeclared body is cut off past the limit, and nothing is kept", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => {
        sent++;
        c.enqueue(new Uint8Array(1024 * 1024));
        if (sent > 300) c.close();
      },
    });
    const res = await h.upload!(new Request("http://x/api/import/upload?name=huge.csv", { method: "POST", body, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(110);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(uploads).filter((f) => f.endsWith(".bin"))).toEqual([]);
  });
  it.each([
    [{}, "uploadId"],
    [{ uploadId: "00000000-0000-4000-8000-000000000000", kind: "pdf", unit: "p-11", structure: "post2025" }, "kind"],
    [{ uploadId: "00000000-0000-4000-8000-000000000000", kind: "indicators", unit: "<script>", structure: "post2025" }, "unit"],
    [{ uploadId: "00000000-0000-4000-8000-000000000000", kind: "indicators", unit: "p-11", structure: "post2025", asOf: "31/01/2026" }, "asOf"],
    [
      {
        uploadId: "00000000-0000-4000-8000-000000000000",
        kind: "indicators",
        unit: "p-11",
        structure: "post2025",
        resolutions: { x: { action: "create", name: "", type: "bản", communeId: "c25-03214", lon: 1, lat: 1 } },
      },
      "resolutions.x.name",
    ],
  ])("analyse: %j → 400 naming %s", async (body, where) => {
    const res = await post("analyse", body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { issues: { path: string }[] };
    expect(json.issues.map((i) => i.path)).toContain(where);
  });
  it("analyse: not JSON → 400; unknown upload → 404", async () => {
    const res = await h.analyse!(new Request("http://x/api", { method: "POST", body: "{oops" }));
    expect(res.status).toBe(400);
    const res2 = await post("analyse", { uploadId: "00000000-0000-4000-8000-000000000000", kind: "indicators", unit: "p-11", structure: "post2025" });
    expect(res2.status).toBe(404);
  });
  it("undo: unknown import → 404; the demo cannot be undone → 409", async () => {
    expect((await post("undo", { importId: 99999, unit: "p-11", structure: "post2025" })).status).toBe(404);
    expect((await post("undo", { importId: 1, unit: "p-11", structure: "post2025" })).status).toBe(409);
    expect((await post("undo", { importId: "1", unit: "p-11", structure: "post2025" })).status).toBe(400);
  });
});

describe("import API: upload → dry run → commit → history → undo", () => {
  it("works end to end through the job endpoint", async () => {
    const u = await upload(path.join(FIXTURES, "english-codes.csv"));
    const base = {
      uploadId: u.uploadId,
      kind: "indicators",
      unit: "p-11",
      structure: "post2025",
      importedBy: "API test (ignored: who imports is the session)",
    };
    const preview = (await job(await post("analyse", base))) as Preview;
    expect(preview.summary).toMatchObject({ new: 4, blocking: 0 });
    expect(preview.sha256).toBe(u.sha256);
    const result = (await job(await post("commit", base))) as { status: string; importId: number };
    expect(result.status).toBe("committed");
    const hist = (await (await h.history!(new Request("http://x/api/import/history?unit=p-11&structure=post2025"))).json()) as {
      imports: { id: number; importedBy: string; counts: Record<string, number> }[];
    };
    expect(hist.imports[0]).toMatchObject({ id: result.importId, importedBy: DEMO_ACCOUNTS.planner.email, counts: { hamlet_snapshots: 4 } });
    const csv = await (await h.export!(new Request("http://x/api/import/export?unit=c25-03214&structure=post2025&date=2026-01-31"))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(5);
    expect((await job(await post("commit", base))) as { status: string }).toMatchObject({ status: "nothing" });
    const undo = await post("undo", { importId: result.importId, unit: "p-11", structure: "post2025" });
    expect(await undo.json()).toEqual({ status: "undone", restored: 4 });
    const bad = await upload(path.join(FIXTURES, "bad/bad-values.csv"));
    const refused = (await job(await post("commit", { ...base, uploadId: bad.uploadId }))) as { status: string; preview: Preview };
    expect(refused.status).toBe("refused");
    expect(refused.preview.summary.blocking).toBeGreaterThan(0);
  });
});

describe("import API: jobs kept in the database", () => {
  const base = { kind: "indicators", unit: "p-11", structure: "post2025" };
  it("a job is its starter's only (404 for another user, as for an unknown id); a done job cannot be retried (409)", async () => {
    const u = await upload(path.join(FIXTURES, "english-codes.csv"));
    const res = await post("analyse", { ...base, uploadId: u.uploadId });
    const { jobId } = (await res.json()) as { jobId: string };
    expect((await settle(jobId)).status).toBe("done");
    expect((await getJob(jobId, h.jobAsTelecom)).status).toBe(404);
    expect((await getJob("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const again = await retry(jobId);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "notFailed" });
  });

  it("a job whose file is gone fails saying so; once the file is back, a retry succeeds (a new attempt)", async () => {
    const u = await upload(path.join(FIXTURES, "english-codes.csv"));
    const file = path.join(uploads, `${u.uploadId}.bin`);
    const { renameSync } = await import("node:fs");
    renameSync(file, `${file}.away`);
    const { jobId } = (await (await post("analyse", { ...base, uploadId: u.uploadId })).json()) as { jobId: string };
    const failed = await settle(jobId);
    expect(failed).toMatchObject({ status: "failed", errorCode: "upload", attempts: 1 });
    expect(failed.error).toContain("english-codes.csv");
    expect(failed.error).toContain("IMPORT_UPLOAD_DIR");
    renameSync(`${file}.away`, file);
    expect((await retry(jobId)).status).toBe(202);
    const ok = await settle(jobId);
    expect(ok).toMatchObject({ status: "done", attempts: 2, error: null });
    expect((ok.result as Preview).summary).toMatchObject({ new: 4, blocking: 0 });
  });

  it("a running job whose process stopped (its heartbeat is old) reads as failed and can be retried", async () => {
    const { getDb } = await import("@/db");
    const { sql } = await import("drizzle-orm");
    const db = await getDb();
    const u = await upload(path.join(FIXTURES, "english-codes.csv"));
    // A job another process claimed and then died running: its heartbeat is a minute old.
    const { randomUUID } = await import("node:crypto");
    const id = randomUUID();
    const { rowsOf } = await import("@/db/queries/scope");
    const ownerId = rowsOf<{ id: string }>(await db.execute(sql`select id from users where email = ${DEMO_ACCOUNTS.planner.email}`))[0]!.id;
    const request = {
      uploadId: u.uploadId,
      req: { kind: "indicators", fileName: "english-codes.csv", sha256: u.sha256, scope: { unitId: "p-11", structure: "post2025" }, today: "2026-11-23" },
      actor: { userId: ownerId, email: DEMO_ACCOUNTS.planner.email, role: "planner", requestId: "test", address: null },
    };
    await db.execute(
      sql`insert into import_jobs (id, owner, kind, request, status, claimed_by, heartbeat_at, started_at, attempts)
          values (${id}, ${ownerId}, 'dryRun', ${JSON.stringify(request)}::jsonb, 'running', 'elsewhere:1:dead', now() - interval '1 minute', now() - interval '2 minutes', 1)`,
    );
    const j = (await (await getJob(id)).json()) as JobAnswer;
    expect(j).toMatchObject({ status: "failed", errorCode: "stopped" });
    expect(j.error).toMatch(/stopped.*nothing of it was written/);
    expect((await retry(id)).status).toBe(202);
    expect(await settle(id)).toMatchObject({ status: "done", attempts: 2 });
  });
});

describe("import API: stopping the job runner (graceful shutdown)", () => {
  it("marks a job still running after the grace failed ('shutdown'); a retry runs it on the next runner", async () => {
    const { getDb } = await import("@/db");
    const { snapshotsForExport } = await import("@/db/queries/imports");
    const { snapshotsCsv } = await import("@/db/ingest/export");
    const { SNAPSHOT_COLUMNS } = await import("@/db/ingest/indicators");
    const { scopeOf } = await import("@/db/queries/scope");
    const { writeFileSync } = await import("node:fs");
    const { stopRunner } = await import("@/app/api/import/_lib/jobs");
    // Every hamlet of Điện Biên on 3 days of January 2026: a dry run long enough to be stopped in.
    const rows = await snapshotsForExport({ db: await getDb(), scope: scopeOf("p-11", "post2025"), date: "2025-12-31" });
    const all = [1, 2, 3].flatMap((d) =>
      rows.map((r) => ({
        hamletCode: r.hamletCode,
        commune: r.commune,
        hamlet: r.hamlet,
        asOf: `2026-01-0${d}`,
        counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
      })),
    );
    const file = path.join(uploads, "three-days.csv");
    writeFileSync(file, snapshotsCsv(all));
    const u = await upload(file);
    const { jobId } = (await (await post("analyse", { uploadId: u.uploadId, kind: "indicators", unit: "p-11", structure: "post2025" })).json()) as {
      jobId: string;
    };
    for (let i = 0; i < 200; i++) {
      const j = (await (await getJob(jobId)).json()) as JobAnswer;
      if (j.status === "running") break;
      expect(j.status).toBe("queued");
      await new Promise((r) => setTimeout(r, 10));
    }
    await stopRunner({ graceMs: 0 });
    const stopped = (await (await getJob(jobId)).json()) as JobAnswer;
    expect(stopped).toMatchObject({ status: "failed", errorCode: "shutdown", attempts: 1 });
    expect(stopped.error).toContain("shut down");
    expect((await retry(jobId)).status).toBe(202);
    const done = await settle(jobId);
    expect(done).toMatchObject({ status: "done", attempts: 2 });
    expect((done.result as Preview).summary.new).toBe(all.length);
  }, 120_000);
});

// The probes (GET /api/health, GET /api/ready) and the request id of every API answer, with the
// route handlers called directly on a private copy of the seeded PGlite database.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { OpenDb } from "../../db/client";
import { EXPECTED_MIGRATIONS } from "../../db/queries/health";
import { setLogSink } from "../../server/log";
import { demoSessionCookie, withSession } from "../support/session";
import { copySeededPglite } from "../support/seeded-db";

type Handler = (request: Request) => Promise<Response>;
let health: Handler;
let ready: Handler;
let hamlets: Handler;
let dir: string;
const savedEnv = { PGLITE_DIR: process.env.PGLITE_DIR, DATABASE_URL: process.env.DATABASE_URL };
const g = globalThis as unknown as { __gapmapDb?: Promise<OpenDb> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function closeDb() {
  await (await g.__gapmapDb?.catch(() => undefined))?.close();
  g.__gapmapDb = undefined;
}

beforeAll(async () => {
  dir = copySeededPglite(inject("seededPgliteDir"));
  process.env.PGLITE_DIR = dir;
  delete process.env.DATABASE_URL;
  health = (await import("@/app/api/health/route")).GET;
  ready = (await import("@/app/api/ready/route")).GET;
  hamlets = withSession((await import("@/app/api/hamlets/route")).GET, await demoSessionCookie("planner"));
});

afterAll(async () => {
  await closeDb();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` and returns the JSON lines the logger wrote meanwhile. */
async function logsOf(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const restore = setLogSink((_, line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const level = process.env.GAPMAP_LOG_LEVEL;
  process.env.GAPMAP_LOG_LEVEL = "debug";
  try {
    await fn();
  } finally {
    restore();
    if (level === undefined) delete process.env.GAPMAP_LOG_LEVEL;
    else process.env.GAPMAP_LOG_LEVEL = level;
  }
  return lines;
}

describe("GET /api/health and /api/ready", () => {
  it("health: 200 {status: ok}, no store, and it is a public route (no session asked)", async () => {
    expect((health as unknown as { action: string }).action).toBe("public");
    const res = await health(new Request("http://x/api/health"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("ready: 200 {status: ready} on the migrated database, nothing more said", async () => {
    expect((ready as unknown as { action: string }).action).toBe("public");
    const res = await ready(new Request("http://x/api/ready"));
    expect(await res.json()).toEqual({ status: "ready" });
    expect(res.status).toBe(200);
  });

  it("the shipped migrations are the journal's, in order", () => {
    expect(EXPECTED_MIGRATIONS.length).toBeGreaterThanOrEqual(5);
    expect(EXPECTED_MIGRATIONS.map((m) => m.tag)).toEqual([...EXPECTED_MIGRATIONS.map((m) => m.tag)].sort());
    expect(EXPECTED_MIGRATIONS[0]!.tag).toBe("0000_init");
  });
});

describe("the request id", () => {
  it("a route() answer carries the x-request-id it was sent, and its one log line has method, path, status, ms, requestId and userId — no cookie, no query", async () => {
    let res: Response | undefined;
    const lines = await logsOf(async () => {
      res = await hamlets(new Request("http://x/api/hamlets?unit=p-11&structure=post2025", { headers: { "x-request-id": "given-id_123" } }));
    });
    expect(res!.status).toBe(200);
    expect(res!.headers.get("x-request-id")).toBe("given-id_123");
    const requestLines = lines.filter((l) => l.msg === "request");
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "request",
      requestId: "given-id_123",
      userId: expect.any(String),
      method: "GET",
      path: "/api/hamlets",
      status: 200,
      ms: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toMatch(/session_token|unit=p-11/);
  });

  it("an id that is not sane (too long, other characters) is replaced by a UUID; none given: a UUID; a 4xx carries it too", async () => {
    for (const given of ["a".repeat(65), "bad id; drop", "ünïcode", undefined]) {
      const headers: Record<string, string> = given === undefined ? {} : { "x-request-id": given };
      const res = await hamlets(new Request("http://x/api/hamlets?unit=p-11&structure=nope", { headers }));
      expect(res.status).toBe(400);
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
    const ok64 = "A".repeat(64);
    expect((await health(new Request("http://x/api/health", { headers: { "x-request-id": ok64 } }))).headers.get("x-request-id")).toBe(ok64);
  });

  it("probes log at debug level (not in the default log), other answers at info", async () => {
    const lines = await logsOf(async () => {
      await health(new Request("http://x/api/health", { headers: { "x-request-id": "probe-1" } }));
      await hamlets(new Request("http://x/api/hamlets?unit=p-11&structure=nope", { headers: { "x-request-id": "bad-1" } }));
    });
    expect(lines.filter((l) => l.msg === "request").map((l) => [l.requestId, l.level, l.status])).toEqual([
      ["probe-1", "debug", 200],
      ["bad-1", "info", 400],
    ]);
  });
});

describe("GET /api/ready when the database is down", () => {
  it("ready: 503 {database: unreachable} when the database does not answer — no error text, host or driver in the answer", async () => {
    await closeDb(); // (the last test: the auth instance keeps the database it was built on)
    process.env.DATABASE_URL = "postgres://gapmap:pw-not-to-leak@127.0.0.1:9/nowhere";
    try {
      const lines = await logsOf(async () => {
        const res = await ready(new Request("http://x/api/ready"));
        expect(res.status).toBe(503);
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({ status: "not ready", database: "unreachable" });
        expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres|pw-not-to-leak/);
      });
      expect(lines.find((l) => l.msg === "readiness: database unreachable")).toMatchObject({ level: "warn" });
      expect(JSON.stringify(lines)).not.toContain("pw-not-to-leak");
    } finally {
      delete process.env.DATABASE_URL;
      await closeDb();
    }
    expect((await ready(new Request("http://x/api/ready"))).status).toBe(200); // back once the database is
  });
});

describe("during a shutdown", () => {
  it("ready answers 503 {status: shutting down} once it has begun; health still 200 (the process answers)", async () => {
    const { runShutdown } = await import("../../server/shutdown");
    expect((await ready(new Request("http://x/api/ready"))).status).toBe(200);
    const result = await runShutdown("TEST", 5_000); // in this process: runs the hooks (closes the database), does not exit
    expect(result.code).toBe(0);
    const res = await ready(new Request("http://x/api/ready"));
    expect([res.status, await res.json()]).toEqual([503, { status: "shutting down" }]);
    expect((await health(new Request("http://x/api/health"))).status).toBe(200);
  });
});

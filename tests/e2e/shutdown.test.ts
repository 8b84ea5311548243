// Graceful shutdown of the built app (`next start`, server/shutdown.ts installed by instrumentation.ts),
// on a private copy of the seeded PGlite database. The slow request is one whose body the client
// sends slowly (a sign-in: its 200 and session cookie prove it was served to the end, database
// included); SIGTERM arrives while it is in flight. Needs `npx next build` first.
import http from "node:http";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo/accounts";
import { type App, startApp } from "./support/app-server";
import { copySeededPglite } from "../support/seeded-db";

const GRACE_MS = 4_000;
let app: App | null = null;
let dir = "";

afterEach(async () => {
  await app?.stop();
  app = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<App> {
  dir = copySeededPglite(inject("seededPgliteDir"));
  app = await startApp({ PGLITE_DIR: dir, GAPMAP_SHUTDOWN_GRACE_MS: String(GRACE_MS), GAPMAP_LOG_LEVEL: "info" }, { role: null });
  return app;
}

interface Answer {
  status: number;
  requestId: string | undefined;
  connection: string | undefined;
  setCookie: string[];
}

/** POST /api/auth/sign-in/email with its body in two parts, the second `delayMs` after `onStarted` ran. */
function slowSignIn(a: App, requestId: string, delayMs: number, onStarted: () => void): Promise<Answer> {
  const body = JSON.stringify({ email: DEMO_ACCOUNTS.planner.email, password: DEMO_PASSWORD });
  const { port } = new URL(a.url);
  return new Promise((resolve, reject) => {
    let rest: NodeJS.Timeout | undefined;
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/auth/sign-in/email",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": requestId },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            requestId: res.headers["x-request-id"] as string | undefined,
            connection: res.headers.connection,
            setCookie: res.headers["set-cookie"] ?? [],
          }),
        );
      },
    );
    req.on("error", (err) => {
      clearTimeout(rest);
      reject(err);
    });
    req.flushHeaders();
    req.write(body.slice(0, 12));
    // Give the server time to see the request start before the signal.
    setTimeout(() => {
      onStarted();
      rest = setTimeout(() => req.end(body.slice(12)), delayMs);
    }, 300);
  });
}

/** Whether a new TCP connection to the app is accepted. */
function connects(a: App): Promise<boolean> {
  const { port } = new URL(a.url);
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/api/health", agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The server's JSON log lines (Next.js's own banner lines are not JSON). */
function logLines(a: App): Record<string, unknown>[] {
  return a
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("SIGTERM", () => {
  it("the request in flight completes, new connections are refused, the hooks run, the process exits 0 within the grace time and leaves no process", async () => {
    const a = await start();
    let signalledAt = 0;
    let refusedWhileDraining: boolean | null = null;
    const answer = await slowSignIn(a, "shutdown-slow-1", 1_500, () => {
      signalledAt = Date.now();
      process.kill(a.pid, "SIGTERM");
      setTimeout(async () => {
        refusedWhileDraining = !(await connects(a));
      }, 400);
    });
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe("shutdown-slow-1");
    expect(answer.connection).toBe("close");
    expect(answer.setCookie.some((c) => c.includes("session_token="))).toBe(true);
    const exit = await a.exited;
    const tookMs = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(GRACE_MS);
    expect(tookMs).toBeGreaterThanOrEqual(1_500); // it did wait for the request
    expect(refusedWhileDraining).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(groupAlive(a.pid)).toBe(false);
    const lines = logLines(a);
    const begin = lines.find((l) => l.msg === "shutting down");
    expect(begin).toMatchObject({ level: "info", reason: "SIGTERM", graceMs: GRACE_MS, inFlightRequests: 1, hooks: ["database"] });
    expect(lines.find((l) => l.msg === "request" && l.requestId === "shutdown-slow-1")).toMatchObject({ status: 200, path: "/api/auth/sign-in/email" });
    expect(lines.find((l) => l.msg === "shut down")).toMatchObject({ reason: "SIGTERM", failed: [] });
    // Nothing secret in the log: not the password, not the session token.
    const token = answer.setCookie
      .find((c) => c.includes("session_token="))!
      .split(";")[0]!
      .split("=")[1]!;
    expect(a.output()).not.toContain(DEMO_PASSWORD);
    expect(a.output()).not.toContain(decodeURIComponent(token).split(".")[0]);
  });

  it("a request still in flight at the deadline: the connection is closed, the log names it, the process exits 1 at the grace time", async () => {
    const a = await start();
    let signalledAt = 0;
    const answer = slowSignIn(a, "shutdown-too-slow", GRACE_MS + 3_000, () => {
      signalledAt = Date.now();
      process.kill(a.pid, "SIGTERM");
    }).then(
      (r) => ({ ok: true as const, r }),
      (err: Error) => ({ ok: false as const, err }),
    );
    const exit = await a.exited;
    const tookMs = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(tookMs).toBeLessThan(GRACE_MS + 2_000);
    expect((await answer).ok).toBe(false); // the socket was closed under it
    expect(groupAlive(a.pid)).toBe(false);
    expect(logLines(a).find((l) => l.msg === "shutdown deadline reached")).toMatchObject({ level: "error", unfinished: ["in-flight requests (1)"] });
  });
});

// server/shutdown.ts in this process (no signal is sent: runShutdown is what the SIGTERM handler
// calls; tests/e2e/shutdown.test.ts sends the real signal to the built app): the order of the steps,
// the deadline, and a hook that fails.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLogSink } from "../../server/log";

type Shutdown = typeof import("../../server/shutdown");
let m: Shutdown;
let servers: http.Server[] = [];
let logged: Record<string, unknown>[] = [];
let restoreSink: () => void;

beforeEach(async () => {
  // A fresh registry for each test (it is kept on globalThis, once per process).
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("gapmap06.shutdown")];
  vi.resetModules();
  m = await import("../../server/shutdown");
  logged = [];
  process.env.GAPMAP_LOG_LEVEL = "info"; // (vitest.config.ts sets warn for the suite)
  restoreSink = setLogSink((_, line) => logged.push(JSON.parse(line) as Record<string, unknown>));
});

afterEach(() => {
  restoreSink();
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
  servers = [];
});

/** A server whose every request answers after `ms`; `arrived` resolves when the first request reached its handler. */
async function slowServer(ms: number, onFinish = () => {}): Promise<{ port: number; arrived: Promise<void> }> {
  m.trackHttpServers();
  let arrive = () => {};
  const arrived = new Promise<void>((r) => (arrive = r));
  const server = http.createServer((_, res) => {
    arrive();
    setTimeout(() => res.end("done", onFinish), ms);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, arrived };
}

function get(port: number): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

describe("runShutdown", () => {
  it("hooks start at once, alongside the requests in flight; `last` hooks run after both; exit code 0", async () => {
    const events: string[] = [];
    const { port, arrived } = await slowServer(400, () => events.push("request answered"));
    let t0 = 0;
    m.onShutdown("jobs", async (ctx) => {
      events.push(`jobs start ${Date.now() - t0 < 200 ? "early" : "late"}`); // not after the request
      expect(ctx.reason).toBe("TEST");
      expect(ctx.deadline - Date.now()).toBeGreaterThan(4_000);
      expect(ctx.remainingMs()).toBeLessThanOrEqual(5_000);
      await new Promise((r) => setTimeout(r, 100));
      events.push("jobs done");
    });
    m.onShutdown("database", () => void events.push("database closed"), { last: true });
    const removed = m.onShutdown("removed", () => void events.push("removed ran"));
    removed();
    const inFlight = get(port);
    await arrived; // the request is in flight
    expect(m.isShuttingDown()).toBe(false);
    t0 = Date.now();
    const result = m.runShutdown("TEST", 5_000);
    expect(m.isShuttingDown()).toBe(true);
    expect(m.runShutdown("AGAIN")).toBe(result); // one shutdown
    const answer = await inFlight;
    const r = await result;
    expect(answer).toEqual({ status: 200, body: "done", connection: "close" });
    expect(events).toEqual(["jobs start early", "jobs done", "request answered", "database closed"]);
    expect(r).toMatchObject({ code: 0, failed: [], unfinished: [] });
    expect(r.ms).toBeGreaterThanOrEqual(300);
    expect(servers[0]!.listening).toBe(false);
    expect(logged.map((l) => l.msg)).toEqual(["shutting down", "shut down"]);
    expect(logged[0]).toMatchObject({ reason: "TEST", graceMs: 5_000, inFlightRequests: 1, hooks: ["jobs", "database"] });
  });

  it("at the deadline: the hooks' signal is aborted, the unfinished ones are named, the code is 1", async () => {
    let aborted = false;
    m.onShutdown("stuck job", (ctx) => new Promise<void>(() => ctx.signal.addEventListener("abort", () => (aborted = true))));
    m.onShutdown("quick", () => {});
    const last = vi.fn();
    m.onShutdown("database", last, { last: true });
    const t0 = Date.now();
    const r = await m.runShutdown("TEST", 300);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(r).toMatchObject({ code: 1, unfinished: ["stuck job"], failed: [] });
    expect(aborted).toBe(true);
    expect(last).not.toHaveBeenCalled(); // the deadline came before the last step
    expect(logged.find((l) => l.msg === "shutdown deadline reached")).toMatchObject({ level: "error", unfinished: ["stuck job"] });
  });

  it("a hook that throws is logged, the others still run, the code is 1", async () => {
    const ran: string[] = [];
    m.onShutdown("broken", () => {
      throw new Error("cannot reach the queue");
    });
    m.onShutdown("fine", () => void ran.push("fine"));
    m.onShutdown("database", () => void ran.push("database"), { last: true });
    const r = await m.runShutdown("TEST", 2_000);
    expect(r).toMatchObject({ code: 1, failed: ["broken"], unfinished: [] });
    expect(ran).toEqual(["fine", "database"]);
    expect(logged.find((l) => l.msg === "shutdown hook failed")).toMatchObject({ hook: "broken", err: { message: "cannot reach the queue" } });
  });
});

describe("shutdownGraceMs", () => {
  it("reads GAPMAP_SHUTDOWN_GRACE_MS, default 10 s; a bad value falls back to the default with a warning", () => {
    expect(m.shutdownGraceMs({})).toBe(10_000);
    expect(m.shutdownGraceMs({ GAPMAP_SHUTDOWN_GRACE_MS: "2500" })).toBe(2_500);
    expect(m.shutdownGraceMs({ GAPMAP_SHUTDOWN_GRACE_MS: "0" })).toBe(0);
    for (const bad of ["-1", "1.5", "ten", "99999999"]) expect(m.shutdownGraceMs({ GAPMAP_SHUTDOWN_GRACE_MS: bad })).toBe(10_000);
    expect(logged.filter((l) => l.level === "warn")).toHaveLength(4);
  });
});

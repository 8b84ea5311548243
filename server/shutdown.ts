import http from "node:http";
import https from "node:https";
import { log } from "./log";

/**
 * Graceful shutdown: what the server does on SIGTERM (and SIGINT), and the registry through which
 * the rest of the code takes part in it. instrumentation.ts calls {@link installShutdown} once, when
 * the server starts. On the first SIGTERM or SIGINT:
 *
 * 1. the HTTP server stops accepting connections (`server.close()`); every request already in
 *    flight is served to the end, with `Connection: close` so that keep-alive clients reconnect
 *    elsewhere; GET /api/ready answers 503 from then on ({@link isShuttingDown});
 * 2. at the same moment the hooks registered with `onShutdown(name, fn)` start, all together;
 * 3. when the requests and those hooks are done, the hooks registered with `{ last: true }` run
 *    (they release what the requests and the other hooks needed: the database pool, db/index.ts);
 * 4. the process exits 0.
 *
 * All of it has one deadline: `GAPMAP_SHUTDOWN_GRACE_MS` (default 10 000 ms) after the signal. At the
 * deadline every hook's `signal` is aborted, the remaining connections are closed, the hooks that
 * had not finished are named in the log and the process exits 1. A hook that throws is logged and
 * the others go on (exit 1 at the end). Further signals while shutting down are ignored.
 *
 * Next.js's own `next start` handler (close the server, then exit 143) is replaced: it would exit
 * before the hooks ran (see installShutdown).
 *
 * ## The API (stable: other modules build on it)
 *
 * - `onShutdown(name, fn, { last? })` → `unregister()`. `fn(ctx)` may be async; `ctx.reason` is the
 *   signal's name, `ctx.deadline` the epoch millisecond by which everything must be done,
 *   `ctx.remainingMs()` the time left, `ctx.signal` an AbortSignal aborted at the deadline. Register at
 *   any time (a hook registered once shutdown has begun is not run). Names need not be unique; they
 *   are what the log says.
 * - `isShuttingDown()`: true from the signal on — stop claiming new work.
 * - `shutdownGraceMs()`: the configured grace, to size a hook's own waits.
 *
 * @example
 * // A job runner: stop claiming, give running jobs until 1 s before the deadline, then fail them.
 * import { isShuttingDown, onShutdown } from "@/server/shutdown";
 * onShutdown("import jobs", async (ctx) => {
 *   runner.stopClaiming();
 *   await runner.drain({ until: ctx.deadline - 1_000 }); // resolves early when the jobs are done
 *   await runner.failRunning("the server shut down (SIGTERM) before the job finished");
 * });
 */
export interface ShutdownContext {
  /** Why: "SIGTERM", "SIGINT" (or what a test passes). */
  reason: string;
  /** Epoch ms by which the process exits. */
  deadline: number;
  /** Aborted at the deadline. */
  signal: AbortSignal;
  /** Milliseconds until the deadline (≥ 0). */
  remainingMs(): number;
}

export type ShutdownHook = (ctx: ShutdownContext) => void | Promise<void>;

export interface HookOptions {
  /** Run after the in-flight requests and the other hooks are done (to close what they used). */
  last?: boolean;
}

export interface ShutdownResult {
  /** Exit code: 0 when everything finished in time, 1 otherwise. */
  code: 0 | 1;
  /** Hooks (by name) that threw. */
  failed: string[];
  /** Hooks (by name) still running at the deadline; "in-flight requests" when requests were. */
  unfinished: string[];
  ms: number;
}

export const DEFAULT_GRACE_MS = 10_000;

interface Entry {
  name: string;
  fn: ShutdownHook;
  last: boolean;
}

interface State {
  hooks: Set<Entry>;
  servers: Set<http.Server>;
  inFlight: Set<http.ServerResponse>;
  started: Promise<ShutdownResult> | null;
  installed: boolean;
  patched: boolean;
}

// One registry per process: Next.js bundles instrumentation.ts and the route handlers separately,
// and each bundle may carry its own copy of this module.
const KEY = Symbol.for("gapmap06.shutdown");
const g = globalThis as unknown as { [KEY]?: State };
const state: State = (g[KEY] ??= { hooks: new Set(), servers: new Set(), inFlight: new Set(), started: null, installed: false, patched: false });

/** Registers a hook to run on shutdown (see the module's comment); returns a function that removes it. */
export function onShutdown(name: string, fn: ShutdownHook, options: HookOptions = {}): () => void {
  const entry: Entry = { name, fn, last: options.last === true };
  state.hooks.add(entry);
  return () => {
    state.hooks.delete(entry);
  };
}

/** True once a shutdown has begun. */
export function isShuttingDown(): boolean {
  return state.started !== null;
}

/** GAPMAP_SHUTDOWN_GRACE_MS (a whole number of ms, 0 … 1 h), else {@link DEFAULT_GRACE_MS}. */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.GAPMAP_SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_GRACE_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3_600_000) {
    log.warn("GAPMAP_SHUTDOWN_GRACE_MS is not a whole number of milliseconds between 0 and 3600000; using the default", {
      value: raw.slice(0, 40),
      defaultMs: DEFAULT_GRACE_MS,
    });
    return DEFAULT_GRACE_MS;
  }
  return n;
}

/**
 * Follows the process's HTTP(S) servers and their in-flight requests (by wrapping `emit` of the
 * server prototypes: Next.js creates its server before instrumentation runs, and does not hand it
 * out). Idempotent; {@link installShutdown} calls it.
 */
export function trackHttpServers(): void {
  if (state.patched) return;
  state.patched = true;
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as NodeJS.EventEmitter[]) {
    const emit = proto.emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "connection" || event === "request") state.servers.add(this);
      if (event === "request") {
        const res = args[1] as http.ServerResponse;
        state.inFlight.add(res);
        res.once("close", () => state.inFlight.delete(res));
        if (state.started) res.setHeader("connection", "close");
      }
      return emit.call(this, event, ...args);
    } as typeof proto.emit;
  }
}

/**
 * Runs the shutdown (steps 1–3 of the module's comment) and resolves with its result; does not
 * exit. The first call starts it, later calls get the same promise.
 */
export function runShutdown(reason: string, graceMs: number = shutdownGraceMs()): Promise<ShutdownResult> {
  state.started ??= shutdown(reason, graceMs);
  return state.started;
}

async function shutdown(reason: string, graceMs: number): Promise<ShutdownResult> {
  const t0 = Date.now();
  const deadline = t0 + graceMs;
  const abort = new AbortController();
  const ctx: ShutdownContext = { reason, deadline, signal: abort.signal, remainingMs: () => Math.max(0, deadline - Date.now()) };
  let timer: NodeJS.Timeout | undefined;
  const atDeadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), graceMs);
  });
  const failed: string[] = [];
  const running = new Set<string>();
  const start = (entries: Entry[]) =>
    Promise.all(
      entries.map(async (e) => {
        running.add(e.name);
        try {
          await e.fn(ctx);
        } catch (err) {
          failed.push(e.name);
          log.error("shutdown hook failed", { hook: e.name, err });
        } finally {
          running.delete(e.name);
        }
      }),
    );
  const entries = [...state.hooks];
  log.info("shutting down", {
    reason,
    graceMs,
    inFlightRequests: state.inFlight.size,
    hooks: entries.map((e) => e.name),
  });

  // 1. Stop accepting; the requests in flight finish (and close their connection afterwards).
  for (const res of state.inFlight) if (!res.headersSent) res.setHeader("connection", "close");
  for (const server of state.servers) {
    server.close();
    server.closeIdleConnections();
  }
  const requestsDone = waitForRequests(abort.signal);
  // 2. The hooks, at once.
  const first = start(entries.filter((e) => !e.last));
  let outcome = await Promise.race([Promise.all([requestsDone, first]).then(() => "done" as const), atDeadline]);
  // 3. The last hooks.
  if (outcome === "done") outcome = await Promise.race([start(entries.filter((e) => e.last)).then(() => "done" as const), atDeadline]);
  clearTimeout(timer);
  abort.abort(new Error(`shutdown deadline (${graceMs} ms) reached`));
  const unfinished = [...running];
  if (state.inFlight.size > 0) unfinished.push(`in-flight requests (${state.inFlight.size})`);
  for (const server of state.servers) server.closeAllConnections();
  const code = outcome === "done" && failed.length === 0 ? 0 : 1;
  const ms = Date.now() - t0;
  if (outcome === "deadline") log.error("shutdown deadline reached", { reason, graceMs, unfinished, failed, ms });
  else log.info("shut down", { reason, ms, failed });
  return { code, failed, unfinished, ms };
}

function waitForRequests(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (state.inFlight.size === 0 || signal.aborted) {
        clearInterval(poll);
        resolve();
      }
    };
    const poll = setInterval(check, 25);
    check();
  });
}

/**
 * Installs the signal handlers (once per process; instrumentation.ts calls it on the Node.js
 * runtime). Next.js 16's `next start` registers its own SIGINT/SIGTERM handler before instrumentation
 * runs, unless `NEXT_MANUAL_SIG_HANDLE` is set: it closes the server, then exits 143 (130 for SIGINT)
 * without waiting for anything else. Those handlers, the only ones present at this point, are
 * removed and this module's take their place; the test of tests/e2e/shutdown.test.ts checks that the
 * process then exits 0 after its hooks ran.
 */
export function installShutdown(): void {
  if (state.installed) return;
  state.installed = true;
  trackHttpServers();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const before = process.listeners(sig);
    for (const l of before) process.removeListener(sig, l);
    if (before.length) log.debug("replaced signal handlers", { signal: sig, count: before.length });
    process.on(sig, () => {
      if (state.started) return;
      void runShutdown(sig).then((r) => process.exit(r.code));
    });
  }
}

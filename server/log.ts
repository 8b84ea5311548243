import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The server's one logger: one JSON object per line — `time` (ISO 8601), `level`, `msg`, the
 * `requestId` of the request being served (when there is one) and the caller's fields — debug and
 * info on stdout, warn and error on stderr, so that a log shipper (journald, Docker, Loki …) can
 * parse every line. Lines below `GAPMAP_LOG_LEVEL` (debug | info | warn | error, default info) are
 * not written.
 *
 * Never log a password, a cookie, a token or a request body: fields whose name says so
 * (password, cookie, secret, token, authorization, set-cookie — at any depth) are written as
 * "[redacted]" all the same, and so are the parameters in a failed query's message (drizzle writes
 * them after "params: "). An Error in a field is written as {name, message, stack, code, cause}.
 *
 * The request context: app/api/_lib/route.ts runs each API handler inside
 * {@link withLogContext}({ requestId, userId }), so that any line written while that request is
 * served — in a query, in a job it starts — carries its request id without passing it along.
 *
 * This module (like the rest of server/) is process plumbing below both app/ and db/: either may
 * import it.
 *
 * @example
 * import { log } from "@/server/log";
 * log.info("import committed", { importId, rows });
 * log.error("scenario does not parse", { scenarioId, err });
 */
export type Level = "debug" | "info" | "warn" | "error";
export const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

/** What {@link withLogContext} attaches to every line written inside it. */
export interface LogContext {
  requestId?: string;
  userId?: string;
}

export type Fields = Record<string, unknown>;

/** Where lines go; replaced in tests ({@link setLogSink}). */
export type Sink = (level: Level, line: string) => void;

const defaultSink: Sink = (level, line) => {
  (level === "warn" || level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
};

// One state per process, kept on globalThis: Next.js bundles instrumentation.ts, proxy.ts and the
// route handlers separately, and each bundle may carry its own copy of this module.
interface State {
  als: AsyncLocalStorage<LogContext>;
  sink: Sink;
}
const KEY = Symbol.for("gapmap06.log");
const g = globalThis as unknown as { [KEY]?: State };
const state: State = (g[KEY] ??= { als: new AsyncLocalStorage<LogContext>(), sink: defaultSink });

const SECRET_KEY = /password|passwd|cookie|secret|token|authorization|api[-_]?key/i;
/** drizzle's "Failed query: <sql>\nparams: <values>": the values may be a session token or a password hash. */
const QUERY_PARAMS = /(\bparams: )[^\n]*/g;
const scrub = (text: string | undefined) => text?.replace(QUERY_PARAMS, "$1[redacted]");
const MAX_DEPTH = 8;

function minLevel(): number {
  const wanted = (process.env.GAPMAP_LOG_LEVEL ?? "info").toLowerCase() as Level;
  const i = LEVELS.indexOf(wanted);
  return i === -1 ? 1 : i;
}

/** A JSON-safe copy of a field value: Errors as objects, bigints as strings, secrets redacted, cycles and depth cut. */
function clean(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  try {
    if (value instanceof Error) {
      const out: Fields = { name: value.name, message: scrub(value.message), stack: scrub(value.stack) };
      const code = (value as { code?: unknown }).code;
      if (code !== undefined) out.code = clean(code, depth + 1, seen);
      if (value.cause !== undefined) out.cause = clean(value.cause, depth + 1, seen);
      return out;
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1, seen));
    const out: Fields = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : clean(v, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The line for one record (exported for tests): `{"time":…,"level":…,"msg":…,"requestId":…,…fields}`. */
export function formatLine(level: Level, msg: string, fields: Fields = {}, context: LogContext = {}, now = new Date()): string {
  const record: Fields = { time: now.toISOString(), level, msg };
  if (context.requestId) record.requestId = context.requestId;
  if (context.userId) record.userId = context.userId;
  const seen = new WeakSet<object>();
  for (const [k, v] of Object.entries(fields)) {
    if (k === "time" || k === "level" || k === "msg") continue; // the record's own keys win
    record[k] = SECRET_KEY.test(k) ? "[redacted]" : clean(v, 1, seen);
  }
  return JSON.stringify(record);
}

/** Writes one record (when `level` reaches GAPMAP_LOG_LEVEL). Never throws. */
export function write(level: Level, msg: string, fields?: Fields): void {
  if (LEVELS.indexOf(level) < minLevel()) return;
  try {
    state.sink(level, formatLine(level, msg, fields, state.als.getStore()));
  } catch {
    // A logger that throws would turn a log line into a failed request.
  }
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};

/** Runs `fn` with `context` attached to every line it (and everything it awaits or starts) writes. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return state.als.run({ ...state.als.getStore(), ...context }, fn);
}

/** The context of the request being served, if any. */
export function logContext(): LogContext | undefined {
  return state.als.getStore();
}

/** Adds to the current context (e.g. the user id, once the session is known). No-op outside a context. */
export function addLogContext(extra: LogContext): void {
  const store = state.als.getStore();
  if (store) Object.assign(store, extra);
}

/** Replaces where lines go (tests); returns a function that puts the previous sink back. */
export function setLogSink(sink: Sink): () => void {
  const previous = state.sink;
  state.sink = sink;
  return () => {
    state.sink = previous;
  };
}

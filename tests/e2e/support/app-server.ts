import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../../db/demo/accounts";

/** The repository root (this file is tests/e2e/support/app-server.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const START_TIMEOUT_MS = 60_000;

export interface App {
  url: string;
  stop(): Promise<void>;
  /** Ends the whole server at once with SIGKILL (no shutdown handlers run), and resolves once it is gone. */
  kill(): Promise<void>;
  /** The demo account the harness signed in as (null: none). */
  role: DemoRole | null;
  /** Its session cookie, "name=value" (null when not signed in). */
  cookie: string | null;
  /** fetch() against the app with the session cookie: `app.fetch("/api/hamlets?…")`. */
  fetch(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  /** The server's process id (`next start`; also its process group's id). */
  pid: number;
  /** Resolves when the server process has exited, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 64 kB of what the server wrote to stdout and stderr. */
  output(): string;
}

export type DemoRole = keyof typeof DEMO_ACCOUNTS;

export interface StartOptions {
  /** Sign in as this demo account (db/demo/accounts.ts) once started; default the planner of Điện Biên (p-11); null: stay signed out. */
  role?: DemoRole | null;
}

/**
 * Starts the production server (`next start`) on a free port with extra environment variables,
 * resolves once GET /login answers 200, and signs in (POST /api/auth/sign-in/email) as a demo
 * account — the planner of Điện Biên unless told otherwise. Needs a prior `next build` and a
 * database seeded with the demo accounts (tests/support/seeded-db.ts). The server runs as the demo
 * (GAPMAP_DEMO=true) with a fresh BETTER_AUTH_SECRET of its own.
 *
 * @example
 * const app = await startApp({ PGLITE_DIR: dir });
 * await app.fetch("/api/hamlets?unit=p-11&structure=post2025");
 * await app.stop();
 */
export async function startApp(env: Record<string, string>, options: StartOptions = {}): Promise<App> {
  if (!existsSync(path.join(REPO_ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${REPO_ROOT}/.next (BUILD_ID missing): run \`npx next build\` first.`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", GAPMAP_DEMO: "true", BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() also ends any process next spawns
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  // If this process exits without calling stop(), do not leave the server running. (Not enough on
  // its own: vitest ends a worker with SIGTERM, which runs no exit handler, and the detached server
  // lives on under init. Whoever calls startApp must call stop(), also when something else failed;
  // the run's leftover-process check, tests/support/leftover-processes.ts, reports it otherwise.)
  const killOnExit = () => signalGroup(child.pid!, "SIGKILL");
  process.once("exit", killOnExit);

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async () => {
    process.off("exit", killOnExit);
    if (hasExited()) return;
    signalGroup(child.pid!, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const role = options.role === undefined ? "planner" : options.role;
  let cookie: string | null = null;
  try {
    await waitForOk(url, hasExited);
    if (role) cookie = await signIn(url, DEMO_ACCOUNTS[role].email, DEMO_PASSWORD);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- next start output (last 8 kB) ---\n${output.slice(-8_000)}`);
  }
  const appFetch = (pathOrUrl: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    return fetch(pathOrUrl.startsWith("http") ? pathOrUrl : `${url}${pathOrUrl}`, { ...init, headers });
  };
  const kill = async () => {
    process.off("exit", killOnExit);
    signalGroup(child.pid!, "SIGKILL");
    if (!hasExited()) await exited;
  };
  return { url, stop, kill, role, cookie, fetch: appFetch, pid: child.pid!, exited, output: () => output };
}

/**
 * Signs in without a browser, as scripts do: POST /api/auth/sign-in/email {email, password}; returns
 * the session cookie as "name=value" (throws with the answer when refused).
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(60_000), // bounded, so a starting app never outlives its test file's hook
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${body.slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().find((c) => /session_token=/.test(c));
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie (Set-Cookie: ${res.headers.getSetCookie().join(" | ")})`);
  return cookie.split(";")[0]!;
}

async function waitForOk(url: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`next start exited before ${url}/login answered`);
    try {
      const res = await fetch(`${url}/login`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/login did not answer 200 within ${START_TIMEOUT_MS / 1000} s (last: ${last})`);
}

/** Signals the whole process group (next start runs its server in a child process). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

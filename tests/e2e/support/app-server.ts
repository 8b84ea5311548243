import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is tests/e2e/support/app-server.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const START_TIMEOUT_MS = 60_000;

export interface App {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the production server (`next start`) on a free port with extra environment variables,
 * and resolves once GET / answers 200. Needs a prior `next build`.
 *
 * @example
 * const app = await startApp({ PGLITE_DIR: dir });
 * await fetch(`${app.url}/api/hamlets?unit=p-11&structure=post2025`);
 * await app.stop();
 */
export async function startApp(env: Record<string, string>): Promise<App> {
  if (!existsSync(path.join(REPO_ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${REPO_ROOT}/.next (BUILD_ID missing): run \`npx next build\` first.`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() also ends any process next spawns
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
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

  try {
    await waitForOk(url, hasExited);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- next start output (last 8 kB) ---\n${output}`);
  }
  return { url, stop };
}

async function waitForOk(url: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`next start exited before ${url}/ answered`);
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/ did not answer 200 within ${START_TIMEOUT_MS / 1000} s (last: ${last})`);
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

// Processes a test run started and did not end (a `next start` server, a Chromium, a child script).
// Every process a test starts must be ended by the test, also when it fails; this finds the ones
// that were not, so the run can name them, kill them and fail.
//
// How a process is known to be the run's: the root global setup puts RUN_MARKER=<id> into the
// environment of the vitest process before any worker starts, so every worker and everything it
// spawns carries it — even after its parent has died and it has been re-parented to init (which is
// how a detached server outlives a killed worker). Processes that descend from the vitest process
// count too (a child started with an environment of its own). Vitest's own processes — the main
// process and its direct children (the pool's workers, Vite's esbuild service) — are not leftovers.
// Linux only (/proc); elsewhere nothing is found.
import { readdirSync, readFileSync } from "node:fs";

export const RUN_MARKER = "GAPMAP_TEST_RUN";

export interface Proc {
  pid: number;
  ppid: number;
  /** The kernel's state letter: Z for a zombie (already dead, only not yet reaped). */
  state: string;
  command: string;
  marked: boolean;
}

function readProcs(marker: string | undefined): Proc[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const needle = marker ? Buffer.from(`${RUN_MARKER}=${marker}\0`) : null;
  const out: Proc[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const [state, ppid] = stat.slice(close + 2).split(" ");
      const command = readFileSync(`/proc/${e}/cmdline`).toString("utf8").split("\0").filter(Boolean).join(" ") || `[${comm}]`;
      let marked = false;
      if (needle) {
        try {
          const env = readFileSync(`/proc/${e}/environ`);
          marked = env.indexOf(needle) >= 0; // entries end in NUL, the last one too
        } catch {
          // another user's process: not ours
        }
      }
      out.push({ pid: Number(e), ppid: Number(ppid), state: state ?? "?", command, marked });
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** The run's processes still alive, other than vitest's own (see the header). */
export function leftoverProcesses(mainPid = process.pid, marker = process.env[RUN_MARKER]): Proc[] {
  const procs = readProcs(marker);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const descends = (p: Proc) => {
    for (let q = byPid.get(p.ppid), n = 0; q && n < 1000; q = byPid.get(q.ppid), n++) if (q.pid === mainPid) return true;
    return false;
  };
  return procs.filter((p) => p.pid !== mainPid && p.ppid !== mainPid && p.state !== "Z" && (p.marked || descends(p)));
}

/**
 * Waits up to `graceMs` for the run's processes to end by themselves (a browser's helpers can take
 * a moment after close()), then kills what is left with SIGKILL and returns it.
 */
export async function killLeftoverProcesses(graceMs = 3_000): Promise<Proc[]> {
  const deadline = Date.now() + graceMs;
  let left = leftoverProcesses();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = leftoverProcesses();
  }
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  return left;
}

/** A message naming each leftover process: pid, parent and command line. */
export function describeLeftovers(left: Proc[]): string {
  return (
    `${left.length} process(es) started by the tests were still running after the last test (killed now). ` +
    `The test that starts a process must end it, also when it fails:\n` +
    left.map((p) => `  pid ${p.pid} (parent ${p.ppid}): ${p.command.slice(0, 300)}`).join("\n")
  );
}

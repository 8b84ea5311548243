import type { Reporter, TestModule } from "vitest/node";
import { describeLeftovers, killLeftoverProcesses } from "./leftover-processes";

/**
 * Prints one plain closing line, "N passed, N failed, N skipped", that any CI can read
 * (vitest's own summary is not among the formats our CI parses). Tests that did not run because
 * their file failed count as failed (vitest calls them skipped).
 *
 * Before it, once every test file is done: no process a test started may still be running. Those
 * that are (tests/support/leftover-processes.ts) are named, killed, and fail the run (counted as one
 * failure in the line).
 */
export default class SummaryReporter implements Reporter {
  async onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    let passed = 0,
      failed = 0,
      skipped = 0;
    for (const m of modules) {
      const moduleFailed = m.state() === "failed";
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        // A test that was meant to run but did not, because its file failed (a beforeAll threw:
        // a server or a browser could not start), is a failure, not a skip.
        else if (s === "failed" || (moduleFailed && t.options.mode !== "skip" && t.options.mode !== "todo")) failed++;
        else skipped++;
      }
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
    }
    const left = await killLeftoverProcesses();
    if (left.length > 0) {
      console.error(`\n[leftover processes] ${describeLeftovers(left)}`);
      failed++;
      process.exitCode = 1;
    }
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}

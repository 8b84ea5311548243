import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/** Measurements (main-thread long tasks, …) run alone, after every other file: see the "measurements" project. */
const MEASUREMENTS = "tests/**/*.sequential.test.ts";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)), "server-only": fileURLToPath(new URL("./tests/support/server-only-stub.ts", import.meta.url)) },
  },
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    // Runs once per run: the root project does the work and the projects inherit what it provides
    // (see the file). It also ends the run with the check that no process a test started is left.
    globalSetup: ["tests/support/global-setup.ts"],
    // Test files run in child processes (not threads): what a test spawns is then a grandchild of
    // vitest, which the leftover-process check tells from vitest's own workers.
    pool: "forks",
    // Route handlers called in-process write one JSON log line per request (server/log.ts): keep the
    // test output to warnings and errors. Tests that read the log set the level they need.
    env: { GAPMAP_LOG_LEVEL: process.env.GAPMAP_LOG_LEVEL ?? "warn" },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["tests/**/*.test.ts"],
          exclude: [MEASUREMENTS],
          // PGlite instances are heavy (WASM, ~100 MB each): keep the number of parallel files small on 2 cores.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // A measurement of the browser's main thread must not also measure other files' browsers and
        // databases on the same two cores: these files start once the suite is done, one at a time.
        extends: true,
        test: { name: "measurements", include: [MEASUREMENTS], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});

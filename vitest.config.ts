import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)), "server-only": fileURLToPath(new URL("./tests/support/server-only-stub.ts", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // PGlite instances are heavy (WASM, ~100 MB each): keep the number of parallel files small on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});

// The analysis worker (db/ingest/worker/entry.ts) as one ES module at a known path, .workers/analysis.mjs:
// Next.js bundles the server code into .next/, where a worker_threads entry written in TypeScript would not
// exist at run time; this file does, for `next start`, `next dev`, the CLIs and vitest alike (docs/DEVELOPING.md,
// "The analysis worker"). Packages stay external (resolved from node_modules at run time); the project's own
// code (db/ingest, geo/) is bundled. Run by predev, prebuild, demo and the tests' global setup; about 0.2 s.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const WORKER_OUT = ".workers/analysis.mjs";

export async function buildWorkers() {
  await build({
    absWorkingDir: root,
    entryPoints: ["db/ingest/worker/entry.ts"],
    outfile: WORKER_OUT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    // "server-only" throws outside a React server environment; a worker is server code by construction.
    plugins: [
      {
        name: "server-only",
        setup(b) {
          b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
          b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
        },
      },
    ],
    // CommonJS packages (exceljs …) call require(): give the module one.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildWorkers();

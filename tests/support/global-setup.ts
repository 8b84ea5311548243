import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";
import { describeLeftovers, killLeftoverProcesses, RUN_MARKER } from "./leftover-processes";
import { ensureSeededPglite, createSeededPostgres } from "./seeded-db";
// @ts-expect-error: a plain .mjs script without types
import { buildWorkers } from "../../scripts/build-workers.mjs";

/**
 * Once per test run: a seeded PGlite directory (cached under .cache/ while the generator and
 * migrations are unchanged) and, when TEST_DATABASE_URL is set, a database of this run's own on
 * that server, migrated and seeded, dropped at the end. Tests copy the PGlite directory; tests on
 * PostgreSQL only read, or write inside a transaction they roll back.
 *
 * Vitest runs a globalSetup once for every project that inherits it (the "suite" and
 * "measurements" projects extend the root config) and once for the root project, which always
 * runs: only the root's call does the work, and what it provides every project inherits.
 *
 * At the end: no process a test started may still be running (tests/support/leftover-processes.ts).
 */
export default async function setup(project: TestProject) {
  if (!project.isRootProject()) return;
  process.env[RUN_MARKER] = randomUUID(); // before any worker starts: every process of the run inherits it

  const t0 = performance.now();
  // The analysis worker that db/ingest runs its CPU-heavy steps in (db/ingest/worker/pool.ts).
  await buildWorkers();
  const dir = await ensureSeededPglite();
  project.provide("seededPgliteDir", dir);
  let drop: (() => Promise<void>) | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const pg = await createSeededPostgres(process.env.TEST_DATABASE_URL);
    project.provide("seededPostgresUrl", pg.url);
    drop = pg.drop;
  } else project.provide("seededPostgresUrl", "");
  console.log(`[global-setup] seeded databases ready in ${Math.round(performance.now() - t0)} ms (PGlite ${dir}${drop ? " + PostgreSQL" : ""})`);

  return async () => {
    await drop?.();
    // The summary reporter has already checked after the last test; this catches what is left
    // when it is not in use (another --reporter) and anything a later teardown started.
    const left = await killLeftoverProcesses();
    if (left.length > 0) {
      console.error(`\n[global-teardown] ${describeLeftovers(left)}\n`);
      process.exitCode = 1;
    }
  };
}

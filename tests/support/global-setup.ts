import type { TestProject } from "vitest/node";
import { ensureSeededPglite, resetAndSeedPostgres } from "./seeded-db";

/**
 * Once per test run: a seeded PGlite directory (cached under .cache/ while the generator and
 * migrations are unchanged) and, when TEST_DATABASE_URL is set, a freshly migrated and seeded
 * PostgreSQL database. Tests copy the PGlite directory; PostgreSQL tests only read.
 */
export default async function setup(project: TestProject) {
  const t0 = performance.now();
  const dir = await ensureSeededPglite();
  project.provide("seededPgliteDir", dir);
  if (process.env.TEST_DATABASE_URL) await resetAndSeedPostgres(process.env.TEST_DATABASE_URL);
  console.log(`[global-setup] seeded databases ready in ${Math.round(performance.now() - t0)} ms (PGlite ${dir}${process.env.TEST_DATABASE_URL ? " + PostgreSQL" : ""})`);
}

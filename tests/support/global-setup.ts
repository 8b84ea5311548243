import type { TestProject } from "vitest/node";
import { ensureSeededPglite, createSeededPostgres } from "./seeded-db";

/**
 * Once per test run: a seeded PGlite directory (cached under .cache/ while the generator and
 * migrations are unchanged) and, when TEST_DATABASE_URL is set, a database of this run's own on
 * that server, migrated and seeded, dropped at the end. Tests copy the PGlite directory; tests on
 * PostgreSQL only read, or write inside a transaction they roll back.
 */
export default async function setup(project: TestProject) {
  const t0 = performance.now();
  const dir = await ensureSeededPglite();
  project.provide("seededPgliteDir", dir);
  let drop: (() => Promise<void>) | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const pg = await createSeededPostgres(process.env.TEST_DATABASE_URL);
    project.provide("seededPostgresUrl", pg.url);
    drop = pg.drop;
  } else project.provide("seededPostgresUrl", "");
  console.log(`[global-setup] seeded databases ready in ${Math.round(performance.now() - t0)} ms (PGlite ${dir}${drop ? " + PostgreSQL" : ""})`);
  return async () => { await drop?.(); };
}

import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { readEnv, type Env } from "./env";

export type Schema = typeof schema;
/** Either driver's database: both extend drizzle's PgDatabase, so every query in db/queries runs on both. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface OpenDb {
  db: Db;
  driver: "pglite" | "postgres";
  close(): Promise<void>;
}

/**
 * Opens a database: postgres.js when a URL is given, else embedded PGlite in `pgliteDir`
 * (created if missing; its parent must exist — docs/DEVELOPING.md, "PGlite"). Applies migrations unless told not to.
 */
export async function openDb(opts: { url?: string; pgliteDir?: string; migrate?: boolean }): Promise<OpenDb> {
  const migrate = opts.migrate ?? true;
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const sql = postgres(opts.url, { max: 5, onnotice: () => {} });
    const db = drizzle(sql, { schema }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
      await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return { db, driver: "postgres", close: () => sql.end() };
  }
  // The data directory is chosen at run time; it is not a build input (turbopackIgnore keeps it out of tracing).
  const dir = path.resolve(/*turbopackIgnore: true*/ opts.pgliteDir ?? ".data/pglite");
  mkdirSync(path.dirname(dir), { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = new PGlite(dir);
  const db = drizzle(client, { schema }) as unknown as Db;
  if (migrate) {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return { db, driver: "pglite", close: () => client.close() };
}

export function openDbFromEnv(env: Env = readEnv()): Promise<OpenDb> {
  return openDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, migrate: env.DB_MIGRATE_ON_START === "true" });
}

import "server-only";
import { sql } from "drizzle-orm";
import journal from "../migrations/meta/_journal.json";
import type { Db } from "../client";
import { rowsOf } from "./scope";

/** The migrations this build ships (db/migrations/meta/_journal.json, drizzle-kit's list), in order. */
export const EXPECTED_MIGRATIONS: readonly { tag: string; when: number }[] = journal.entries.map((e) => ({ tag: e.tag, when: e.when }));

export interface MigrationStatus {
  /** Tags of the shipped migrations the database has not applied, in order (empty: current). */
  missing: string[];
  /** How many migrations the database has applied (also any newer than this build's). */
  applied: number;
}

/**
 * Which of this build's migrations the database has applied. drizzle's migrator records each one
 * in `drizzle.__drizzle_migrations` with `created_at` = the journal entry's `when` (that is what it
 * compares too); a database where that table does not exist has applied none. Read-only, one
 * round trip when the table exists. Throws when the database cannot be reached.
 */
export async function migrationStatus({ db }: { db: Db }): Promise<MigrationStatus> {
  const [present] = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  const rows = present?.present
    ? rowsOf<{ created_at: string }>(await db.execute(sql`select created_at::text as created_at from drizzle.__drizzle_migrations`))
    : [];
  const applied = new Set(rows.map((r) => r.created_at));
  return { missing: EXPECTED_MIGRATIONS.filter((m) => !applied.has(String(m.when))).map((m) => m.tag), applied: rows.length };
}

// migrationStatus (what GET /api/ready compares) on both drivers: the seeded database is current;
// without the rows of some migrations (deleted inside a transaction that is rolled back) it names
// exactly those; a database never migrated has none applied.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { OpenDb } from "@/db/client";
import { EXPECTED_MIGRATIONS, migrationStatus } from "@/db/queries/health";
import { drivers, openSeeded } from "../support/seeded-db";
import { inRollback } from "../support/import-helpers";

describe.each(drivers())("migrationStatus on %s", (driver) => {
  let o: OpenDb & { cleanup(): Promise<void> };
  beforeAll(async () => {
    o = await openSeeded(driver, inject("seededPgliteDir"));
  });
  afterAll(async () => {
    await o?.cleanup();
  });

  it("the seeded database has applied every shipped migration", async () => {
    expect(await migrationStatus({ db: o.db })).toEqual({ missing: [], applied: EXPECTED_MIGRATIONS.length });
  });

  it("names the migrations whose rows are missing, in the journal's order", async () => {
    const gone = [EXPECTED_MIGRATIONS.at(-1)!, EXPECTED_MIGRATIONS[1]!];
    await inRollback(o.db, async (tx) => {
      for (const m of gone) await tx.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${m.when}`);
      expect(await migrationStatus({ db: tx })).toEqual({
        missing: [EXPECTED_MIGRATIONS[1]!.tag, EXPECTED_MIGRATIONS.at(-1)!.tag],
        applied: EXPECTED_MIGRATIONS.length - 2,
      });
    });
    expect((await migrationStatus({ db: o.db })).missing).toEqual([]);
  });

  it("a database that was never migrated (no drizzle table) misses them all", async () => {
    await inRollback(o.db, async (tx) => {
      await tx.execute(sql`alter table drizzle.__drizzle_migrations rename to __moved_away`);
      expect(await migrationStatus({ db: tx })).toEqual({ missing: EXPECTED_MIGRATIONS.map((m) => m.tag), applied: 0 });
    });
  });
});

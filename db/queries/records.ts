import "server-only";
import { eq, isNull, and, sql } from "drizzle-orm";
import type { Db } from "../client";
import { importRecords } from "../schema";

/** True when the data in use come from the demo generator (no live, non-demo import). */
export async function isDemoData({ db }: { db: Db }): Promise<boolean> {
  const rows = await db
    .select({ kind: importRecords.kind, n: sql<number>`count(*)::int` })
    .from(importRecords)
    .where(isNull(importRecords.undoneAt))
    .groupBy(importRecords.kind);
  return rows.some((r) => r.kind === "demo") && rows.every((r) => r.kind === "demo");
}

export async function demoRecord({ db }: { db: Db }) {
  const rows = await db
    .select()
    .from(importRecords)
    .where(and(eq(importRecords.kind, "demo"), isNull(importRecords.undoneAt)));
  return rows[0] ?? null;
}

import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../client";
import { columnMappings } from "../../schema";

/** Column mappings a user confirmed, remembered per header layout (kind + normalised header row). */


export async function rememberedMapping({ db, kind, signature }: { db: Db; kind: string; signature: string }) {
  const rows = await db
    .select()
    .from(columnMappings)
    .where(and(eq(columnMappings.kind, kind as "indicators"), eq(columnMappings.headerSignature, signature)))
    .orderBy(desc(columnMappings.lastUsedAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function saveMapping({ db, kind, signature, mapping }: { db: Db; kind: string; signature: string; mapping: Record<string, string> }) {
  const existing = await rememberedMapping({ db, kind, signature });
  if (existing) {
    await db.update(columnMappings).set({ mapping, lastUsedAt: new Date() }).where(eq(columnMappings.id, existing.id));
  } else {
    await db.insert(columnMappings).values({ kind: kind as "indicators", headerSignature: signature, mapping });
  }
}

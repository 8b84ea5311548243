import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../client";
import { columnMappings } from "../../schema";
import { recordAudit, type Actor } from "../audit";
import type { Scope } from "../scope";

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

/**
 * Remembers a mapping for a header layout (or marks the remembered one as used again). Runs in the
 * caller's transaction (the import's commit); a new or changed mapping gets its audit row
 * ("column_mapping.save": the headers whose field changed), a mapping used again unchanged only its
 * last_used_at (the commit's own audit row records that import).
 */
export async function saveMapping({
  db,
  kind,
  signature,
  mapping,
  actor,
  scope,
}: {
  db: Db;
  kind: string;
  signature: string;
  mapping: Record<string, string>;
  actor: Actor;
  scope: Scope | null;
}) {
  const existing = await rememberedMapping({ db, kind, signature });
  let id: number;
  if (existing) {
    await db.update(columnMappings).set({ mapping, lastUsedAt: new Date() }).where(eq(columnMappings.id, existing.id));
    id = existing.id;
  } else {
    const [row] = await db
      .insert(columnMappings)
      .values({ kind: kind as "indicators", headerSignature: signature, mapping })
      .returning({ id: columnMappings.id });
    id = row!.id;
  }
  const before = existing?.mapping ?? null;
  const changed = [...new Set([...Object.keys(before ?? {}), ...Object.keys(mapping)])].filter((h) => (before?.[h] ?? null) !== (mapping[h] ?? null));
  if (before && changed.length === 0) return;
  await recordAudit(db, {
    actor,
    action: "column_mapping.save",
    scope,
    targetIds: [id],
    summary: {
      kind,
      before: before ? { columns: Object.keys(before).length } : null,
      after: { columns: Object.keys(mapping).length },
      changed: Object.fromEntries(changed.slice(0, 30).map((h) => [h, [before?.[h] ?? null, mapping[h] ?? null]])),
    },
  });
}

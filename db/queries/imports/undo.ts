import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../client";
import { importRecords } from "../../schema";
import { rowsOf, type Scope, type Structure } from "../scope";
import { sharesUnitsWith } from "../sql/scope";
import { dbColumns, keyJoin, UNDOABLE_NAMES, undoable } from "./change-log";
import { parseJson } from "./read";
import { recordAudit, type Actor } from "../audit";

/**
 * The history of imports as the viewer sees it, and undo: every row an import changed is put back
 * from the change log (change-log.ts).
 */

export interface ImportListItem {
  id: number;
  kind: string;
  fileName: string;
  sha256: string;
  importedBy: string;
  importedAt: string;
  counts: Record<string, number>;
  undoneAt: string | null;
  changes: number;
}

/**
 * A token that changes whenever an import is recorded or undone — every write of imported data goes
 * with one — so a dry run's plan can be reused by the commit that follows it when nothing happened
 * in between.
 */
export async function importStateToken({ db }: { db: Db }): Promise<string> {
  const res = await db.execute(sql`select coalesce(max(id), 0)::int as m, count(undone_at)::int as u, count(*)::int as n from import_records`);
  const r = rowsOf<{ m: number; u: number; n: number }>(res)[0]!;
  return `${r.m}:${r.u}:${r.n}`;
}

/**
 * Whether an import concerns the viewer's scope: it has no scope of its own (the demo data), or
 * its scope and the viewer's share at least one hamlet — in whichever structure each was chosen
 * (a post-2025 commune's import concerns the pre-2025 district its hamlets were in).
 */
function concernsScope(scope: Scope): SQL {
  const recorded = { unitId: sql`r.details->'scope'->>'unitId'`, structure: sql`r.details->'scope'->>'structure'` };
  return sql`(r.details->'scope' is null or ${sharesUnitsWith(scope, recorded)})`;
}

/** Imports that concern the viewer's scope (newest first), with how many rows each changed. */
export async function listImports({ db, scope, limit = 50 }: { db: Db; scope: Scope; limit?: number }): Promise<ImportListItem[]> {
  const res = await db.execute(sql`
    select r.id, r.kind, r.file_name as "fileName", r.sha256, r.imported_by as "importedBy", r.imported_at::text as "importedAt",
           r.counts, r.undone_at::text as "undoneAt", (select count(*)::int from import_changes c where c.import_id = r.id)
             + coalesce((select sum(v::int)::int from jsonb_each_text(r.details->'stamped') as e(k, v)), 0) as changes
    from import_records r where ${concernsScope(scope)} order by r.id desc limit ${limit}`);
  return rowsOf<ImportListItem & { counts: unknown }>(res).map((r) => ({
    ...r,
    id: Number(r.id),
    changes: Number(r.changes),
    counts: parseJson<Record<string, number>>(r.counts) ?? {},
  }));
}

export type UndoOutcome =
  | { status: "undone"; restored: number }
  | { status: "notFound" }
  | { status: "alreadyUndone" }
  | { status: "notUndoable"; reason: "demo" }
  | { status: "conflict"; rows: number; laterImports: number[] };

/**
 * Undoes an import exactly: every row it changed is put back as it was before (updated rows get
 * their old values, inserted rows are deleted, deleted rows come back) — provided no later change
 * touched the same rows (then it answers "conflict" with the later imports to undo first).
 * Runs in one transaction.
 */
export async function undoImport({
  db,
  scope,
  importId,
  actor,
  only,
}: {
  db: Db;
  scope: Scope;
  importId: number;
  actor: Actor;
  /** A telecom coordinator may undo only imports of these kinds delivered for their operator: any other answers "notFound". */
  only?: { kinds: readonly string[]; operator: string };
}): Promise<UndoOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [rec] = await tx.select().from(importRecords).where(eq(importRecords.id, importId));
    // An import outside the viewer's scope is not theirs to see, nor to undo.
    const visible =
      rec && rowsOf<{ ok: boolean }>(await tx.execute(sql`select ${concernsScope(scope)} as ok from import_records r where r.id = ${importId}`))[0]?.ok;
    if (!rec || !visible) return { status: "notFound" as const };
    if (only && (!only.kinds.includes(rec.kind) || (rec.details as { coverage?: { operator?: string | null } | null }).coverage?.operator !== only.operator))
      return { status: "notFound" as const };
    if (rec.undoneAt) return { status: "alreadyUndone" as const };
    if (rec.kind === "demo") return { status: "notUndoable" as const, reason: "demo" as const };
    let conflicts = 0;
    for (const name of UNDOABLE_NAMES) {
      const { key } = undoable(name);
      const t = sql.raw(name);
      const res = await tx.execute(sql`
        select count(*)::int as n from import_changes c left join ${t} s on ${keyJoin("s", key, "c.row_key")}
        where c.import_id = ${importId} and c.table_name = ${name} and to_jsonb(s) is distinct from c.after`);
      conflicts += Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
    }
    // Rows inserted without a log (insertStamped): as many must still carry this import's id.
    for (const name of UNDOABLE_NAMES) {
      const { key, stamped } = undoable(name);
      const inserted = Number((rec.details as { stamped?: Record<string, number> } | null)?.stamped?.[name] ?? 0);
      if (!stamped || inserted === 0) continue;
      const t = sql.raw(name);
      // Rows with this import's id, less those it changed (logged) rather than inserted: each
      // count is one pass (a per-row "not exists" over the log would be quadratic).
      const res = await tx.execute(sql`
        select (select count(*) from ${t} s where s.import_id = ${importId})
             - (select count(*) from import_changes c join ${t} s on ${keyJoin("s", key, "c.row_key")}
                where c.import_id = ${importId} and c.table_name = ${name} and s.import_id = ${importId}) as n`);
      conflicts += Math.max(0, inserted - Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0));
    }
    if (conflicts > 0) {
      // Later imports that changed rows this one wrote: by the same key in the log, or (rows
      // inserted without a log) by this import's id in the row they logged as "before".
      const later = await tx.execute(sql`
        select x.id from (
          select c2.import_id as id from import_changes c
            join import_changes c2 on c2.table_name = c.table_name and c2.row_key = c.row_key and c2.import_id > c.import_id
          where c.import_id = ${importId}
          union
          select c2.import_id from import_changes c2 where c2.import_id > ${importId} and (c2.before->>'import_id')::int = ${importId}
        ) x join import_records r on r.id = x.id and r.undone_at is null
        order by 1`);
      return { status: "conflict" as const, rows: conflicts, laterImports: rowsOf<{ id: number }>(later).map((r) => Number(r.id)) };
    }
    let restored = 0;
    // Dependents first (snapshots of a created hamlet), the units last.
    for (const name of UNDOABLE_NAMES) {
      const { table, key, stamped } = undoable(name);
      const t = sql.raw(name);
      const keyCols = Object.keys(key);
      const setCols = dbColumns(table).filter((c) => !keyCols.includes(c));
      const upd = await tx.execute(sql`
        update ${t} s set (${sql.raw(setCols.join(", "))})
          = (select ${sql.raw(setCols.map((c) => `r.${c}`).join(", "))} from jsonb_populate_record(null::${t}, c.before) r)
        from import_changes c
        where c.import_id = ${importId} and c.table_name = ${name} and c.before is not null and c.after is not null and ${keyJoin("s", key, "c.row_key")}
        returning 1`);
      const del = await tx.execute(sql`
        delete from ${t} s using import_changes c
        where c.import_id = ${importId} and c.table_name = ${name} and c.before is null and ${keyJoin("s", key, "c.row_key")}
        returning 1`);
      // What is left with this import's id was inserted by it without a log (insertStamped).
      const stampedDel = stamped ? await tx.execute(sql`delete from ${t} s where s.import_id = ${importId} returning 1`) : null;
      const ins = await tx.execute(sql`
        insert into ${t} select (jsonb_populate_record(null::${t}, c.before)).* from import_changes c
        where c.import_id = ${importId} and c.table_name = ${name} and c.after is null and c.before is not null returning 1`);
      restored += rowsOf(upd).length + rowsOf(del).length + (stampedDel ? rowsOf(stampedDel).length : 0) + rowsOf(ins).length;
    }
    const [done] = await tx
      .update(importRecords)
      .set({ undoneAt: new Date() })
      .where(eq(importRecords.id, importId))
      .returning({ undoneAt: importRecords.undoneAt });
    // The audit row concerns the import's own scope (what was put back), else the viewer's.
    const own = (rec.details as { scope?: { unitId?: unknown; structure?: unknown } } | null)?.scope;
    const ownUnit = own?.unitId,
      ownStructure = own?.structure;
    const auditScope =
      typeof ownUnit === "string" && (ownStructure === "pre2025" || ownStructure === "post2025")
        ? { unitId: ownUnit, structure: ownStructure as Structure }
        : scope;
    await recordAudit(tx, {
      actor,
      action: "import.undo",
      scope: auditScope,
      targetIds: [importId],
      summary: { kind: rec.kind, fileName: rec.fileName, before: { undoneAt: null }, after: { undoneAt: done!.undoneAt!.toISOString(), restored } },
    });
    return { status: "undone" as const, restored };
  });
}

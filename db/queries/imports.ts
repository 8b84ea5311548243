import "server-only";
import { and, desc, eq, getTableColumns, isNull, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import {
  adminUnits, columnMappings, coverageLayers, hamletInfrastructure, hamletSnapshots, importChanges, importRecords, sites, targets,
} from "../schema";
import { rowsOf, type Scope } from "./scope";
import { copyRows } from "./copy";
import type { GazUnit } from "../ingest/match";

/** Rows per statement when a list travels as one JSON parameter (keeps statements small on both drivers). */
const CHUNK = 5000;

/**
 * The tables an import may change, with the columns that identify a row. Undo walks them in this order.
 * `stamped`: the table has an import_id column that every import write sets, so rows an import
 * inserts need no per-row undo log (insertStamped).
 */
export const UNDOABLE: Record<string, { table: PgTable; key: Record<string, "text" | "date" | "int">; stamped?: true }> = {
  hamlet_snapshots: { table: hamletSnapshots, key: { hamlet_id: "text", as_of: "date" }, stamped: true },
  hamlet_infrastructure: { table: hamletInfrastructure, key: { hamlet_id: "text", as_of: "date" } },
  targets: { table: targets, key: { id: "int" } },
  sites: { table: sites, key: { id: "int" } },
  coverage_layers: { table: coverageLayers, key: { id: "int" } },
  admin_units: { table: adminUnits, key: { id: "text" } },
};

function dbColumns(table: PgTable): string[] {
  return Object.values(getTableColumns(table)).map((c) => c.name);
}

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
/** Row data travel as json (not jsonb): PostgreSQL parses it lazily, a fifth faster on 100k rows. */
const jsonRows = (v: unknown) => sql`${JSON.stringify(v)}::json`;

/** `k.col = t.col and …` joining a table to a jsonb key record set aliased k. */
function keyJoin(tableAlias: string, key: Record<string, string>, source: string): SQL {
  return sql.join(
    Object.entries(key).map(([c, t]) => sql.raw(`${tableAlias}.${c} = (${source}->>'${c}')::${t === "int" ? "int" : t}`)),
    sql` and `,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading what matching and comparison need

/**
 * The units a file may name, for matching: the scope's hamlets with their communes in both
 * structures, those communes (pre- and post-2025), and the districts and province above them.
 */
export async function loadGazetteer({ db, scope }: { db: Db; scope: Scope }): Promise<GazUnit[]> {
  const res = await db.execute(sql`
    with hamlets as (
      select c.descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
      where c.structure = ${scope.structure} and c.ancestor_id = ${scope.unitId}
    ), hp as (
      select p.child_id, p.parent_id from admin_parents p where p.child_id in (select id from hamlets)
    ), above as (
      select distinct c.ancestor_id as id from admin_closure c where c.descendant_id in (select id from hamlets) and c.depth > 0
    ), units as (
      select id from hamlets union select id from above
    ), parents as (
      select p.child_id, jsonb_agg(distinct p.parent_id) as ids from admin_parents p where p.child_id in (select id from units) group by p.child_id
    )
    select u.id, u.code, u.level::text as level, u.type, u.name, u.aliases, coalesce(pa.ids, '[]'::jsonb) as "parentIds"
    from admin_units u join units x on x.id = u.id left join parents pa on pa.child_id = u.id
    order by u.id`);
  return rowsOf<GazUnit & { aliases: unknown; parentIds: unknown }>(res).map((r) => ({
    ...r,
    aliases: parseJson<string[]>(r.aliases) ?? [],
    parentIds: parseJson<string[]>(r.parentIds) ?? [],
  }));
}

function parseJson<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** The province containing the scope, with its bounding box (for coordinate checks and coverage layers). */
export async function scopeProvince({ db, scope }: { db: Db; scope: Scope }): Promise<{ id: string; name: string; bbox: [number, number, number, number] } | null> {
  const res = await db.execute(sql`
    select u.id, u.name, u.bbox_west as w, u.bbox_south as s, u.bbox_east as e, u.bbox_north as n
    from admin_closure c join admin_units u on u.id = c.ancestor_id and u.level = 'province'
    where c.structure = ${scope.structure} and c.descendant_id = ${scope.unitId} limit 1`);
  const r = rowsOf<{ id: string; name: string; w: number; s: number; e: number; n: number }>(res)[0];
  return r ? { id: r.id, name: r.name, bbox: [Number(r.w), Number(r.s), Number(r.e), Number(r.n)] } : null;
}

/**
 * The snapshots (as stored: snake_case JSON) a file's rows are compared with: for the given hamlets,
 * every snapshot from `from` to `upTo`, and the latest one before `from` (what a new month carries
 * forward from). In no particular order.
 */
export async function snapshotsOf({ db, hamletIds, from, upTo, onChunk }: { db: Db; hamletIds: readonly string[]; from: string; upTo: string; /** After each chunk of hamlets (progress, and a turn of the event loop for the caller). */ onChunk?: () => void | Promise<void> }): Promise<Record<string, unknown>[]> {
  const cols = dbColumns(hamletSnapshots);
  const out: Record<string, unknown>[] = [];
  // 500 hamlets at a time keeps each json text to a few MB (a year of dates each).
  for (const ids of chunks(hamletIds, 500)) {
    // One json text of arrays per chunk rather than a row each, unordered (the caller sorts each hamlet's few):
    // PGlite's per-row cost dominates otherwise (100k rows: 0.6 s this way, 1.0 s as ordered
    // json objects, 1.1 s as to_jsonb rows — measured on the import benchmark's data).
    const res = await db.execute(sql`
      with h as (select jsonb_array_elements_text(${json(ids)}) as id),
      x as (
        select s.* from hamlet_snapshots s where s.hamlet_id in (select id from h) and s.as_of between ${from} and ${upTo}
        union all
        select p.* from h cross join lateral (
          select * from hamlet_snapshots s where s.hamlet_id = h.id and s.as_of < ${from} order by s.as_of desc limit 1
        ) p
      )
      select coalesce(json_agg(json_build_array(${sql.raw(cols.map((c) => `x.${c}`).join(", "))})), '[]')::text as rows from x`);
    for (const a of JSON.parse(rowsOf<{ rows: string }>(res)[0]!.rows) as unknown[][]) {
      const o: Record<string, unknown> = {};
      for (let k = 0; k < cols.length; k++) o[cols[k]!] = a[k];
      out.push(o);
    }
    await onChunk?.();
  }
  return out;
}

/** Targets (as stored) of the given units. */
export async function targetsOf({ db, unitIds }: { db: Db; unitIds: readonly string[] }): Promise<Record<string, unknown>[]> {
  if (unitIds.length === 0) return [];
  const res = await db.execute(sql`select to_jsonb(t) as r from targets t where t.unit_id in (select jsonb_array_elements_text(${json(unitIds)})) order by t.id`);
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** Sites (as stored) in the scope's hamlets, or without a hamlet. */
export async function sitesInScope({ db, scope }: { db: Db; scope: Scope }): Promise<Record<string, unknown>[]> {
  const res = await db.execute(sql`
    select to_jsonb(s) as r from sites s
    where s.hamlet_id is null or s.hamlet_id in (select descendant_id from admin_closure where structure = ${scope.structure} and ancestor_id = ${scope.unitId})
    order by s.id`);
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** Hamlet rows (as stored) by id. */
export async function unitsById({ db, ids }: { db: Db; ids: readonly string[] }): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const res = await db.execute(sql`select to_jsonb(u) as r from admin_units u where u.id in (select jsonb_array_elements_text(${json(ids)}))`);
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** The newest import of this exact file (same hash and kind) that was not undone. */
export async function importOfFile({ db, sha256, kind }: { db: Db; sha256: string; kind: string }) {
  const rows = await db
    .select({ id: importRecords.id, importedAt: importRecords.importedAt, importedBy: importRecords.importedBy })
    .from(importRecords)
    .where(and(eq(importRecords.sha256, sha256), eq(importRecords.kind, kind as "indicators"), isNull(importRecords.undoneAt)))
    .orderBy(desc(importRecords.id))
    .limit(1);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Column mappings

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

// ---------------------------------------------------------------------------------------------
// Writing, with before/after rows for undo

export async function createImportRecord({ db, kind, fileName, sha256, importedBy, details }: { db: Db; kind: string; fileName: string; sha256: string; importedBy: string; details: Record<string, unknown> }): Promise<number> {
  const [rec] = await db
    .insert(importRecords)
    .values({ kind: kind as "indicators", fileName, sha256, importedBy, counts: {}, details })
    .returning({ id: importRecords.id });
  return rec!.id;
}

export async function setImportCounts({ db, importId, counts }: { db: Db; importId: number; counts: Record<string, number> }) {
  await db.update(importRecords).set({ counts }).where(eq(importRecords.id, importId));
}

/**
 * Inserts rows that do not exist yet (a conflict fails loudly) into a `stamped` table, by COPY and
 * without a row in import_changes each: every row carries this import's id in import_id, and the
 * number inserted is kept in the import record (details.stamped) — that is all undo needs. Undo
 * deletes the rows still stamped with this import, and refuses (conflict) when fewer are left
 * than were inserted: a later import changed some (and logged them, with this import's id in
 * their "before"). On 100k rows this is ≈ 3 s less than a logged insert (bench/import.bench.ts).
 */
export async function insertStamped({ db, importId, tableName, rows, onChunk }: { db: Db; importId: number; tableName: keyof typeof UNDOABLE; rows: readonly Record<string, unknown>[]; onChunk?: (done: number) => void | Promise<void> }): Promise<void> {
  const { table, stamped } = UNDOABLE[tableName]!;
  if (!stamped) throw new Error(`insertStamped: ${tableName} has no import_id stamp`);
  if (rows.some((r) => r.import_id !== importId)) throw new Error(`insertStamped: every row must carry import_id ${importId}`);
  await copyRows({ db, table: tableName, columns: dbColumns(table), rows, onChunk, chunkRows: CHUNK });
  await db.execute(sql`
    update import_records set details = jsonb_set(coalesce(details, '{}'::jsonb), '{stamped}', coalesce(details->'stamped', '{}'::jsonb) || jsonb_build_object(${tableName}::text, coalesce((details->'stamped'->>${tableName})::int, 0) + ${rows.length}::int))
    where id = ${importId}`);
}

/**
 * Upserts rows (snake_case objects with every column) into a table, logging each row's value
 * before (null if new) and after in import_changes. Before/after are read from the database
 * itself (to_jsonb), so undo can compare and restore exactly.
 */
export async function upsertLogged({ db, importId, tableName, rows, onChunk }: { db: Db; importId: number; tableName: keyof typeof UNDOABLE; rows: readonly Record<string, unknown>[]; onChunk?: (done: number) => void | Promise<void> }): Promise<void> {
  const { table, key } = UNDOABLE[tableName]!;
  const cols = dbColumns(table);
  const keyCols = Object.keys(key);
  const t = sql.raw(tableName);
  const colList = sql.raw(cols.join(", "));
  const updates = sql.raw(cols.filter((c) => !keyCols.includes(c)).map((c) => `${c} = excluded.${c}`).join(", "));
  let done = 0;
  for (const chunk of chunks(rows)) {
    // One statement: the CTE "old" sees the rows as they were before the upsert (same snapshot).
    await db.execute(sql`
      with data as (select * from json_populate_recordset(null::${t}, ${jsonRows(chunk)})),
      old as (select s.* from ${t} s join data d on ${sql.raw(keyCols.map((c) => `s.${c} = d.${c}`).join(" and "))}),
      up as (
        insert into ${t} (${colList}) select ${colList} from data
        on conflict (${sql.raw(keyCols.join(", "))}) do update set ${updates}
        returning *
      )
      insert into import_changes (import_id, table_name, row_key, before, after)
      select ${importId}, ${tableName}, ${sql.raw(`jsonb_build_object(${keyCols.map((c) => `'${c}', up.${c}`).join(", ")})`)}, to_jsonb(old), to_jsonb(up)
      from up left join old on ${sql.raw(keyCols.map((c) => `old.${c} = up.${c}`).join(" and "))}`);
    done += chunk.length;
    await onChunk?.(done);
  }
}

/** Inserts new rows (serial ids assigned by the database) and logs them as created. Returns the ids. */
export async function insertLogged({ db, importId, tableName, rows }: { db: Db; importId: number; tableName: "targets" | "sites" | "coverage_layers"; rows: readonly Record<string, unknown>[] }): Promise<number[]> {
  const { table } = UNDOABLE[tableName]!;
  const cols = dbColumns(table).filter((c) => c !== "id");
  const t = sql.raw(tableName);
  const colList = sql.raw(cols.join(", "));
  const ids: number[] = [];
  for (const chunk of chunks(rows)) {
    const res = await db.execute(sql`
      with ins as (
        insert into ${t} (${colList}) select ${colList} from jsonb_populate_recordset(null::${t}, ${json(chunk)}) returning *
      ), logged as (
        insert into import_changes (import_id, table_name, row_key, before, after)
        select ${importId}, ${tableName}, jsonb_build_object('id', ins.id), null, to_jsonb(ins) from ins returning 1
      ) select id from ins order by id`);
    ids.push(...rowsOf<{ id: number }>(res).map((r) => Number(r.id)));
  }
  return ids;
}

/** Updates existing rows by key to new values, logging before/after. */
export async function updateLogged({ db, importId, tableName, rows }: { db: Db; importId: number; tableName: "targets" | "sites" | "admin_units"; rows: readonly Record<string, unknown>[] }): Promise<void> {
  const { table, key } = UNDOABLE[tableName]!;
  const keyCols = Object.keys(key);
  const setCols = dbColumns(table).filter((c) => !keyCols.includes(c));
  const t = sql.raw(tableName);
  for (const chunk of chunks(rows)) {
    const data = json(chunk);
    const keyObj = sql.raw(`jsonb_build_object(${keyCols.map((c) => `'${c}', x.r->'${c}'`).join(", ")})`);
    await db.execute(sql`
      insert into import_changes (import_id, table_name, row_key, before)
      select ${importId}, ${tableName}, ${keyObj}, to_jsonb(s) from jsonb_array_elements(${data}) as x(r) join ${t} s on ${keyJoin("s", key, "x.r")}`);
    await db.execute(sql`
      update ${t} s set (${sql.raw(setCols.join(", "))}) = (select ${sql.raw(setCols.map((c) => `r.${c}`).join(", "))} from jsonb_populate_record(null::${t}, x.r) r)
      from jsonb_array_elements(${data}) as x(r) where ${keyJoin("s", key, "x.r")}`);
  }
  await db.execute(sql`
    update import_changes c set after = to_jsonb(s) from ${t} s
    where c.import_id = ${importId} and c.table_name = ${tableName} and c.after is null and ${keyJoin("s", key, "c.row_key")}`);
}

/**
 * Creates hamlets found in no gazetteer (the user chose "create a new hamlet"): the unit, its
 * parent commune in both structures and its closure rows, logged so that undo removes them.
 */
export async function createHamlets({ db, importId, hamlets }: { db: Db; importId: number; hamlets: readonly { id: string; code: string; type: string; name: string; lon: number; lat: number; parents: { structure: "pre2025" | "post2025"; communeId: string }[]; source: string }[] }): Promise<void> {
  for (const h of hamlets) {
    const { foldName } = await import("../../geo/names");
    await db.insert(adminUnits).values({
      id: h.id, code: h.code, level: "hamlet", type: h.type, name: h.name, fullName: `${capitalise(h.type)} ${h.name}`, nameFolded: foldName(h.name),
      validFrom: new Date().toISOString().slice(0, 10), labelLon: h.lon, labelLat: h.lat, bboxWest: h.lon, bboxSouth: h.lat, bboxEast: h.lon, bboxNorth: h.lat,
      geometry: { type: "Point", coordinates: [h.lon, h.lat] }, source: h.source,
    });
    for (const p of h.parents) {
      await db.execute(sql`insert into admin_parents (structure, child_id, parent_id) values (${p.structure}, ${h.id}, ${p.communeId})`);
      // A new leaf: itself at depth 0, then every ancestor of its commune one level deeper.
      await db.execute(sql`
        insert into admin_closure (structure, ancestor_id, descendant_id, depth)
        select ${p.structure}, ${h.id}, ${h.id}, 0 where not exists (select 1 from admin_closure where structure = ${p.structure} and ancestor_id = ${h.id} and descendant_id = ${h.id})
        union all
        select c.structure, c.ancestor_id, ${h.id}, c.depth + 1 from admin_closure c where c.structure = ${p.structure} and c.descendant_id = ${p.communeId}`);
    }
    await db.execute(sql`
      insert into import_changes (import_id, table_name, row_key, before, after)
      select ${importId}, 'admin_units', jsonb_build_object('id', u.id), null, to_jsonb(u) from admin_units u where u.id = ${h.id}`);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The next free hamlet ids of a commune code: h-<code>-NN. */
export async function nextHamletIds({ db, communeCode, n }: { db: Db; communeCode: string; n: number }): Promise<string[]> {
  const res = await db.execute(sql`select id from admin_units where id like ${`h-${communeCode}-%`}`);
  const used = new Set(rowsOf<{ id: string }>(res).map((r) => r.id));
  const out: string[] = [];
  for (let k = 1; out.length < n; k++) {
    const id = `h-${communeCode}-${String(k).padStart(2, "0")}`;
    if (!used.has(id)) out.push(id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// History and undo

export interface ImportListItem {
  id: number; kind: string; fileName: string; sha256: string; importedBy: string; importedAt: string;
  counts: Record<string, number>; undoneAt: string | null; changes: number;
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
  return sql`(r.details->'scope' is null or exists (
    select 1 from admin_closure v join admin_closure i on i.descendant_id = v.descendant_id
    where v.structure = ${scope.structure} and v.ancestor_id = ${scope.unitId}
      and i.structure::text = r.details->'scope'->>'structure' and i.ancestor_id = r.details->'scope'->>'unitId'))`;
}

/** Imports that concern the viewer's scope (newest first), with how many rows each changed. */
export async function listImports({ db, scope, limit = 50 }: { db: Db; scope: Scope; limit?: number }): Promise<ImportListItem[]> {
  const res = await db.execute(sql`
    select r.id, r.kind, r.file_name as "fileName", r.sha256, r.imported_by as "importedBy", r.imported_at::text as "importedAt",
           r.counts, r.undone_at::text as "undoneAt", (select count(*)::int from import_changes c where c.import_id = r.id)
             + coalesce((select sum(v::int)::int from jsonb_each_text(r.details->'stamped') as e(k, v)), 0) as changes
    from import_records r where ${concernsScope(scope)} order by r.id desc limit ${limit}`);
  return rowsOf<ImportListItem & { counts: unknown }>(res).map((r) => ({ ...r, id: Number(r.id), changes: Number(r.changes), counts: parseJson<Record<string, number>>(r.counts) ?? {} }));
}

export type UndoOutcome = { status: "undone"; restored: number } | { status: "notFound" } | { status: "alreadyUndone" } | { status: "notUndoable"; reason: "demo" } | { status: "conflict"; rows: number; laterImports: number[] };

/**
 * Undoes an import exactly: every row it changed is put back as it was before (updated rows get
 * their old values, inserted rows are deleted, deleted rows come back) — provided no later change
 * touched the same rows (then it answers "conflict" with the later imports to undo first).
 * Runs in one transaction.
 */
export async function undoImport({ db, scope, importId }: { db: Db; scope: Scope; importId: number }): Promise<UndoOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [rec] = await tx.select().from(importRecords).where(eq(importRecords.id, importId));
    // An import outside the viewer's scope is not theirs to see, nor to undo.
    const visible = rec && rowsOf<{ ok: boolean }>(await tx.execute(sql`select ${concernsScope(scope)} as ok from import_records r where r.id = ${importId}`))[0]?.ok;
    if (!rec || !visible) return { status: "notFound" as const };
    if (rec.undoneAt) return { status: "alreadyUndone" as const };
    if (rec.kind === "demo") return { status: "notUndoable" as const, reason: "demo" as const };
    let conflicts = 0;
    for (const [name, { key }] of Object.entries(UNDOABLE)) {
      const t = sql.raw(name);
      const res = await tx.execute(sql`
        select count(*)::int as n from import_changes c left join ${t} s on ${keyJoin("s", key, "c.row_key")}
        where c.import_id = ${importId} and c.table_name = ${name} and to_jsonb(s) is distinct from c.after`);
      conflicts += Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
    }
    // Rows inserted without a log (insertStamped): as many must still carry this import's id.
    for (const [name, { key, stamped }] of Object.entries(UNDOABLE)) {
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
          select c2.import_id as id from import_changes c join import_changes c2 on c2.table_name = c.table_name and c2.row_key = c.row_key and c2.import_id > c.import_id
          where c.import_id = ${importId}
          union
          select c2.import_id from import_changes c2 where c2.import_id > ${importId} and (c2.before->>'import_id')::int = ${importId}
        ) x join import_records r on r.id = x.id and r.undone_at is null
        order by 1`);
      return { status: "conflict" as const, rows: conflicts, laterImports: rowsOf<{ id: number }>(later).map((r) => Number(r.id)) };
    }
    let restored = 0;
    // Dependents first (snapshots of a created hamlet), the units last.
    for (const [name, { table, key }] of Object.entries(UNDOABLE)) {
      const t = sql.raw(name);
      const keyCols = Object.keys(key);
      const setCols = dbColumns(table).filter((c) => !keyCols.includes(c));
      const upd = await tx.execute(sql`
        update ${t} s set (${sql.raw(setCols.join(", "))}) = (select ${sql.raw(setCols.map((c) => `r.${c}`).join(", "))} from jsonb_populate_record(null::${t}, c.before) r)
        from import_changes c where c.import_id = ${importId} and c.table_name = ${name} and c.before is not null and c.after is not null and ${keyJoin("s", key, "c.row_key")}
        returning 1`);
      const del = await tx.execute(sql`
        delete from ${t} s using import_changes c where c.import_id = ${importId} and c.table_name = ${name} and c.before is null and ${keyJoin("s", key, "c.row_key")}
        returning 1`);
      // What is left with this import's id was inserted by it without a log (insertStamped).
      const stampedDel = UNDOABLE[name]!.stamped ? await tx.execute(sql`delete from ${t} s where s.import_id = ${importId} returning 1`) : null;
      const ins = await tx.execute(sql`
        insert into ${t} select (jsonb_populate_record(null::${t}, c.before)).* from import_changes c
        where c.import_id = ${importId} and c.table_name = ${name} and c.after is null and c.before is not null returning 1`);
      restored += rowsOf(upd).length + rowsOf(del).length + (stampedDel ? rowsOf(stampedDel).length : 0) + rowsOf(ins).length;
    }
    await tx.update(importRecords).set({ undoneAt: new Date() }).where(eq(importRecords.id, importId));
    return { status: "undone" as const, restored };
  });
}

/** Coverage layers' current hamlet infrastructure dates (for recomputation after a coverage import). */
export async function infrastructureDates({ db, provinceId, from }: { db: Db; provinceId: string; from: string }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct i.as_of::text as d from hamlet_infrastructure i
    join admin_closure c on c.descendant_id = i.hamlet_id and c.structure = 'post2025' and c.ancestor_id = ${provinceId}
    where i.as_of > ${from} order by 1`);
  return rowsOf<{ d: string }>(res).map((r) => r.d);
}

/** Hamlet infrastructure rows (as stored) of a province at a date. */
export async function infrastructureAt({ db, provinceId, date }: { db: Db; provinceId: string; date: string }): Promise<Record<string, unknown>[]> {
  const res = await db.execute(sql`
    select to_jsonb(i) as r from hamlet_infrastructure i
    join admin_closure c on c.descendant_id = i.hamlet_id and c.structure = 'post2025' and c.ancestor_id = ${provinceId}
    where i.as_of = ${date}`);
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** Features of the newest layer of a kind/operator on a date, for the "same layer again" check. */
export async function layerFeatures({ db, provinceId, kind, operator, asOf }: { db: Db; provinceId: string; kind: string; operator: string | null; asOf: string }) {
  const res = await db.execute(sql`
    select l.id, (select coalesce(jsonb_agg(jsonb_build_object('g', f.geometry, 'l', f.level) order by f.id), '[]'::jsonb) from coverage_features f where f.layer_id = l.id) as features
    from coverage_layers l where l.province_id = ${provinceId} and l.kind = ${kind} and l.operator is not distinct from ${operator} and l.as_of = ${asOf}
    order by l.id desc limit 1`);
  const r = rowsOf<{ id: number; features: unknown }>(res)[0];
  return r ? { id: Number(r.id), features: parseJson<{ g: unknown; l: string | null }[]>(r.features) ?? [] } : null;
}

/** Hamlet snapshots of the scope at a date, for export (hamlet code, commune, names, counts). */
export async function snapshotsForExport({ db, scope, date }: { db: Db; scope: Scope; date: string }) {
  const res = await db.execute(sql`
    select u.code as "hamletCode", cm.name as commune, u.name as hamlet, s.as_of::text as "asOf", to_jsonb(s) as r
    from admin_closure c
    join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
    join hamlet_snapshots s on s.hamlet_id = u.id and s.as_of = ${date}
    left join admin_parents p on p.structure = ${scope.structure} and p.child_id = u.id
    left join admin_units cm on cm.id = p.parent_id
    where c.structure = ${scope.structure} and c.ancestor_id = ${scope.unitId}
    order by u.code`);
  return rowsOf<{ hamletCode: string; commune: string | null; hamlet: string; asOf: string; r: unknown }>(res).map((x) => ({ ...x, commune: x.commune ?? "", r: parseJson<Record<string, unknown>>(x.r)! }));
}

/** Communes of the scope (post- and pre-2025) for the import page's commune choice, and the newest report date. */
export async function importPageData({ db, scope }: { db: Db; scope: Scope }) {
  const res = await db.execute(sql`
    select distinct u.id, u.type, u.name, u.valid_to is null as current
    from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'commune'
    where c.structure = ${scope.structure} and c.ancestor_id = ${scope.unitId}
    order by u.name`);
  const latest = await db.execute(sql`
    select max(s.as_of)::text as d from hamlet_snapshots s
    join admin_closure c on c.descendant_id = s.hamlet_id and c.structure = ${scope.structure} and c.ancestor_id = ${scope.unitId}`);
  return {
    communes: rowsOf<{ id: string; type: string; name: string }>(res).map((r) => ({ id: r.id, label: `${r.type} ${r.name}` })),
    latestDate: rowsOf<{ d: string | null }>(latest)[0]?.d ?? null,
  };
}

import "server-only";
import { eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../client";
import type * as schema from "../../schema";
import { adminUnits, coverageLayers, hamletInfrastructure, hamletSnapshots, importRecords, sites, targets } from "../../schema";
import { rowsOf } from "../scope";
import { addLeaf } from "../admin";
import type { Actor } from "../audit";
import { copyRows } from "../copy";

/**
 * The change log: what an import writes, each write with the row's value before and after it in
 * import_changes (or, for rows it inserts into a `stamped` table, its id in the row), so that
 * undo.ts can put everything back exactly.
 */

/** Rows per statement when a list travels as one JSON parameter (keeps statements small on both drivers). */
export const CHUNK = 5000;

type KeyType = "text" | "date" | "int";
/** The schema's tables by their SQL name, e.g. TableByName["sites"] = typeof sites. */
type TableByName = { [K in keyof typeof schema as (typeof schema)[K] extends PgTable ? (typeof schema)[K]["_"]["name"] : never]: (typeof schema)[K] };
type ColumnName<T extends PgTable> = Extract<{ [C in keyof T["_"]["columns"]]: T["_"]["columns"][C]["_"]["name"] }[keyof T["_"]["columns"]], string>;
/**
 * What UNDOABLE may hold: a table under its own SQL name, keyed by some of its columns, and
 * `stamped` only where it has an import_id column — so a typo in a name, a table filed under
 * another's name or a key column it lacks fails type-checking.
 */
type UndoableSpec = {
  [N in keyof TableByName]?: {
    table: TableByName[N];
    key: Partial<Record<ColumnName<TableByName[N]>, KeyType>>;
    stamped?: "import_id" extends ColumnName<TableByName[N]> ? true : never;
  };
};

/**
 * The tables an import may change, with the columns that identify a row. Undo walks them in this order.
 * `stamped`: the table has an import_id column that every import write sets, so rows an import
 * inserts need no per-row undo log (insertStamped).
 */
export const UNDOABLE = {
  hamlet_snapshots: { table: hamletSnapshots, key: { hamlet_id: "text", as_of: "date" }, stamped: true },
  hamlet_infrastructure: { table: hamletInfrastructure, key: { hamlet_id: "text", as_of: "date" } },
  targets: { table: targets, key: { id: "int" } },
  sites: { table: sites, key: { id: "int" } },
  coverage_layers: { table: coverageLayers, key: { id: "int" } },
  admin_units: { table: adminUnits, key: { id: "text" } },
} as const satisfies UndoableSpec;

export type UndoableName = keyof typeof UNDOABLE;
/** The tables whose rows carry the import's id (insertStamped). */
export type StampedName = { [N in UndoableName]: (typeof UNDOABLE)[N] extends { stamped: true } ? N : never }[UndoableName];
/** UNDOABLE's names in its order (undo walks them so). */
export const UNDOABLE_NAMES = Object.keys(UNDOABLE) as UndoableName[];

/** One UNDOABLE entry, widened for the code that walks them all. */
export function undoable(name: UndoableName): { table: PgTable; key: Record<string, KeyType>; stamped?: true } {
  return UNDOABLE[name];
}

export function dbColumns(table: PgTable): string[] {
  return Object.values(getTableColumns(table)).map((c) => c.name);
}

export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
/** Row data travel as json (not jsonb): PostgreSQL parses it lazily, a fifth faster on 100k rows. */
const jsonRows = (v: unknown) => sql`${JSON.stringify(v)}::json`;

/** `k.col = t.col and …` joining a table to a jsonb key record set aliased k. */
export function keyJoin(tableAlias: string, key: Record<string, string>, source: string): SQL {
  return sql.join(
    Object.entries(key).map(([c, t]) => sql.raw(`${tableAlias}.${c} = (${source}->>'${c}')::${t === "int" ? "int" : t}`)),
    sql` and `,
  );
}

/** The import's record, by the actor (imported_by is the actor's e-mail). The commit records the audit row once the counts are known. */
export async function createImportRecord({
  db,
  kind,
  fileName,
  sha256,
  actor,
  details,
}: {
  db: Db;
  kind: string;
  fileName: string;
  sha256: string;
  actor: Actor;
  details: Record<string, unknown>;
}): Promise<number> {
  const [rec] = await db
    .insert(importRecords)
    .values({ kind: kind as "indicators", fileName, sha256, importedBy: actor.email, counts: {}, details })
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
export async function insertStamped({
  db,
  importId,
  tableName,
  rows,
  onChunk,
}: {
  db: Db;
  importId: number;
  tableName: StampedName;
  rows: readonly Record<string, unknown>[];
  onChunk?: (done: number) => void | Promise<void>;
}): Promise<void> {
  const { table, stamped } = undoable(tableName);
  if (!stamped) throw new Error(`insertStamped: ${tableName} has no import_id stamp`);
  if (rows.some((r) => r.import_id !== importId)) throw new Error(`insertStamped: every row must carry import_id ${importId}`);
  await copyRows({ db, table: tableName, columns: dbColumns(table), rows, onChunk, chunkRows: CHUNK });
  await db.execute(sql`
    update import_records set details = jsonb_set(
      coalesce(details, '{}'::jsonb),
      '{stamped}',
      coalesce(details->'stamped', '{}'::jsonb)
        || jsonb_build_object(${tableName}::text, coalesce((details->'stamped'->>${tableName})::int, 0) + ${rows.length}::int))
    where id = ${importId}`);
}

/**
 * Upserts rows (snake_case objects with every column) into a table, logging each row's value
 * before (null if new) and after in import_changes. Before/after are read from the database
 * itself (to_jsonb), so undo can compare and restore exactly.
 */
export async function upsertLogged({
  db,
  importId,
  tableName,
  rows,
  onChunk,
}: {
  db: Db;
  importId: number;
  tableName: UndoableName;
  rows: readonly Record<string, unknown>[];
  onChunk?: (done: number) => void | Promise<void>;
}): Promise<void> {
  const { table, key } = undoable(tableName);
  const cols = dbColumns(table);
  const keyCols = Object.keys(key);
  const t = sql.raw(tableName);
  const colList = sql.raw(cols.join(", "));
  const updates = sql.raw(
    cols
      .filter((c) => !keyCols.includes(c))
      .map((c) => `${c} = excluded.${c}`)
      .join(", "),
  );
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
export async function insertLogged({
  db,
  importId,
  tableName,
  rows,
}: {
  db: Db;
  importId: number;
  tableName: "targets" | "sites" | "coverage_layers";
  rows: readonly Record<string, unknown>[];
}): Promise<number[]> {
  const { table } = undoable(tableName);
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
export async function updateLogged({
  db,
  importId,
  tableName,
  rows,
}: {
  db: Db;
  importId: number;
  tableName: "targets" | "sites" | "admin_units";
  rows: readonly Record<string, unknown>[];
}): Promise<void> {
  const { table, key } = undoable(tableName);
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
      update ${t} s set (${sql.raw(setCols.join(", "))})
        = (select ${sql.raw(setCols.map((c) => `r.${c}`).join(", "))} from jsonb_populate_record(null::${t}, x.r) r)
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
export async function createHamlets({
  db,
  importId,
  hamlets,
}: {
  db: Db;
  importId: number;
  hamlets: readonly {
    id: string;
    code: string;
    type: string;
    name: string;
    lon: number;
    lat: number;
    parents: { structure: "pre2025" | "post2025"; communeId: string }[];
    source: string;
  }[];
}): Promise<void> {
  for (const h of hamlets) {
    const { foldName } = await import("../../../geo/names");
    await db.insert(adminUnits).values({
      id: h.id,
      code: h.code,
      level: "hamlet",
      type: h.type,
      name: h.name,
      fullName: `${capitalise(h.type)} ${h.name}`,
      nameFolded: foldName(h.name),
      validFrom: new Date().toISOString().slice(0, 10),
      labelLon: h.lon,
      labelLat: h.lat,
      bboxWest: h.lon,
      bboxSouth: h.lat,
      bboxEast: h.lon,
      bboxNorth: h.lat,
      geometry: { type: "Point", coordinates: [h.lon, h.lat] },
      source: h.source,
    });
    for (const p of h.parents) {
      await addLeaf({ db, structure: p.structure, unitId: h.id, parentId: p.communeId });
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

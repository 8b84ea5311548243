import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../client";
import { hamletSnapshots, importRecords } from "../../schema";
import { rowsOf, type Scope } from "../scope";
import { ancestorsOfUnit, inScope, scopeProvinceId, scopeUnits } from "../sql/scope";
import type { GazUnit } from "../../ingest/match";
import { chunks, dbColumns, json } from "./change-log";

/**
 * What an import reads: the units a file may name (matching), the stored rows its rows are
 * compared with, the coverage state a coverage layer is checked against, and the export of a
 * scope's snapshots (a file that imports back unchanged).
 */

/**
 * The units a file may name, for matching: the scope's hamlets with their communes in both
 * structures, those communes (pre- and post-2025), and the districts and province above them.
 */
export async function loadGazetteer({ db, scope }: { db: Db; scope: Scope }): Promise<GazUnit[]> {
  const res = await db.execute(sql`
    with hamlets as (
      select u.id from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
    ), hp as (
      select p.child_id, p.parent_id from admin_parents p where p.child_id in (select id from hamlets)
    ), above as (
      -- in both structures: a file may name the communes and districts of either
      select distinct a.id from hamlets h cross join lateral ${ancestorsOfUnit(sql`h.id`)} a where a.depth > 0
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

export function parseJson<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** The province containing the scope, with its bounding box (for coordinate checks and coverage layers). */
export async function scopeProvince({
  db,
  scope,
}: {
  db: Db;
  scope: Scope;
}): Promise<{ id: string; name: string; bbox: [number, number, number, number] } | null> {
  const res = await db.execute(sql`
    select u.id, u.name, u.bbox_west as w, u.bbox_south as s, u.bbox_east as e, u.bbox_north as n
    from admin_units u where u.id in ${scopeProvinceId(scope)} limit 1`);
  const r = rowsOf<{ id: string; name: string; w: number; s: number; e: number; n: number }>(res)[0];
  return r ? { id: r.id, name: r.name, bbox: [Number(r.w), Number(r.s), Number(r.e), Number(r.n)] } : null;
}

/**
 * The snapshots (as stored: snake_case JSON) a file's rows are compared with: for the given hamlets,
 * every snapshot from `from` to `upTo`, and the latest one before `from` (what a new month carries
 * forward from). In no particular order.
 */
export async function snapshotsOf({
  db,
  hamletIds,
  from,
  upTo,
  onChunk,
}: {
  db: Db;
  hamletIds: readonly string[];
  from: string;
  upTo: string /** After each chunk of hamlets (progress, and a turn of the event loop for the caller). */;
  onChunk?: () => void | Promise<void>;
}): Promise<Record<string, unknown>[]> {
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
  const res = await db.execute(
    sql`select to_jsonb(t) as r from targets t where t.unit_id in (select jsonb_array_elements_text(${json(unitIds)})) order by t.id`,
  );
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** Sites (as stored) in the scope's hamlets, or without a hamlet. */
export async function sitesInScope({ db, scope }: { db: Db; scope: Scope }): Promise<Record<string, unknown>[]> {
  const res = await db.execute(sql`
    select to_jsonb(s) as r from sites s
    where s.hamlet_id is null or ${inScope(scope, sql`s.hamlet_id`)}
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

/** The scope's (a coverage layer's province) hamlet infrastructure dates after `from` (for recomputation after a coverage import). */
export async function infrastructureDates({ db, scope, from }: { db: Db; scope: Scope; from: string }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct i.as_of::text as d from hamlet_infrastructure i
    where ${inScope(scope, sql`i.hamlet_id`)} and i.as_of > ${from} order by 1`);
  return rowsOf<{ d: string }>(res).map((r) => r.d);
}

/** Hamlet infrastructure rows (as stored) of the scope (a coverage layer's province) at a date. */
export async function infrastructureAt({ db, scope, date }: { db: Db; scope: Scope; date: string }): Promise<Record<string, unknown>[]> {
  const res = await db.execute(sql`
    select to_jsonb(i) as r from hamlet_infrastructure i
    where ${inScope(scope, sql`i.hamlet_id`)} and i.as_of = ${date}`);
  return rowsOf<{ r: unknown }>(res).map((x) => parseJson<Record<string, unknown>>(x.r)!);
}

/** Features of the newest layer of a kind/operator on a date, for the "same layer again" check. */
export async function layerFeatures({
  db,
  provinceId,
  kind,
  operator,
  asOf,
}: {
  db: Db;
  provinceId: string;
  kind: string;
  operator: string | null;
  asOf: string;
}) {
  const res = await db.execute(sql`
    select l.id,
      (select coalesce(jsonb_agg(jsonb_build_object('g', f.geometry, 'l', f.level) order by f.id), '[]'::jsonb)
       from coverage_features f where f.layer_id = l.id) as features
    from coverage_layers l where l.province_id = ${provinceId} and l.kind = ${kind} and l.operator is not distinct from ${operator} and l.as_of = ${asOf}
    order by l.id desc limit 1`);
  const r = rowsOf<{ id: number; features: unknown }>(res)[0];
  return r ? { id: Number(r.id), features: parseJson<{ g: unknown; l: string | null }[]>(r.features) ?? [] } : null;
}

/** Hamlet snapshots of the scope at a date, for export (hamlet code, commune, names, counts). */
export async function snapshotsForExport({ db, scope, date }: { db: Db; scope: Scope; date: string }) {
  const res = await db.execute(sql`
    select u.code as "hamletCode", cm.name as commune, u.name as hamlet, s.as_of::text as "asOf", to_jsonb(s) as r
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    join hamlet_snapshots s on s.hamlet_id = u.id and s.as_of = ${date}
    left join admin_parents p on p.structure = ${scope.structure} and p.child_id = u.id
    left join admin_units cm on cm.id = p.parent_id
    order by u.code`);
  return rowsOf<{ hamletCode: string; commune: string | null; hamlet: string; asOf: string; r: unknown }>(res).map((x) => ({
    ...x,
    commune: x.commune ?? "",
    r: parseJson<Record<string, unknown>>(x.r)!,
  }));
}

/** Communes of the scope (post- and pre-2025) for the import page's commune choice, and the newest report date. */
export async function importPageData({ db, scope }: { db: Db; scope: Scope }) {
  const res = await db.execute(sql`
    select distinct u.id, u.type, u.name, u.valid_to is null as current
    from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'commune'
    order by u.name`);
  const latest = await db.execute(sql`
    select max(s.as_of)::text as d from hamlet_snapshots s
    where ${inScope(scope, sql`s.hamlet_id`)}`);
  return {
    communes: rowsOf<{ id: string; type: string; name: string }>(res).map((r) => ({ id: r.id, label: `${r.type} ${r.name}` })),
    latestDate: rowsOf<{ d: string | null }>(latest)[0]?.d ?? null,
  };
}

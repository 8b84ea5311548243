import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import type { Level } from "../schema";
import type { SignalLevel } from "../../geo";
import { SUM_COLUMNS, type SumKey } from "./indicators";
import { rowsOf, type Scope, type ScopeAtDate } from "./scope";
import { ancestorsOfUnit, inScope, scopeProvinceId, scopeUnits } from "./sql/scope";

/**
 * What the map explorer reads, split so that a national view can later move to vector tiles
 * without touching the layers: the unit tree without geometry ({@link explorerUnits}), per-hamlet
 * attributes at a date keyed by hamlet id ({@link hamletAttributes}; geometry comes from
 * /api/boundaries?level=hamlet and never changes with the indicator, date or filter), the
 * snapshot dates and coverage versions, targets, sites and one unit's history.
 */

export interface ExplorerUnit {
  id: string;
  code: string;
  level: Level;
  type: string;
  name: string;
  fullName: string;
  nameFolded: string;
  aliases: string[];
  /** Parent in the scope's structure; null for the scope's root. */
  parentId: string | null;
  labelLon: number | null;
  labelLat: number | null;
  bbox: [number, number, number, number] | null;
}

/**
 * The province that contains the scope's unit (the unit itself when it is a province), in the
 * scope's structure; null when the unit is not in that structure.
 */
export async function provinceOfScope({ db, scope }: { db: Db; scope: Scope }): Promise<{ id: string; name: string; fullName: string } | null> {
  const res = await db.execute(sql`
    select u.id, u.name, u.full_name as "fullName"
    from admin_units u where u.id in ${scopeProvinceId(scope)}
    limit 1`);
  return rowsOf<{ id: string; name: string; fullName: string }>(res)[0] ?? null;
}

/** Every unit in the scope (all levels, hamlets included), with its parent in the structure; no geometry. */
export async function explorerUnits({ db, scope }: { db: Db; scope: Scope }): Promise<ExplorerUnit[]> {
  const res = await db.execute(sql`
    select u.id, u.code, u.level, u.type, u.name, u.full_name as "fullName", u.name_folded as "nameFolded", u.aliases,
           p.parent_id as "parentId", u.label_lon as "labelLon", u.label_lat as "labelLat",
           u.bbox_west as w, u.bbox_south as s, u.bbox_east as e, u.bbox_north as n
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id
    left join admin_parents p on p.structure = ${scope.structure} and p.child_id = u.id and u.id <> ${scope.unitId}
    order by c.depth, u.code, u.id`);
  type Row = Omit<ExplorerUnit, "bbox" | "aliases"> & { aliases: unknown; w: number | null; s: number | null; e: number | null; n: number | null };
  return rowsOf<Row>(res).map(({ w, s, e, n, ...r }) => ({
    ...r,
    aliases: parseJson<string[]>(r.aliases) ?? [],
    labelLon: num(r.labelLon),
    labelLat: num(r.labelLat),
    bbox: w === null || s === null || e === null || n === null ? null : [Number(w), Number(s), Number(e), Number(n)],
  }));
}

/** Snapshot dates (YYYY-MM-DD, ascending) that at least one hamlet of the scope reported. */
export async function snapshotDates({ db, scope }: { db: Db; scope: Scope }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct s.as_of::text as d
    from hamlet_snapshots s
    where ${inScope(scope, sql`s.hamlet_id`)}
    order by d`);
  return rowsOf<{ d: string }>(res).map((r) => r.d);
}

/** Dates (ascending) of the coverage layers delivered for the province that contains the scope. */
export async function coverageVersions({ db, scope }: { db: Db; scope: Scope }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct l.as_of::text as d
    from coverage_layers l
    where l.province_id in ${scopeProvinceId(scope)}
    order by d`);
  return rowsOf<{ d: string }>(res).map((r) => r.d);
}

export type HamletAttributeRow = { id: string; asOf: string | null } & Record<SumKey, number | null> & {
    /** Date of the infrastructure status used (the newest on or before the date), null if none. */
    infraAsOf: string | null;
    grid: boolean | null;
    fiber: boolean | null;
    /** Signal per operator and technology, e.g. { viettel: { "4g": "weak", … } }; null if no status. */
    signal: Record<string, Record<string, SignalLevel>> | null;
  };

/**
 * Every hamlet of the scope with all its counts at its latest snapshot on or before `date` (its
 * latest when no date), and its infrastructure status at the newest status date on or before it.
 * Counts are returned as stored; the caller withholds small ones before showing them.
 */
export async function hamletAttributes({ db, scope, date }: { db: Db; scope: Scope; date?: string }): Promise<HamletAttributeRow[]> {
  const cols = Object.entries(SUM_COLUMNS).map(([k, c]) => sql`s.${sql.raw(c)} as ${sql.raw(`"${k}"`)}`);
  const upTo = (col: string) => (date ? sql`and ${sql.raw(col)} <= ${date}` : sql``);
  const res = await db.execute(sql`
    select u.id, s.as_of::text as "asOf", ${sql.join(cols, sql`, `)},
           i.as_of::text as "infraAsOf", i.grid, i.fiber, i.signal
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    left join lateral (
      select * from hamlet_snapshots x where x.hamlet_id = u.id ${upTo("x.as_of")} order by x.as_of desc limit 1
    ) s on true
    left join lateral (
      select * from hamlet_infrastructure y where y.hamlet_id = u.id ${upTo("y.as_of")} order by y.as_of desc limit 1
    ) i on true
    order by u.code, u.id`);
  return rowsOf<Record<string, unknown>>(res).map((r) => {
    const out: Record<string, unknown> = {
      id: r.id,
      asOf: r.asOf ?? null,
      infraAsOf: r.infraAsOf ?? null,
      grid: r.grid ?? null,
      fiber: r.fiber ?? null,
      signal: parseJson(r.signal),
    };
    for (const k of Object.keys(SUM_COLUMNS)) out[k] = r[k] === null || r[k] === undefined ? null : Number(r[k]);
    return out as HamletAttributeRow;
  });
}

/** Every (hamlet, ancestor) pair of the scope's structure: the crosswalk through which hamlet sums roll up. */
export async function hamletMemberships({ db, scope }: { db: Db; scope: Scope }): Promise<{ hamletId: string; unitId: string }[]> {
  const res = await db.execute(sql`
    select u.id as "hamletId", a.id as "unitId"
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    cross join lateral ${ancestorsOfUnit(sql`u.id`, scope.structure)} a
    where a.depth > 0 and ${inScope(scope, sql`a.id`)}
    order by 1, 2`);
  return rowsOf<{ hamletId: string; unitId: string }>(res);
}

export interface TargetRow {
  unitId: string;
  metric: string;
  value: number;
  periodStart: string;
  periodEnd: string;
  source: string;
}

/** Targets of the units in the scope whose period contains `date`. */
export async function targetsAt({ db, scope, date }: ScopeAtDate): Promise<TargetRow[]> {
  const res = await db.execute(sql`
    select t.unit_id as "unitId", t.metric, t.value, t.period_start::text as "periodStart", t.period_end::text as "periodEnd", t.source
    from targets t
    where ${inScope(scope, sql`t.unit_id`)}
      and t.period_start <= ${date} and t.period_end >= ${date}
    order by t.unit_id, t.metric, t.period_start desc`);
  return rowsOf<TargetRow>(res).map((r) => ({ ...r, value: Number(r.value) }));
}

export interface SiteRow {
  id: number;
  kind: string;
  name: string;
  hamletId: string | null;
  lon: number;
  lat: number;
  power: string;
  backhaul: string;
}

/** Sites (schools, cultural houses, commune HQ, health stations, Wi-Fi points) in the scope's hamlets. */
export async function sitesInScope({ db, scope }: { db: Db; scope: Scope }): Promise<SiteRow[]> {
  const res = await db.execute(sql`
    select s.id, s.kind, s.name, s.hamlet_id as "hamletId", s.lon, s.lat, s.power, s.backhaul
    from sites s
    where ${inScope(scope, sql`s.hamlet_id`)}
    order by s.id`);
  return rowsOf<SiteRow>(res).map((r) => ({ ...r, id: Number(r.id), lon: Number(r.lon), lat: Number(r.lat) }));
}

export interface HistoryPoint {
  date: string;
  hamlets: number;
  eligible: number;
  received: number;
  activated: number;
  level2: number;
}

/**
 * The funnel of the scope's unit at every snapshot date of its hamlets: at each date, the sum over
 * its hamlets of each one's latest snapshot on or before that date (hamlet sums, never a stored total).
 */
export async function unitHistory({ db, scope }: { db: Db; scope: Scope }): Promise<HistoryPoint[]> {
  const res = await db.execute(sql`
    with h as (
      select u.id from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
    ), d as (
      select distinct s.as_of from hamlet_snapshots s join h on h.id = s.hamlet_id
    )
    select d.as_of::text as date, count(x.hamlet_id)::int as hamlets,
           coalesce(sum(x.eligible), 0)::int as eligible, coalesce(sum(x.received), 0)::int as received,
           coalesce(sum(x.activated), 0)::int as activated, coalesce(sum(x.level2), 0)::int as level2
    from d cross join h
    left join lateral (
      select s.hamlet_id, s.eligible, s.received, s.activated, s.level2 from hamlet_snapshots s
      where s.hamlet_id = h.id and s.as_of <= d.as_of order by s.as_of desc limit 1
    ) x on true
    group by d.as_of
    order by d.as_of`);
  return rowsOf<HistoryPoint>(res).map((r) => ({
    date: r.date,
    hamlets: Number(r.hamlets),
    eligible: Number(r.eligible),
    received: Number(r.received),
    activated: Number(r.activated),
    level2: Number(r.level2),
  }));
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function parseJson<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

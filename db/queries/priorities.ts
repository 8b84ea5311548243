import "server-only";
import { sql } from "drizzle-orm";
import type { Feature, Geometry, Point } from "geojson";
import { hamletCoverage, rate, type GapReasons, type HamletCoverage } from "../../geo";
import type { Db } from "../client";
import { coverageAt, hamletPoints } from "./coverage";
import { scopeHamletsFrom, scopeTotals } from "./indicators";
import { rowsOf, unitScope, type Scope, type ScopeAtDate } from "./scope";
import { ancestorsOfUnit, inScope, inStructure, scopeProvinceId, scopeUnits } from "./sql/scope";

/** Everything the gap analysis and the priority score need about one hamlet at a date. */
export interface PriorityHamletFacts {
  id: string;
  code: string;
  name: string;
  type: string;
  communeId: string | null;
  communeName: string | null;
  districtName: string | null;
  /** The hamlet's label point. */
  lon: number;
  lat: number;
  /** The commune seat: the commune's label point (null when the commune has none). */
  seatLon: number | null;
  seatLat: number | null;
  /** Date of the snapshot used (the latest on or before the date asked for). */
  asOf: string;
  eligible: number;
  cccdIssued: number;
  received: number;
  activated: number;
  level2: number;
  reasons: GapReasons;
  residents: number;
  ethnicMinority: number;
  households: number;
  poorHouseholds: number;
  nearPoorHouseholds: number;
  withoutSmartphone: number;
  simNeed: number;
  /** Grid, fiber and signal from the spatial join of the hamlet's point with the coverage valid at the date. */
  coverage: HamletCoverage;
  /** received target / eligible of the nearest unit above the hamlet with a received target for the date; null without one. */
  targetRate: number | null;
  /** The unit whose target gave targetRate. */
  targetUnitId: string | null;
}

export interface PriorityData {
  hamlets: PriorityHamletFacts[];
  /** Hamlets of the scope without any snapshot on or before the date (left out of the analysis). */
  hamletsWithoutData: number;
  /** The newest coverage layer date used by the join (null: no coverage delivered by then). */
  coverageAsOf: string | null;
}

/**
 * The hamlets of the scope with their latest snapshot on or before `date`, their commune and
 * seat, their coverage through the spatial join (as app/_screens/figures.ts computes the published
 * infrastructure figures) and the target rate that applies to them. Hamlets of other scopes are
 * never returned: the admin closure restricts every row to the scope's subtree.
 */
export async function priorityHamlets({ db, scope, date }: ScopeAtDate): Promise<PriorityData> {
  const res = await db.execute(sql`
    select u.id, u.code, u.name, u.type, u.label_lon as lon, u.label_lat as lat,
           cm.id as "communeId", cm.name as "communeName", cm.label_lon as "seatLon", cm.label_lat as "seatLat", dt.name as "districtName",
           s.as_of::text as "asOf", s.eligible, s.cccd_issued as "cccdIssued", s.received, s.activated, s.level2,
           s.reason_away as "away", s.reason_elderly_sick as "elderlySick", s.reason_no_phone_number as "noPhoneNumber",
           s.reason_sim_not_own as "simNotOwn", s.reason_no_smartphone as "noSmartphone", s.reason_handset_2g as "handset2g",
           s.reason_no_signal as "noSignal", s.reason_other as "other",
           s.residents, s.ethnic_minority as "ethnicMinority", s.households, s.poor_households as "poorHouseholds",
           s.near_poor_households as "nearPoorHouseholds", s.without_smartphone as "withoutSmartphone", s.sim_need as "simNeed"
    ${scopeHamletsFrom(scope, date)}
    order by u.code, u.id`);
  const rows = rowsOf<Record<string, unknown>>(res);
  const [coverage, targets] = await Promise.all([hamletCoverageAt({ db, scope, date }), hamletTargetRates({ db, scope, date })]);
  const num = (v: unknown) => Number(v);
  const optNum = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const hamlets: PriorityHamletFacts[] = [];
  let hamletsWithoutData = 0;
  for (const r of rows) {
    if (r.asOf === null || r.asOf === undefined) {
      hamletsWithoutData++;
      continue;
    }
    const id = String(r.id);
    const cov = coverage.byHamlet.get(id);
    if (!cov) throw new Error(`priorityHamlets: hamlet ${id} has no point for the coverage join`);
    const t = targets.get(id);
    hamlets.push({
      id,
      code: String(r.code),
      name: String(r.name),
      type: String(r.type),
      communeId: (r.communeId as string | null) ?? null,
      communeName: (r.communeName as string | null) ?? null,
      districtName: (r.districtName as string | null) ?? null,
      lon: num(r.lon),
      lat: num(r.lat),
      seatLon: optNum(r.seatLon),
      seatLat: optNum(r.seatLat),
      asOf: String(r.asOf),
      eligible: num(r.eligible),
      cccdIssued: num(r.cccdIssued),
      received: num(r.received),
      activated: num(r.activated),
      level2: num(r.level2),
      reasons: {
        away: num(r.away),
        elderlySick: num(r.elderlySick),
        noPhoneNumber: num(r.noPhoneNumber),
        simNotOwn: num(r.simNotOwn),
        noSmartphone: num(r.noSmartphone),
        handset2g: num(r.handset2g),
        noSignal: num(r.noSignal),
        other: num(r.other),
      },
      residents: num(r.residents),
      ethnicMinority: num(r.ethnicMinority),
      households: num(r.households),
      poorHouseholds: num(r.poorHouseholds),
      nearPoorHouseholds: num(r.nearPoorHouseholds),
      withoutSmartphone: num(r.withoutSmartphone),
      simNeed: num(r.simNeed),
      coverage: cov,
      targetRate: t?.rate ?? null,
      targetUnitId: t?.unitId ?? null,
    });
  }
  return { hamlets, hamletsWithoutData, coverageAsOf: coverage.asOf };
}

/**
 * Each hamlet's grid, fiber and signal at `date`: the hamlet label points of the scope joined with
 * the coverage polygons valid then (geo/hamlet-coverage.ts) — the same join app/_screens/figures.ts uses for
 * the published "hamlets without 2G / 3G-4G / fiber / grid" figures.
 */
export async function hamletCoverageAt({ db, scope, date }: ScopeAtDate): Promise<{ byHamlet: Map<string, HamletCoverage>; asOf: string | null }> {
  const [pts, polys] = await Promise.all([hamletPoints({ db, scope }), coverageAt({ db, scope, date })]);
  const features: Feature<Point>[] = pts.map((p) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [p.lon, p.lat] } }));
  const cov = hamletCoverage(
    features,
    polys.map((p) => ({ type: "Feature", properties: { kind: p.kind, operator: p.operator, level: p.level }, geometry: p.geometry })),
  );
  const asOf = polys.reduce<string | null>((m, p) => (!m || p.asOf > m ? p.asOf : m), null);
  return { byHamlet: new Map(pts.map((p, i) => [p.id, cov[i]!])), asOf };
}

/**
 * For each hamlet of the scope, the received target of its nearest unit (itself, commune, district,
 * province — in the scope's structure) whose target period contains `date`, as a rate of that
 * unit's eligible people at the date. The unit may lie above the scope (a district target for a
 * commune scope): its eligible people are summed over its own hamlets.
 */
export async function hamletTargetRates({ db, scope, date }: ScopeAtDate): Promise<Map<string, { unitId: string; value: number; rate: number | null }>> {
  const res = await db.execute(sql`
    select distinct on (u.id) u.id as "hamletId", t.unit_id as "unitId", t.value
    from ${scopeUnits(scope)} s
    join admin_units u on u.id = s.id and u.level = 'hamlet'
    cross join lateral ${ancestorsOfUnit(sql`u.id`, scope.structure)} a
    join targets t on t.unit_id = a.id and t.metric = 'received' and t.period_start <= ${date} and t.period_end >= ${date}
    order by u.id, a.depth asc, t.period_start desc, t.id desc`);
  const rows = rowsOf<{ hamletId: string; unitId: string; value: number | string }>(res);
  const units = [...new Set(rows.map((r) => r.unitId))];
  const eligible = new Map<string, number>();
  await Promise.all(
    units.map(async (unitId) => {
      // The target's unit may lie above the scope: its eligible people are what the rate is of.
      eligible.set(unitId, (await scopeTotals({ db, scope: unitScope(unitId, scope.structure), date })).eligible);
    }),
  );
  return new Map(
    rows.map((r) => {
      const e = eligible.get(r.unitId) ?? 0;
      const value = Number(r.value);
      return [r.hamletId, { unitId: r.unitId, value, rate: rate(value, e) }];
    }),
  );
}

/** The snapshot dates that exist for the scope's hamlets, newest first. */
export async function snapshotDates({ db, scope }: { db: Db; scope: Scope }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct s.as_of::text as "asOf"
    from hamlet_snapshots s
    where ${inScope(scope, sql`s.hamlet_id`)}
    order by 1 desc`);
  return rowsOf<{ asOf: string }>(res).map((r) => r.asOf);
}

export interface ScopeChoice {
  id: string;
  level: "province" | "district" | "commune";
  name: string;
  fullName: string;
  parentName: string | null;
}

/**
 * What the scope picker offers from the viewer's scope: every province of the structure, and the
 * districts and communes of the province that contains the scope.
 */
export async function scopeChoices({
  db,
  scope,
  within,
}: {
  db: Db;
  scope: Scope /** Only units inside this one (the viewer's widest scope): never offer what the viewer may not open. */;
  within?: Scope;
}): Promise<ScopeChoice[]> {
  const res = await db.execute(sql`
    with province as ${scopeProvinceId(scope)}
    select u.id, u.level, u.name, u.full_name as "fullName", pu.name as "parentName", u.code
    from admin_units u
    left join admin_parents p on p.structure = ${scope.structure} and p.child_id = u.id
    left join admin_units pu on pu.id = p.parent_id
    where ${inStructure(scope.structure, sql`u.id`)}
      and (u.level = 'province' or (u.level in ('district', 'commune') and exists (
            select 1 from province, lateral ${ancestorsOfUnit(sql`u.id`, scope.structure)} a where a.id = province.ancestor_id)))
      ${within ? sql`and ${inScope(within, sql`u.id`)}` : sql``}
    order by case u.level when 'province' then 0 when 'district' then 1 else 2 end, u.code, u.id`);
  return rowsOf<ScopeChoice>(res);
}

/** The scope's hamlet polygons (GeoJSON geometry) by id, for map exports. */
export async function hamletGeometries({ db, scope }: { db: Db; scope: Scope }): Promise<Map<string, Geometry>> {
  const res = await db.execute(sql`
    select u.id, u.geometry from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
    where u.geometry is not null`);
  return new Map(
    rowsOf<{ id: string; geometry: unknown }>(res).map((r) => [r.id, (typeof r.geometry === "string" ? JSON.parse(r.geometry) : r.geometry) as Geometry]),
  );
}

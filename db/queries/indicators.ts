import "server-only";
import { and, eq, lte, gte, desc, sql } from "drizzle-orm";
import type { Db } from "../client";
import { SNAPSHOT_COUNT_COLUMNS, targets, unitFigures, type SnapshotCount } from "../schema";
import { rowsOf, type Scope } from "./scope";
import { scopeUnits } from "./sql/scope";
import type { HamletFunnel } from "../../geo/domain";

/** Count columns summed for a unit (snake_case in SQL, camelCase here): every count of a snapshot. */
export const SUM_COLUMNS = SNAPSHOT_COUNT_COLUMNS;
export type SumKey = SnapshotCount;
export type Totals = Record<SumKey, number> & { hamlets: number; hamletsWithData: number; asOf: string | null };

const latestSnapshot = (date: string | undefined) => sql`
  left join lateral (
    select * from hamlet_snapshots s
    where s.hamlet_id = u.id ${date ? sql`and s.as_of <= ${date}` : sql``}
    order by s.as_of desc limit 1
  ) s on true`;

/**
 * FROM … WHERE of "the scope's hamlets (u) with their commune (cm) and pre-2025 district (dt) in the
 * scope's structure, and each hamlet's latest snapshot (s) on or before `date`" — shared by the
 * queries that list hamlets with their figures.
 */
export function scopeHamletsFrom(scope: Scope, date?: string) {
  return sql`
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    left join admin_parents pc on pc.structure = ${scope.structure} and pc.child_id = u.id
    left join admin_units cm on cm.id = pc.parent_id
    left join admin_parents pd on pd.structure = ${scope.structure} and pd.child_id = cm.id
    left join admin_units dt on dt.id = pd.parent_id and dt.level = 'district'
    ${latestSnapshot(date)}`;
}

/**
 * Sums of every count over the hamlets of the scope, each hamlet at its latest snapshot on or
 * before `date` (or its latest, when no date). Totals are computed here from hamlet rows, never
 * read from a stored total.
 */
export async function scopeTotals({ db, scope, date }: { db: Db; scope: Scope; date?: string }): Promise<Totals> {
  const sums = Object.entries(SUM_COLUMNS).map(([k, c]) => sql`coalesce(sum(s.${sql.raw(c)}), 0)::int as ${sql.raw(`"${k}"`)}`);
  const res = await db.execute(sql`
    select count(*)::int as "hamlets", count(s.hamlet_id)::int as "hamletsWithData", max(s.as_of)::text as "asOf", ${sql.join(sums, sql`, `)}
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    ${latestSnapshot(date)}`);
  const row = rowsOf<Record<string, unknown>>(res)[0] ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = k === "asOf" ? (v as string | null) : Number(v ?? 0);
  return out as Totals;
}

export interface HamletRow extends HamletFunnel {
  id: string;
  code: string;
  name: string;
  type: string;
  fullName: string;
  labelLon: number;
  labelLat: number;
  geometry: unknown;
  communeId: string | null;
  communeName: string | null;
  districtName: string | null;
  asOf: string | null;
}

/** The hamlets of the scope with their commune (and pre-2025 district) and funnel at the latest snapshot ≤ date. */
export async function hamletsWithFunnel({ db, scope, date }: { db: Db; scope: Scope; date?: string }): Promise<HamletRow[]> {
  const res = await db.execute(sql`
    select u.id, u.code, u.name, u.type, u.full_name as "fullName", u.label_lon as "labelLon", u.label_lat as "labelLat", u.geometry,
           cm.id as "communeId", cm.name as "communeName", dt.name as "districtName",
           s.as_of::text as "asOf", s.eligible, s.cccd_issued as "cccdIssued", s.received, s.activated, s.level2
    ${scopeHamletsFrom(scope, date)}
    order by u.code`);
  return rowsOf<HamletRow>(res).map((r) => ({
    ...r,
    geometry: typeof r.geometry === "string" ? JSON.parse(r.geometry) : r.geometry,
    labelLon: Number(r.labelLon),
    labelLat: Number(r.labelLat),
  }));
}

/** The target for the scope's unit whose period contains `date`. */
export async function targetFor({
  db,
  scope,
  metric,
  date,
}: {
  db: Db;
  scope: Scope;
  metric: "received" | "activated" | "level2" | "cccdIssued";
  date: string;
}) {
  const rows = await db
    .select()
    .from(targets)
    .where(and(eq(targets.unitId, scope.unitId), eq(targets.metric, metric), lte(targets.periodStart, date), gte(targets.periodEnd, date)))
    .orderBy(desc(targets.periodStart))
    .limit(1);
  return rows[0] ?? null;
}

/** The latest figure reported for the scope's unit on or before `date`. */
export async function unitFigure({ db, scope, metric, date }: { db: Db; scope: Scope; metric: string; date: string }) {
  const rows = await db
    .select()
    .from(unitFigures)
    .where(and(eq(unitFigures.unitId, scope.unitId), eq(unitFigures.metric, metric), lte(unitFigures.asOf, date)))
    .orderBy(desc(unitFigures.asOf))
    .limit(1);
  return rows[0] ?? null;
}

import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { coverageOfHamlets } from "./coverage";
import { bestSignal, has2g, hasBroadband, hasFiber, FUNNEL_STEPS, REASON_KEYS, type FunnelStep, type ReasonKey, type SignalLevel } from "../../geo";
import { scopeTotals, targetFor, type Totals } from "./indicators";
import { rowsOf, type Scope, type ScopeAtDate } from "./scope";
import { descendantsOfUnit, scopeProvinceId, scopeUnits } from "./sql/scope";

/**
 * Data for the progress dashboard and the briefing pack: every function takes the viewer's scope
 * and a date, and computes from hamlet snapshots (each hamlet at its latest report on or before the
 * date), the admin tree, targets and the coverage join. Nothing here suppresses small counts: the
 * page does that (geo/small-counts.ts) before anything is shown.
 */

/** The distinct report dates of the scope's hamlets, oldest first (optionally up to a date). */
export async function reportDates({ db, scope, until }: { db: Db; scope: Scope; until?: string }): Promise<string[]> {
  const res = await db.execute(sql`
    select distinct s.as_of::text as "asOf"
    from ${scopeUnits(scope)} c
    join admin_units u on u.id = c.id and u.level = 'hamlet'
    join hamlet_snapshots s on s.hamlet_id = u.id
    ${until ? sql`where s.as_of <= ${until}` : sql``}
    order by 1`);
  return rowsOf<{ asOf: string }>(res).map((r) => r.asOf);
}

/** The scope's funnel at a date: the totals, in funnel order (rates are the page's to compute). */
export async function funnelAt({ db, scope, date }: ScopeAtDate): Promise<{ totals: Totals; steps: { step: FunnelStep; count: number }[] }> {
  const totals = await scopeTotals({ db, scope, date });
  return { totals, steps: FUNNEL_STEPS.map((step) => ({ step, count: totals[step] })) };
}

export interface MonthPoint {
  /** "YYYY-MM". */
  month: string;
  /** The newest report date counted in the month. */
  asOf: string;
  /** Hamlets whose counts come from a report in this month (the others carry their last report forward). */
  hamletsReporting: number;
  /** Hamlets with any report so far. */
  hamlets: number;
  eligible: number;
  received: number;
  activated: number;
  level2: number;
}

/**
 * The scope's totals month by month up to `date`: each hamlet counts with its latest report in or
 * before that month (carried forward when a month has no report), the last month only up to `date`.
 * So the last point equals scopeTotals at `date`.
 */
export async function monthlyProgress({ db, scope, date }: ScopeAtDate): Promise<MonthPoint[]> {
  // Carrying each hamlet's last report forward and summing per month equals the running sum, over
  // months, of each hamlet's change since its previous report: one pass, no months × hamlets join.
  const res = await db.execute(sql`
    with snaps as (
      select s.hamlet_id, date_trunc('month', s.as_of)::date as m, s.as_of, s.eligible, s.received, s.activated, s.level2,
             row_number() over (partition by s.hamlet_id, date_trunc('month', s.as_of) order by s.as_of desc) as rn
      from ${scopeUnits(scope)} c
      join admin_units u on u.id = c.id and u.level = 'hamlet'
      join hamlet_snapshots s on s.hamlet_id = u.id
      where s.as_of <= ${date}
    ), changes as (
      select m, as_of,
             case when lag(m) over w is null then 1 else 0 end as first,
             eligible - coalesce(lag(eligible) over w, 0) as d_eligible,
             received - coalesce(lag(received) over w, 0) as d_received,
             activated - coalesce(lag(activated) over w, 0) as d_activated,
             level2 - coalesce(lag(level2) over w, 0) as d_level2
      from snaps where rn = 1
      window w as (partition by hamlet_id order by m)
    ), by_month as (
      select m, max(as_of) as as_of, count(*) as reporting, sum(first) as first,
             sum(d_eligible) as d_eligible, sum(d_received) as d_received, sum(d_activated) as d_activated, sum(d_level2) as d_level2
      from changes group by m
    ), months as (
      select generate_series(min(m), max(m), interval '1 month')::date as m from by_month
    )
    select to_char(months.m, 'YYYY-MM') as month,
           (max(b.as_of) over run)::text as "asOf",
           coalesce(b.reporting, 0)::int as "hamletsReporting",
           (sum(coalesce(b.first, 0)) over run)::int as hamlets,
           (sum(coalesce(b.d_eligible, 0)) over run)::int as eligible,
           (sum(coalesce(b.d_received, 0)) over run)::int as received,
           (sum(coalesce(b.d_activated, 0)) over run)::int as activated,
           (sum(coalesce(b.d_level2, 0)) over run)::int as level2
    from months left join by_month b on b.m = months.m
    window run as (order by months.m rows between unbounded preceding and current row)
    order by months.m`);
  return rowsOf<MonthPoint>(res).map((r) => ({
    month: r.month,
    asOf: r.asOf,
    hamletsReporting: Number(r.hamletsReporting),
    hamlets: Number(r.hamlets),
    eligible: Number(r.eligible),
    received: Number(r.received),
    activated: Number(r.activated),
    level2: Number(r.level2),
  }));
}

export interface TargetInfo {
  metric: "received" | "activated";
  value: number;
  periodStart: string;
  periodEnd: string;
  source: string;
}

/** The scope's unit's targets for received and activated whose period contains `date` (either may be missing). */
export async function targetsAt({ db, scope, date }: ScopeAtDate): Promise<TargetInfo[]> {
  const out: TargetInfo[] = [];
  for (const metric of ["received", "activated"] as const) {
    const t = await targetFor({ db, scope, metric, date });
    if (t) out.push({ metric, value: t.value, periodStart: t.periodStart, periodEnd: t.periodEnd, source: t.source });
  }
  return out;
}

export interface ChildProgress {
  id: string;
  code: string;
  name: string;
  fullName: string;
  level: string;
  /** Hamlets under the child. */
  hamlets: number;
  eligible: number;
  received: number;
  activated: number;
  /** The same at `since` (each hamlet at its latest report on or before it); null without `since`. */
  previous: { eligible: number; received: number; activated: number } | null;
}

/**
 * The scope unit's direct children in its structure (districts, communes or hamlets) with their
 * sums at `date` and, when given, at `since` — for rankings and movers.
 */
export async function childrenProgress({ db, scope, date, since }: ScopeAtDate & { since?: string | null }): Promise<ChildProgress[]> {
  const prev = since ?? null;
  const res = await db.execute(sql`
    select ch.id, ch.code, ch.name, ch.full_name as "fullName", ch.level::text as level,
           count(h.id)::int as hamlets,
           coalesce(sum(s.eligible), 0)::int as eligible, coalesce(sum(s.received), 0)::int as received, coalesce(sum(s.activated), 0)::int as activated,
           coalesce(sum(p.eligible), 0)::int as "prevEligible", coalesce(sum(p.received), 0)::int as "prevReceived",
           coalesce(sum(p.activated), 0)::int as "prevActivated"
    from admin_parents ap
    join admin_units ch on ch.id = ap.child_id
    cross join lateral ${descendantsOfUnit(sql`ch.id`, scope.structure)} c
    join admin_units h on h.id = c.id and h.level = 'hamlet'
    left join lateral (
      select * from hamlet_snapshots s where s.hamlet_id = h.id and s.as_of <= ${date} order by s.as_of desc limit 1
    ) s on true
    left join lateral (
      select * from hamlet_snapshots p where ${prev}::date is not null and p.hamlet_id = h.id and p.as_of <= ${prev}::date order by p.as_of desc limit 1
    ) p on true
    where ap.structure = ${scope.structure} and ap.parent_id = ${scope.unitId}
    group by ch.id, ch.code, ch.name, ch.full_name, ch.level
    order by ch.code`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: String(r.id),
    code: String(r.code),
    name: String(r.name),
    fullName: String(r.fullName),
    level: String(r.level),
    hamlets: Number(r.hamlets),
    eligible: Number(r.eligible),
    received: Number(r.received),
    activated: Number(r.activated),
    previous: prev ? { eligible: Number(r.prevEligible), received: Number(r.prevReceived), activated: Number(r.prevActivated) } : null,
  }));
}

/** People not yet activated at `date` by main reason (they partition eligible − activated), largest first. */
export async function reasonsAt({
  db,
  scope,
  date,
}: ScopeAtDate): Promise<{ notActivated: number; notReceived: number; receivedNotActivated: number; reasons: { reason: ReasonKey; people: number }[] }> {
  const t = await scopeTotals({ db, scope, date });
  return {
    notActivated: t.eligible - t.activated,
    notReceived: t.eligible - t.received,
    receivedNotActivated: t.received - t.activated,
    reasons: REASON_KEYS.map((reason) => ({ reason, people: t[reason] })).sort((a, b) => b.people - a.people),
  };
}

export const INFRA_GAPS = ["noGrid", "no2g", "noBroadband", "noFiber"] as const;
export type InfraGap = (typeof INFRA_GAPS)[number];

export interface HamletInfraRow {
  id: string;
  name: string;
  communeName: string | null;
  lon: number;
  lat: number;
  /** Counts at `date` (0 when the hamlet has no report yet). */
  residents: number;
  eligible: number;
  activated: number;
  gaps: Record<InfraGap, boolean>;
  /** Best mobile signal of any operator and technology. */
  signal: SignalLevel;
}

/**
 * Every hamlet of the scope with its infrastructure at `date` — the spatial join of its point with
 * the coverage layers valid then, as app/_screens/figures.ts computes the published figures — and its counts.
 */
export async function hamletInfrastructure({ db, scope, date }: ScopeAtDate): Promise<HamletInfraRow[]> {
  const [coverage, countsRes] = await Promise.all([
    coverageOfHamlets(db, scope, date),
    db.execute(sql`
      select u.id, u.label_lon as lon, u.label_lat as lat, cm.name as "communeName",
             coalesce(s.residents, 0)::int as residents, coalesce(s.eligible, 0)::int as eligible, coalesce(s.activated, 0)::int as activated
      from ${scopeUnits(scope)} c
      join admin_units u on u.id = c.id and u.level = 'hamlet'
      left join admin_parents pc on pc.structure = ${scope.structure} and pc.child_id = u.id
      left join admin_units cm on cm.id = pc.parent_id
      left join lateral (select * from hamlet_snapshots s where s.hamlet_id = u.id and s.as_of <= ${date} order by s.as_of desc limit 1) s on true`),
  ]);
  const counts = new Map(
    rowsOf<{ id: string; lon: number; lat: number; communeName: string | null; residents: number; eligible: number; activated: number }>(countsRes).map((r) => [
      r.id,
      r,
    ]),
  );
  return coverage.map(({ id, name, c }) => {
    const n = counts.get(id);
    if (!n) throw new Error(`hamletInfrastructure: hamlet ${id} has coverage but no row`);
    return {
      id,
      name,
      communeName: n.communeName,
      lon: Number(n.lon),
      lat: Number(n.lat),
      residents: Number(n.residents),
      eligible: Number(n.eligible),
      activated: Number(n.activated),
      gaps: { noGrid: !c.grid, no2g: !has2g(c), noBroadband: !hasBroadband(c), noFiber: !hasFiber(c) },
      signal: bestSignal(c),
    };
  });
}

export interface InfraSummaryRow {
  gap: InfraGap;
  hamlets: number;
  residents: number;
  notActivated: number;
}

/** Hamlets, residents and people not yet activated without grid power, 2G, 3G/4G and fiber at `date`. */
export async function infrastructureSummary({ db, scope, date }: ScopeAtDate): Promise<{ hamlets: number; rows: InfraSummaryRow[] }> {
  const rows = await hamletInfrastructure({ db, scope, date });
  return { hamlets: rows.length, rows: summariseInfrastructure(rows) };
}

/** Sums per infrastructure gap of rows from {@link hamletInfrastructure}. */
export function summariseInfrastructure(rows: readonly HamletInfraRow[]): InfraSummaryRow[] {
  return INFRA_GAPS.map((gap) => {
    const without = rows.filter((r) => r.gaps[gap]);
    return {
      gap,
      hamlets: without.length,
      residents: without.reduce((s, r) => s + r.residents, 0),
      notActivated: without.reduce((s, r) => s + (r.eligible - r.activated), 0),
    };
  });
}

/** The date of the newest coverage layer in use on `date` for the scope's province (the infrastructure's "as of"); null when none. */
export async function coverageVersionAt({ db, scope, date }: ScopeAtDate): Promise<string | null> {
  const res = await db.execute(sql`
    select max(l.as_of)::text as "asOf" from coverage_layers l
    where l.as_of <= ${date} and l.province_id in ${scopeProvinceId(scope)}`);
  return rowsOf<{ asOf: string | null }>(res)[0]?.asOf ?? null;
}

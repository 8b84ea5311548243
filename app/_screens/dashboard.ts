import "server-only";
import { z } from "zod";
import { scopeOf, scopeSchema, type Scope } from "@/db/queries/scope";
import { SMALL_COUNT_DEFAULTS, suppressSmallCounts } from "@/geo/small-counts";
import { type CountRelation, suppressWithParts } from "@/geo/complementary-suppression";
import type { Counts } from "@/app/_auth/counts";
import { type Forecast, forecastTarget } from "@/geo/forecast";
import type { InfraGap } from "@/db/queries/progress";
import { FUNNEL_STEPS, type FunnelStep, type ReasonKey } from "@/geo/domain";
import type { Db } from "@/db";
import { ancestorsOf, getScopeUnit } from "@/db/queries/admin";
import {
  childrenProgress,
  coverageVersionAt,
  funnelAt,
  hamletInfrastructure,
  monthlyProgress,
  reasonsAt,
  reportDates,
  summariseInfrastructure,
  targetsAt,
  type HamletInfraRow,
} from "@/db/queries/progress";
import { isDemoData } from "@/db/queries/records";
import { rate } from "@/geo/rates";
import { BOTTLENECKS, peopleByBottleneck, type Bottleneck, type PlanSummary, type PriorityHamlet } from "./briefing";

export type LoadResult<T> =
  | { status: "ok"; view: T }
  | { status: "unit-not-found"; unit: string; structure: string }
  | { status: "no-data"; unit: string; structure: string };

/** Hides a count from 1 to threshold − 1 (geo/small-counts.ts). */
export const hide = (v: number, threshold: number): Count => suppressSmallCounts({ v }, threshold).values.v;

/**
 * Everything the dashboard shows for a scope and date, as plain data. `counts` (app/_auth/counts.ts
 * countsFor(viewer)): "exact" shows every count as stored; "withheld" (the default) withholds counts
 * from 1 to threshold − 1 and, where a total is shown with its parts (the funnel and its gaps, the
 * reasons, the children's table, the bottlenecks), the complementary cells (geo/complementary-suppression.ts).
 * The forecast of each target uses the monthly series up to the date (geo/forecast.ts).
 */
export async function loadProgress(db: Db, p: ProgressParams, counts: Counts = "withheld"): Promise<LoadResult<ProgressView>> {
  const r = await build(db, p, counts);
  return r.status === "ok" ? { status: "ok", view: r.view } : r;
}

export async function build(
  db: Db,
  p: ProgressParams,
  counts: Counts = "withheld",
): Promise<LoadResult<ProgressView> | { status: "ok"; view: ProgressView; infraRows: HamletInfraRow[] }> {
  const scope: Scope = scopeOf(p.unit, p.structure);
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return { status: "unit-not-found", unit: p.unit, structure: p.structure };
  const dates = await reportDates({ db, scope });
  const date = resolveDate(dates, p.date);
  if (!date) return { status: "no-data", unit: p.unit, structure: p.structure };
  const since = p.since !== undefined ? (resolveDate(dates, p.since) ?? null) : previousReport(dates, date);
  const T = p.threshold;
  const exact = counts === "exact";
  /** A count shown alone: withheld when small (withheld mode only). */
  const h = (v: number): Count => (exact ? v : hide(v, T));

  const [funnel, previous, monthly, targets, kids, reasons, infraRows, coverageAsOf, ancestors, synthetic, bottlenecks] = await Promise.all([
    funnelAt({ db, scope, date }),
    since ? funnelAt({ db, scope, date: since }) : Promise.resolve(null),
    monthlyProgress({ db, scope, date }),
    targetsAt({ db, scope, date }),
    childrenProgress({ db, scope, date, since }),
    reasonsAt({ db, scope, date }),
    hamletInfrastructure({ db, scope, date }),
    coverageVersionAt({ db, scope, date }),
    ancestorsOf({ db, structure: scope.structure, unitId: scope.unitId }),
    isDemoData({ db }),
    peopleByBottleneck({ db, scope, date }),
  ]);

  const fig = progressFigures({ funnel: funnel.totals, reasons, children: kids, bottlenecks }, counts, T);
  const eligible = fig(F("eligible"));
  const children: ChildRow[] = kids.map((c, i) => {
    const e = fig(`c${i}.eligible`);
    const a = fig(`c${i}.activated`);
    const r = rate(a, e);
    const pr = c.previous ? rate(h(c.previous.activated), h(c.previous.eligible)) : null;
    return {
      id: c.id,
      name: c.name,
      fullName: c.fullName,
      level: c.level,
      hamlets: c.hamlets,
      eligible: e,
      activated: a,
      remaining: fig(`c${i}.remaining`),
      rate: r,
      previousRate: pr,
      delta: r === null || pr === null ? null : r - pr,
    };
  });

  const view: ProgressView = {
    unit: {
      id: unit.id,
      name: unit.name,
      fullName: unit.fullName,
      level: unit.level,
      type: unit.type,
      bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0],
    },
    structure: scope.structure,
    date,
    since,
    threshold: T,
    counts,
    synthetic,
    dates,
    // Cell names as in progressFigures, children by id: c<i>.<col> → child.<id>.<col>.
    complementary: fig.complementary.map((c) => c.replace(/^c(\d+)\./, (_, i: string) => `child.${kids[Number(i)]!.id}.`)),
    ancestors: ancestors.map((a) => ({ id: a.id, fullName: a.fullName, level: a.level })).reverse(),
    funnel: funnel.steps.map((s) => {
      const count = fig(F(s.step));
      return { step: s.step, count, rate: rate(count, eligible), previous: previous ? h(previous.totals[s.step]) : null };
    }),
    hamlets: funnel.totals.hamlets,
    monthly: monthly.map((m) => ({ month: m.month, asOf: m.asOf, received: h(m.received), activated: h(m.activated) })),
    targets: targets.map((t) => {
      const current = fig(F(t.metric));
      // A forecast on withheld counts would give them away: none below the threshold.
      const points = monthly.filter((m) => exact || m[t.metric] >= T).map((m) => ({ date: m.asOf, value: m[t.metric] }));
      return {
        metric: t.metric,
        value: t.value,
        periodStart: t.periodStart,
        periodEnd: t.periodEnd,
        current,
        rate: rate(current, t.value),
        forecast: forecastTarget(points, t.value, t.periodEnd),
      };
    }),
    childLevel: kids[0]?.level ?? null,
    children,
    reasons: {
      notActivated: fig("notActivated"),
      notReceived: fig("notReceived"),
      receivedNotActivated: fig("receivedNotActivated"),
      rows: reasons.reasons.map((r) => ({ reason: r.reason, people: fig(r.reason) })),
    },
    bottlenecks: bottlenecks ? BOTTLENECKS.map((b) => ({ bottleneck: b, people: fig(`b.${b}`) })) : null,
    infra: {
      hamlets: infraRows.length,
      coverageAsOf,
      rows: summariseInfrastructure(infraRows).map((r) => ({ gap: r.gap, hamlets: r.hamlets, residents: h(r.residents), notActivated: h(r.notActivated) })),
    },
  };
  return { status: "ok", view, infraRows };
}

const F = (step: FunnelStep) => `f.${step}`;

/**
 * The dashboard's counts of people that are shown with their totals, as one system of relations
 * (cell names: f.<step>, notActivated, notReceived, receivedNotActivated, <reason key>,
 * c<i>.eligible|activated|remaining, b.<bottleneck>):
 *   eligible = received + notReceived = activated + notActivated; received = activated + receivedNotActivated;
 *   notActivated = Σ reasons = Σ bottlenecks; each child: eligible = activated + remaining;
 *   the unit's eligible, activated and notActivated = Σ over the children (when the children add up to it).
 * Returns the shown value of a cell: exact mode as stored; withheld mode primary + complementary suppression.
 */
export function progressFigures(
  x: {
    funnel: Record<FunnelStep, number>;
    reasons: { notActivated: number; notReceived: number; receivedNotActivated: number; reasons: { reason: ReasonKey; people: number }[] };
    children: readonly { eligible: number; activated: number }[];
    bottlenecks: Record<Bottleneck, number> | null;
  },
  counts: Counts,
  threshold: number,
): ((cell: string) => Count) & { complementary: string[] } {
  const cells: Record<string, number> = {};
  for (const step of FUNNEL_STEPS) cells[F(step)] = x.funnel[step];
  cells.notActivated = x.reasons.notActivated;
  cells.notReceived = x.reasons.notReceived;
  cells.receivedNotActivated = x.reasons.receivedNotActivated;
  for (const r of x.reasons.reasons) cells[r.reason] = r.people;
  x.children.forEach((c, i) => {
    cells[`c${i}.eligible`] = c.eligible;
    cells[`c${i}.activated`] = c.activated;
    cells[`c${i}.remaining`] = c.eligible - c.activated;
  });
  if (x.bottlenecks) for (const b of BOTTLENECKS) cells[`b.${b}`] = x.bottlenecks[b] ?? 0;
  if (counts === "exact") return Object.assign((cell: string) => cells[cell] ?? null, { complementary: [] as string[] });

  const relations: CountRelation<string>[] = [
    { total: F("eligible"), parts: [F("received"), "notReceived"] },
    { total: F("eligible"), parts: [F("activated"), "notActivated"] },
    { total: F("received"), parts: [F("activated"), "receivedNotActivated"] },
    { total: "notActivated", parts: x.reasons.reasons.map((r) => r.reason) },
  ];
  if (x.bottlenecks) relations.push({ total: "notActivated", parts: BOTTLENECKS.map((b) => `b.${b}`) });
  x.children.forEach((_, i) => relations.push({ total: `c${i}.eligible`, parts: [`c${i}.activated`, `c${i}.remaining`] }));
  if (x.children.length) {
    for (const [total, col] of [
      [F("eligible"), "eligible"],
      [F("activated"), "activated"],
      ["notActivated", "remaining"],
    ] as const) {
      relations.push({ total, parts: x.children.map((_, i) => `c${i}.${col}`) });
    }
  }
  // Only relations that hold (a reader can use no other); negative cells (bad data) stay as they are.
  const sound = relations.filter((r) => r.parts.reduce((s, p) => s + (cells[p] ?? 0), 0) === cells[r.total]);
  const safe = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, Math.max(0, v)]));
  const { values, complementary } = suppressWithParts(safe, sound, threshold);
  return Object.assign((cell: string) => (cell in values ? (cells[cell]! < 0 ? cells[cell]! : values[cell]!) : null), { complementary });
}

export const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

// ---- URL parameters of /dashboard and /briefing ----
/** What /dashboard and /briefing show without parameters: Điện Biên in the post-July-2025 structure, at its latest report. */
export const PROGRESS_DEFAULTS = { unit: "p-11", structure: "post2025" } as const;

/**
 * The view's URL: /dashboard?unit=d-101&structure=pre2025&date=2023-11-06[&since=2023-10-31][&threshold=5].
 * `date` is a day or a month (YYYY-MM: the latest report in that month); `since` is the earlier date
 * that changes and movers are measured from (default: the last report before `date`'s month);
 * `threshold`: counts from 1 to threshold − 1 are withheld (never below the house rule's 5).
 */
export const progressParams = z.object({
  unit: scopeSchema.shape.unitId.default(PROGRESS_DEFAULTS.unit),
  structure: scopeSchema.shape.structure.default(PROGRESS_DEFAULTS.structure),
  date: z.union([z.iso.date(), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)], { message: "must be a date YYYY-MM-DD or a month YYYY-MM" }).optional(),
  since: z.iso.date({ message: "must be a date YYYY-MM-DD" }).optional(),
  threshold: z.coerce.number().int().min(SMALL_COUNT_DEFAULTS.threshold).max(100).default(SMALL_COUNT_DEFAULTS.threshold),
});
export type ProgressParams = z.infer<typeof progressParams>;

type SearchParams = Record<string, string | string[] | undefined>;

/** Parses a page's search params (first value of each; `lang` belongs to the i18n proxy). */
export function parseProgressParams(params: SearchParams) {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== "" && k !== "lang") flat[k] = first;
  }
  return progressParams.safeParse(flat);
}

/**
 * The report date a view shows: the latest report on or before `date` (a month means its last
 * day), or the latest report of all without a date. Null when no report is that old.
 */
export function resolveDate(reportDates: readonly string[], date: string | undefined): string | null {
  const until = date === undefined ? null : date.length === 7 ? monthEnd(date) : date;
  const eligible = until === null ? reportDates : reportDates.filter((d) => d <= until);
  return eligible.length ? eligible[eligible.length - 1]! : null;
}

/** The previous period's report: the latest report before the first day of `date`'s month. */
export function previousReport(reportDates: readonly string[], date: string): string | null {
  const monthStart = `${date.slice(0, 7)}-01`;
  const before = reportDates.filter((d) => d < monthStart);
  return before.length ? before[before.length - 1]! : null;
}

function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The query string of a view (the parameters that define it), for links that keep it. */
export function viewQuery(v: { unit: string; structure: string; date?: string | null; since?: string | null; threshold?: number }): string {
  const q = new URLSearchParams({ unit: v.unit, structure: v.structure });
  if (v.date) q.set("date", v.date);
  if (v.since) q.set("since", v.since);
  if (v.threshold && v.threshold !== SMALL_COUNT_DEFAULTS.threshold) q.set("threshold", String(v.threshold));
  return q.toString();
}

// ---- the data handed to the islands ----
/**
 * Plain data the dashboard and the briefing hand to their client islands. Every count of people
 * has been through small-count suppression: `null` means withheld (1 … threshold − 1), shown as
 * "<threshold"; a rate built on a withheld count is null too.
 */
export type Count = number | null;

export interface UnitInfo {
  id: string;
  name: string;
  fullName: string;
  level: string;
  type: string;
  bbox: [number, number, number, number];
}

export interface FunnelRow {
  step: FunnelStep;
  count: Count;
  rate: number | null;
  previous: Count;
}

export interface MonthRow {
  month: string;
  asOf: string;
  received: Count;
  activated: Count;
}

export interface TargetRow {
  metric: "received" | "activated";
  value: number;
  periodStart: string;
  periodEnd: string;
  /** The count at the date, withheld when small. */
  current: Count;
  rate: number | null;
  forecast: Forecast;
}

export interface ChildRow {
  id: string;
  name: string;
  fullName: string;
  level: string;
  hamlets: number;
  eligible: Count;
  activated: Count;
  /** eligible − activated. */
  remaining: Count;
  rate: number | null;
  previousRate: number | null;
  /** rate − previousRate (a fraction; × 100 = percentage points). */
  delta: number | null;
}

export interface ReasonRow {
  reason: ReasonKey;
  people: Count;
}

export interface InfraRow {
  gap: InfraGap;
  hamlets: number;
  residents: Count;
  notActivated: Count;
}

export interface ProgressView {
  unit: UnitInfo;
  structure: "pre2025" | "post2025";
  /** The report date shown (latest report on or before the requested date). */
  date: string;
  /** The earlier report changes are measured from (null when there is none). */
  since: string | null;
  threshold: number;
  /** How exact the counts are (app/_auth/counts.ts): the formatter shows 1–4 as "<5" only when "withheld". */
  counts: Counts;
  /**
   * The cells withheld only so that a small one cannot be derived (not small themselves): f.<step>,
   * notActivated, notReceived, receivedNotActivated, <reason key>, child.<id>.eligible|activated|remaining,
   * b.<bottleneck>. Shown as "ẩn / withheld", not "<5".
   */
  complementary: string[];
  synthetic: boolean;
  /** Report dates of the scope (for the date picker). */
  dates: string[];
  ancestors: { id: string; fullName: string; level: string }[];
  funnel: FunnelRow[];
  hamlets: number;
  monthly: MonthRow[];
  targets: TargetRow[];
  childLevel: string | null;
  children: ChildRow[];
  reasons: { notActivated: Count; notReceived: Count; receivedNotActivated: Count; rows: ReasonRow[] };
  bottlenecks: { bottleneck: Bottleneck; people: Count }[] | null;
  infra: { hamlets: number; coverageAsOf: string | null; rows: InfraRow[] };
}

export interface MapPoint {
  lon: number;
  lat: number;
  /** Index into RATE_CLASSES, -1 for no rate. */
  rateClass: number;
  /** Index into INFRA_CATEGORIES. */
  infra: number;
}

export interface BriefingView extends ProgressView {
  map: {
    points: MapPoint[];
    /** Outlines of the unit's children and of the unit itself (GeoJSON geometry). */
    children: unknown[];
    outline: unknown | null;
    counts: { rateClasses: number[]; noRate: number; infra: number[] };
  };
  priorities: (Omit<PriorityHamlet, "peopleRemaining" | "peopleReachable"> & { peopleRemaining: Count; peopleReachable: Count })[] | null;
  /** Counts of people in the plan are withheld like any other (null = withheld or not stated; see the plan's own fields). */
  plan: PlanSummary | null;
  /** While the priority analysis is not available: the hamlets with the most people not yet activated (not a priority score). */
  mostRemaining: { id: string; name: string; communeName: string | null; remaining: Count; rate: number | null; infra: number }[];
}

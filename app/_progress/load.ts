import "server-only";
import type { Db } from "@/db/client";
import { ancestorsOf, getScopeUnit, unitsInScope } from "@/db/queries/admin";
import {
  childrenProgress, coverageVersionAt, funnelAt, hamletInfrastructure, monthlyProgress, reasonsAt, reportDates,
  summariseInfrastructure, targetsAt, type HamletInfraRow,
} from "@/db/queries/progress";
import { isDemoData } from "@/db/queries/records";
import type { Scope } from "@/db/queries/scope";
import { forecastTarget } from "@/geo/forecast";
import { rate } from "@/geo/rates";
import { suppressSmallCounts } from "@/geo/small-counts";
import { INFRA_CATEGORIES, RATE_CLASSES, infraCategory, rateClass } from "./classes";
import { previousReport, resolveDate, type ProgressParams } from "./params";
import { BOTTLENECKS, latestPlan, peopleByBottleneck, topPriorityHamlets } from "./sources";
import type { BriefingView, ChildRow, Count, ProgressView } from "./types";

export type LoadResult<T> =
  | { status: "ok"; view: T }
  | { status: "unit-not-found"; unit: string; structure: string }
  | { status: "no-data"; unit: string; structure: string };

/** Hides a count from 1 to threshold − 1 (geo/small-counts.ts). */
const hide = (v: number, threshold: number): Count => suppressSmallCounts({ v }, threshold).values.v;
/** A rate of two counts, null when either is withheld. */
const rateOf = (num: Count, den: Count) => (num === null || den === null ? null : rate(num, den));

/**
 * Everything the dashboard shows for a scope and date, as plain data with small counts withheld.
 * The forecast of each target uses the monthly series up to the date (geo/forecast.ts).
 */
export async function loadProgress(db: Db, p: ProgressParams): Promise<LoadResult<ProgressView>> {
  const r = await build(db, p);
  return r.status === "ok" ? { status: "ok", view: r.view } : r;
}

async function build(db: Db, p: ProgressParams): Promise<LoadResult<ProgressView> | { status: "ok"; view: ProgressView; infraRows: HamletInfraRow[] }> {
  const scope: Scope = { unitId: p.unit, structure: p.structure };
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return { status: "unit-not-found", unit: p.unit, structure: p.structure };
  const dates = await reportDates({ db, scope });
  const date = resolveDate(dates, p.date);
  if (!date) return { status: "no-data", unit: p.unit, structure: p.structure };
  const since = p.since !== undefined ? (resolveDate(dates, p.since) ?? null) : previousReport(dates, date);
  const T = p.threshold;

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

  const eligible = hide(funnel.totals.eligible, T);
  const children: ChildRow[] = kids.map((c) => {
    const e = hide(c.eligible, T);
    const a = hide(c.activated, T);
    const r = rateOf(a, e);
    const pr = c.previous ? rateOf(hide(c.previous.activated, T), hide(c.previous.eligible, T)) : null;
    return {
      id: c.id, name: c.name, fullName: c.fullName, level: c.level, hamlets: c.hamlets,
      eligible: e, activated: a, remaining: hide(c.eligible - c.activated, T), rate: r, previousRate: pr,
      delta: r === null || pr === null ? null : r - pr,
    };
  });

  const view: ProgressView = {
    unit: { id: unit.id, name: unit.name, fullName: unit.fullName, level: unit.level, type: unit.type, bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0] },
    structure: scope.structure, date, since, threshold: T, synthetic, dates,
    ancestors: ancestors.map((a) => ({ id: a.id, fullName: a.fullName, level: a.level })).reverse(),
    funnel: funnel.steps.map((s) => {
      const count = hide(s.count, T);
      return { step: s.step, count, rate: rateOf(count, eligible), previous: previous ? hide(previous.totals[s.step], T) : null };
    }),
    hamlets: funnel.totals.hamlets,
    monthly: monthly.map((m) => ({ month: m.month, asOf: m.asOf, received: hide(m.received, T), activated: hide(m.activated, T) })),
    targets: targets.map((t) => {
      const current = hide(funnel.totals[t.metric], T);
      // A forecast on withheld counts would give them away: none below the threshold.
      const points = monthly.filter((m) => m[t.metric] >= T).map((m) => ({ date: m.asOf, value: m[t.metric] }));
      return { metric: t.metric, value: t.value, periodStart: t.periodStart, periodEnd: t.periodEnd, current, rate: rateOf(current, t.value), forecast: forecastTarget(points, t.value, t.periodEnd) };
    }),
    childLevel: kids[0]?.level ?? null,
    children,
    reasons: {
      notActivated: hide(reasons.notActivated, T), notReceived: hide(reasons.notReceived, T), receivedNotActivated: hide(reasons.receivedNotActivated, T),
      rows: reasons.reasons.map((r) => ({ reason: r.reason, people: hide(r.people, T) })),
    },
    bottlenecks: bottlenecks ? BOTTLENECKS.map((b) => ({ bottleneck: b, people: hide(bottlenecks[b] ?? 0, T) })) : null,
    infra: {
      hamlets: infraRows.length, coverageAsOf,
      rows: summariseInfrastructure(infraRows).map((r) => ({ gap: r.gap, hamlets: r.hamlets, residents: hide(r.residents, T), notActivated: hide(r.notActivated, T) })),
    },
  };
  return { status: "ok", view, infraRows };
}

/** The dashboard's data plus what only the briefing shows: the map, the priority hamlets, the saved plan. */
export async function loadBriefing(db: Db, p: ProgressParams): Promise<LoadResult<BriefingView>> {
  const base = await build(db, p);
  if (base.status !== "ok") return base;
  const v = base.view;
  const infra = "infraRows" in base ? base.infraRows : [];
  const scope: Scope = { unitId: v.unit.id, structure: v.structure };
  const childLevel = v.childLevel === "hamlet" ? null : v.childLevel;
  const [childUnits, priorities, plan] = await Promise.all([
    childLevel ? unitsInScope({ db, scope, level: childLevel as "district" | "commune", date: v.date }) : Promise.resolve([]),
    topPriorityHamlets({ db, scope, date: v.date, limit: 10 }),
    latestPlan({ db, scope }),
  ]);
  const outline = (await unitsInScope({ db, scope, level: v.unit.level as "province" | "district" | "commune" | "hamlet" })).find((u) => u.id === v.unit.id)?.geometry ?? null;
  const points = infra.map((h) => {
    const e = hide(h.eligible, v.threshold);
    const a = hide(h.activated, v.threshold);
    return { lon: round5(h.lon), lat: round5(h.lat), rateClass: rateClass(rateOf(a, e)), infra: infraCategory(h.gaps) };
  });
  const counts = {
    rateClasses: RATE_CLASSES.map((_, i) => points.filter((x) => x.rateClass === i).length),
    noRate: points.filter((x) => x.rateClass === -1).length,
    infra: INFRA_CATEGORIES.map((_, i) => points.filter((x) => x.infra === i).length),
  };
  return {
    status: "ok",
    view: {
      ...v,
      map: { points, children: childUnits.map((u) => u.geometry).filter(Boolean), outline, counts },
      priorities: priorities?.map((h) => ({ ...h, peopleRemaining: hide(h.peopleRemaining, v.threshold), peopleReachable: h.peopleReachable === null ? null : hide(h.peopleReachable, v.threshold) })) ?? null,
      mostRemaining: [...infra]
        .sort((a, b) => b.eligible - b.activated - (a.eligible - a.activated) || a.name.localeCompare(b.name, "vi"))
        .slice(0, 10)
        .map((h) => {
          const e = hide(h.eligible, v.threshold);
          const a = hide(h.activated, v.threshold);
          return { id: h.id, name: h.name, communeName: h.communeName, remaining: hide(h.eligible - h.activated, v.threshold), rate: rateOf(a, e), infra: infraCategory(h.gaps) };
        }),
      plan: plan && {
        ...plan,
        wifiSites: plan.wifiSites?.map((s) => ({ ...s, people: s.people === null ? null : hide(s.people, v.threshold) })) ?? null,
        teams: plan.teams?.map((t) => ({ ...t, people: t.people === null ? null : hide(t.people, v.threshold) })) ?? null,
        peopleReached: plan.peopleReached === null ? null : hide(plan.peopleReached, v.threshold),
      },
    },
  };
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

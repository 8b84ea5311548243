import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import { unitsInScope } from "@/db/queries/admin";
import { INFRA_CATEGORIES, RATE_CLASSES, infraCategory, rateClass } from "@/app/_components/progress/classes";
import { build, hide as hideCount, round5, type BriefingView, type Count, type LoadResult, type ProgressParams } from "./dashboard";
import type { Counts } from "@/app/_auth/counts";
import { suppressWithParts } from "@/geo/complementary-suppression";
import { latestScenario } from "@/db/queries/briefing";
import { rate } from "@/geo/rates";
import { scenarioPlanSchema } from "@/geo/plan-schema";
import { priorityHamlets } from "@/db/queries/priorities";
import { PRIORITY_PRESETS } from "@/geo/priority-score";
import { gapRows, bottleneckSummary, rankRows } from "./priorities";
import { scopeOf, type Scope } from "@/db/queries/scope";

/**
 * What the dashboard and the briefing take from the other features, behind small interfaces:
 *
 * - the gap analysis (issue 5): the top priority hamlets with their bottleneck and recommended
 *   action, and people per bottleneck;
 * - the planners (issue 6): the latest saved scenario of the unit.
 *
 * Each may return `null` when its feature has nothing to say, and the pages then say so.
 */

/** The bottlenecks of the gap analysis (issue 5). */
export const BOTTLENECKS = ["infrastructure", "away", "device", "access", "process"] as const;
export type Bottleneck = (typeof BOTTLENECKS)[number];

export interface PriorityHamlet {
  id: string;
  name: string;
  communeName: string | null;
  /** Priority score in [0, 1]. */
  score: number;
  bottleneck: Bottleneck;
  /** Recommended intervention, as a key of briefing.actions (or plain text when the gap analysis has no key for it). */
  action: string;
  /** People not yet activated in the hamlet. */
  peopleRemaining: number;
  /** People the recommended intervention can reach, when known. */
  peopleReachable: number | null;
}

interface ScopeDate {
  db: Db;
  scope: Scope;
  date: string;
}

/** Gap-analysis interventions (geo/gap-causes.ts) → keys of briefing.actions. */
const ACTION_KEYS: Record<string, string> = {
  mobile_team: "mobileTeam",
  wifi_point: "wifiPoint",
  return_campaign: "returnPeriods",
  device_support: "deviceSupport",
  home_visits: "homeVisits",
  activation_support: "activationSupport",
};

/**
 * The `limit` highest-priority hamlets of the scope at `date` under the mobile-teams preset (the
 * briefing is about where teams go next), from the gap analysis (app/_screens/priorities.ts).
 */
export async function topPriorityHamlets({ db, scope, date, limit }: ScopeDate & { limit: number }): Promise<PriorityHamlet[] | null> {
  const data = await priorityHamlets({ db, scope, date });
  if (data.hamlets.length === 0) return [];
  const ranked = rankRows(gapRows(data.hamlets), PRIORITY_PRESETS.mobileTeams);
  // The exact counts: the pack withholds them with its own threshold (≥ 5) when it prints them.
  const facts = new Map(data.hamlets.map((h) => [h.id, h]));
  return ranked
    .filter((r) => r.bottleneck !== "none")
    .slice(0, limit)
    .map((r) => ({
      id: r.id,
      name: r.name,
      communeName: r.communeName || null,
      score: r.score,
      bottleneck: r.bottleneck as Bottleneck,
      action: ACTION_KEYS[r.intervention] ?? r.intervention,
      peopleRemaining: Math.max(0, facts.get(r.id)!.eligible - facts.get(r.id)!.activated),
      peopleReachable: r.reach,
    }));
}

/** People not yet activated by bottleneck in the scope at `date`, from the gap analysis. */
export async function peopleByBottleneck({ db, scope, date }: ScopeDate): Promise<Record<Bottleneck, number> | null> {
  const data = await priorityHamlets({ db, scope, date });
  const summary = bottleneckSummary(data.hamlets);
  return Object.fromEntries(BOTTLENECKS.map((b) => [b, summary.byBottleneck[b].remaining])) as Record<Bottleneck, number>;
}

/**
 * A plan summary as shown: "exact" as it is; "withheld": small counts withheld, and when the total
 * people reached is the sum of the sites' and teams' people, the complementary cell too.
 */
export function withheldPlan(plan: PlanSummary, counts: Counts, threshold: number): PlanSummary {
  if (counts === "exact") return plan;
  const cells: Record<string, number> = {};
  plan.wifiSites?.forEach((s, i) => {
    if (s.people !== null) cells[`s${i}`] = Math.max(0, s.people);
  });
  plan.teams?.forEach((t, i) => {
    if (t.people !== null) cells[`t${i}`] = Math.max(0, t.people);
  });
  if (plan.peopleReached !== null) cells.total = Math.max(0, plan.peopleReached);
  const parts = Object.keys(cells).filter((k) => k !== "total");
  const holds = "total" in cells && parts.reduce((s, k) => s + cells[k]!, 0) === cells.total;
  const { values } = suppressWithParts(cells, holds ? [{ total: "total", parts }] : [], threshold);
  return {
    ...plan,
    wifiSites: plan.wifiSites?.map((s, i) => ({ ...s, people: s.people === null ? null : values[`s${i}`]! })) ?? null,
    teams: plan.teams?.map((t, i) => ({ ...t, people: t.people === null ? null : values[`t${i}`]! })) ?? null,
    peopleReached: plan.peopleReached === null ? null : values.total!,
  };
}

export interface PlanSummary {
  id: number;
  name: string;
  createdAt: string;
  /** Wi-Fi points chosen, in pick order, with the people each reaches (null when the plan has none or is not readable). */
  wifiSites: { name: string; people: number | null }[] | null;
  /** Mobile teams with their number of days, hamlets visited and people served. */
  teams: { name: string; days: number | null; hamlets: number | null; people: number | null }[] | null;
  /** People the plan reaches in total, when stated. */
  peopleReached: number | null;
}

/**
 * The latest saved plan of the unit (table `scenarios`), summarised for slide 4. The table exists;
 * the shape of `plan` belongs to the planners (issue 6): {@link summarisePlan} reads what it
 * recognises and leaves the rest null — adapt it to the planners' schema when they are merged.
 */
export async function latestPlan({ db, scope }: { db: Db; scope: Scope }): Promise<PlanSummary | null> {
  const s = await latestScenario({ db, scope });
  return s ? { id: s.id, name: s.name, createdAt: s.createdAt, ...summarisePlan(s.plan) } : null;
}

const num = z
  .number()
  .finite()
  .nullish()
  .transform((v) => v ?? null);
const siteSchema = z
  .object({ name: z.string().optional(), siteName: z.string().optional(), people: num.optional(), peopleReached: num.optional(), gain: num.optional() })
  .passthrough();
const teamSchema = z
  .object({
    name: z.string().optional(),
    team: z.union([z.string(), z.number()]).optional(),
    days: z.union([z.array(z.unknown()), z.number()]).optional(),
    hamlets: z.union([z.array(z.unknown()), z.number()]).optional(),
    peopleServed: num.optional(),
    people: num.optional(),
  })
  .passthrough();
const planSchema = z
  .object({
    wifi: z
      .object({ sites: z.array(siteSchema) })
      .partial()
      .passthrough()
      .optional(),
    wifiSites: z.array(siteSchema).optional(),
    teams: z.union([z.array(teamSchema), z.object({ itineraries: z.array(teamSchema) }).passthrough()]).optional(),
    peopleReached: num.optional(),
    totals: z.object({ peopleReached: num.optional() }).passthrough().optional(),
  })
  .passthrough();

/** Reads Wi-Fi sites, teams and totals from a saved plan where it finds them (see {@link latestPlan}). */
export function summarisePlan(plan: unknown): Omit<PlanSummary, "id" | "name" | "createdAt"> {
  // A scenario saved by the planners (/plans): the chosen sites, and the teams' totals (a scenario
  // keeps the totals of the itineraries, not each team's: one row for the whole campaign).
  const saved = scenarioPlanSchema.safeParse(plan);
  if (saved.success) {
    const { request, summary, wifiPicks } = saved.data;
    return {
      wifiSites: wifiPicks.length ? wifiPicks.map((s) => ({ name: s.name, people: s.gain })) : null,
      teams:
        summary.teamHamletsVisited > 0
          ? [
              {
                name: `${request.teams.teams} × ${request.teams.days}`,
                days: request.teams.days,
                hamlets: summary.teamHamletsVisited,
                people: summary.teamServed,
              },
            ]
          : null,
      // A withheld part (1–4 people) leaves the total unstated rather than understated.
      peopleReached: summary.wifiPeopleReached === null || summary.teamServed === null ? null : summary.wifiPeopleReached + summary.teamServed,
    };
  }
  const p = planSchema.safeParse(plan);
  if (!p.success) return { wifiSites: null, teams: null, peopleReached: null };
  const sites = p.data.wifi?.sites ?? p.data.wifiSites;
  const teams = Array.isArray(p.data.teams) ? p.data.teams : p.data.teams?.itineraries;
  const count = (v: unknown[] | number | undefined) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : null);
  return {
    wifiSites: sites?.length
      ? sites.map((s, i) => ({ name: s.name ?? s.siteName ?? `#${i + 1}`, people: s.people ?? s.peopleReached ?? s.gain ?? null }))
      : null,
    teams: teams?.length
      ? teams.map((t, i) => ({
          name: t.name ?? (t.team !== undefined ? String(t.team) : `#${i + 1}`),
          days: count(t.days),
          hamlets: count(t.hamlets),
          people: t.peopleServed ?? t.people ?? null,
        }))
      : null,
    peopleReached: p.data.peopleReached ?? p.data.totals?.peopleReached ?? null,
  };
}

/**
 * The dashboard's data plus what only the briefing shows: the map, the priority hamlets, the saved
 * plan. `counts` as for the dashboard (app/_screens/dashboard.ts build): in "withheld" mode (the
 * default) small counts are withheld, and the plan's total with its parts (sites and teams) gets
 * its complementary cell; "exact" shows all as stored.
 */
export async function loadBriefing(db: Db, p: ProgressParams, counts: Counts = "withheld"): Promise<LoadResult<BriefingView>> {
  const base = await build(db, p, counts);
  if (base.status !== "ok") return base;
  const v = base.view;
  const infra = "infraRows" in base ? base.infraRows : [];
  const scope: Scope = scopeOf(v.unit.id, v.structure);
  const childLevel = v.childLevel === "hamlet" ? null : v.childLevel;
  const [childUnits, priorities, plan] = await Promise.all([
    childLevel ? unitsInScope({ db, scope, level: childLevel as "district" | "commune", date: v.date }) : Promise.resolve([]),
    topPriorityHamlets({ db, scope, date: v.date, limit: 10 }),
    latestPlan({ db, scope }),
  ]);
  const T = v.threshold;
  const hide = (x: number, t: number): Count => (counts === "exact" ? x : hideCount(x, t));
  const outline =
    (await unitsInScope({ db, scope, level: v.unit.level as "province" | "district" | "commune" | "hamlet" })).find((u) => u.id === v.unit.id)?.geometry ??
    null;
  const points = infra.map((h) => {
    const e = hide(h.eligible, v.threshold);
    const a = hide(h.activated, v.threshold);
    return { lon: round5(h.lon), lat: round5(h.lat), rateClass: rateClass(rate(a, e)), infra: infraCategory(h.gaps) };
  });
  const mapCounts = {
    rateClasses: RATE_CLASSES.map((_, i) => points.filter((x) => x.rateClass === i).length),
    noRate: points.filter((x) => x.rateClass === -1).length,
    infra: INFRA_CATEGORIES.map((_, i) => points.filter((x) => x.infra === i).length),
  };
  return {
    status: "ok",
    view: {
      ...v,
      map: { points, children: childUnits.map((u) => u.geometry).filter(Boolean), outline, counts: mapCounts },
      priorities:
        priorities?.map((h) => ({
          ...h,
          peopleRemaining: hide(h.peopleRemaining, v.threshold),
          peopleReachable: h.peopleReachable === null ? null : hide(h.peopleReachable, v.threshold),
        })) ?? null,
      mostRemaining: [...infra]
        .sort((a, b) => b.eligible - b.activated - (a.eligible - a.activated) || a.name.localeCompare(b.name, "vi"))
        .slice(0, 10)
        .map((h) => {
          const e = hide(h.eligible, v.threshold);
          const a = hide(h.activated, v.threshold);
          return {
            id: h.id,
            name: h.name,
            communeName: h.communeName,
            remaining: hide(h.eligible - h.activated, v.threshold),
            rate: rate(a, e),
            infra: infraCategory(h.gaps),
          };
        }),
      plan: plan && withheldPlan(plan, counts, T),
    },
  };
}

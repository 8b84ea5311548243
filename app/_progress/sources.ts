import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { latestScenario } from "@/db/queries/briefing";
import type { Scope } from "@/db/queries/scope";

/**
 * What the dashboard and the briefing take from the other features, behind small interfaces:
 *
 * - the gap analysis (issue 5): the top priority hamlets with their bottleneck and recommended
 *   action, and people per bottleneck;
 * - the planners (issue 6): the latest saved scenario of the unit.
 *
 * Each returns `null` while its feature is not available, and the pages then say so ("not
 * available yet"). To wire a feature, replace the body of the function below with a call to it —
 * nothing else in the dashboard or the briefing changes.
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

interface ScopeDate { db: Db; scope: Scope; date: string }

/** The `limit` highest-priority hamlets of the scope at `date`; null until the gap analysis (issue 5) is merged. */
export async function topPriorityHamlets(_args: ScopeDate & { limit: number }): Promise<PriorityHamlet[] | null> {
  return null; // issue 5: return its ranking (default preset) mapped to PriorityHamlet.
}

/** People not yet activated by bottleneck in the scope at `date`; null until the gap analysis (issue 5) is merged. */
export async function peopleByBottleneck(_args: ScopeDate): Promise<Record<Bottleneck, number> | null> {
  return null; // issue 5: return its counts of people per bottleneck for the scope.
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

const num = z.number().finite().nullish().transform((v) => v ?? null);
const siteSchema = z.object({ name: z.string().optional(), siteName: z.string().optional(), people: num.optional(), peopleReached: num.optional(), gain: num.optional() }).passthrough();
const teamSchema = z.object({ name: z.string().optional(), team: z.union([z.string(), z.number()]).optional(), days: z.union([z.array(z.unknown()), z.number()]).optional(), hamlets: z.union([z.array(z.unknown()), z.number()]).optional(), peopleServed: num.optional(), people: num.optional() }).passthrough();
const planSchema = z.object({
  wifi: z.object({ sites: z.array(siteSchema) }).partial().passthrough().optional(),
  wifiSites: z.array(siteSchema).optional(),
  teams: z.union([z.array(teamSchema), z.object({ itineraries: z.array(teamSchema) }).passthrough()]).optional(),
  peopleReached: num.optional(),
  totals: z.object({ peopleReached: num.optional() }).passthrough().optional(),
}).passthrough();

/** Reads Wi-Fi sites, teams and totals from a saved plan where it finds them (see {@link latestPlan}). */
export function summarisePlan(plan: unknown): Omit<PlanSummary, "id" | "name" | "createdAt"> {
  const p = planSchema.safeParse(plan);
  if (!p.success) return { wifiSites: null, teams: null, peopleReached: null };
  const sites = p.data.wifi?.sites ?? p.data.wifiSites;
  const teams = Array.isArray(p.data.teams) ? p.data.teams : p.data.teams?.itineraries;
  const count = (v: unknown[] | number | undefined) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : null);
  return {
    wifiSites: sites?.length ? sites.map((s, i) => ({ name: s.name ?? s.siteName ?? `#${i + 1}`, people: s.people ?? s.peopleReached ?? s.gain ?? null })) : null,
    teams: teams?.length ? teams.map((t, i) => ({ name: t.name ?? (t.team !== undefined ? String(t.team) : `#${i + 1}`), days: count(t.days), hamlets: count(t.hamlets), people: t.peopleServed ?? t.people ?? null })) : null,
    peopleReached: p.data.peopleReached ?? p.data.totals?.peopleReached ?? null,
  };
}

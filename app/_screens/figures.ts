import "server-only";
import { rate, bestSignal, hasBroadband, has2g, hasFiber, type HamletCoverage, foldName, stripUnitPrefix } from "@/geo";
import type { Db } from "@/db";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { findUnitsByFoldedName, countUnits } from "@/db/queries/admin";
import type { Level } from "@/db";
import { coverageOfHamlets } from "@/db/queries/coverage";
import { scopeTotals, targetFor, unitFigure, type Totals } from "@/db/queries/indicators";
import { unitScope, type Scope } from "@/db/queries/scope";

/**
 * Named metrics of a unit at a date, each computed by the app from hamlet rows (sums, rates),
 * from the spatial join of hamlet points with the coverage layers valid on that date, from the
 * admin tree, from targets, or — for figures that exist only above the hamlet — from the unit's
 * reported figures. Nothing here reads a stored total of hamlet data.
 */
export type MetricValue = number | boolean | string | null;
interface Ctx {
  db: Db;
  scope: Scope;
  date: string;
  totals(): Promise<Totals>;
  coverage(): Promise<{ id: string; name: string; c: HamletCoverage }[]>;
}
type MetricFn = (ctx: Ctx) => Promise<MetricValue>;

const sum =
  (k: keyof Totals): MetricFn =>
  async (c) =>
    (await c.totals())[k] as number;
const ratio =
  (num: (t: Totals) => number, den: (t: Totals) => number): MetricFn =>
  async (c) => {
    const t = await c.totals();
    return rate(num(t), den(t));
  };
const hamletsWhere =
  (pred: (h: HamletCoverage) => boolean): MetricFn =>
  async (c) =>
    (await c.coverage()).filter((h) => pred(h.c)).length;
const reported =
  (metric: string): MetricFn =>
  async (c) =>
    (await unitFigure({ db: c.db, scope: c.scope, metric, date: c.date }))?.value ?? null;
const yearTarget = async (c: Ctx) => (await targetFor({ db: c.db, scope: c.scope, metric: "received", date: c.date }))?.value ?? null;
/** For a hamlet scope: its own coverage. */
const ownCoverage = async (c: Ctx) => {
  const all = await c.coverage();
  if (all.length !== 1) throw new Error(`metric needs a hamlet scope, got ${all.length} hamlets under ${c.scope.unitId}`);
  return all[0]!.c;
};

export const METRICS: Record<string, MetricFn> = {
  // Funnel sums and rates (hamlet snapshots at the date).
  eligible: sum("eligible"),
  cccd_issued: sum("cccdIssued"),
  received: sum("received"),
  activated: sum("activated"),
  level2: sum("level2"),
  residents: sum("residents"),
  sim_need: sum("simNeed"),
  away: sum("reasonAway"),
  elderly_sick: sum("reasonElderlySick"),
  not_received: async (c) => {
    const t = await c.totals();
    return t.eligible - t.received;
  },
  cccd_not_received: async (c) => {
    const t = await c.totals();
    return t.eligible - t.cccdIssued;
  },
  received_not_activated: async (c) => {
    const t = await c.totals();
    return t.received - t.activated;
  },
  received_rate_of_eligible: ratio(
    (t) => t.received,
    (t) => t.eligible,
  ),
  activated_rate_of_eligible: ratio(
    (t) => t.activated,
    (t) => t.eligible,
  ),
  cccd_issued_rate: ratio(
    (t) => t.cccdIssued,
    (t) => t.eligible,
  ),
  no_smartphone_rate: ratio(
    (t) => t.withoutSmartphone,
    (t) => t.eligible,
  ),
  ethnic_minority_rate: ratio(
    (t) => t.ethnicMinority,
    (t) => t.residents,
  ),
  poor_household_rate: ratio(
    (t) => t.poorHouseholds,
    (t) => t.households,
  ),
  near_poor_household_rate: ratio(
    (t) => t.nearPoorHouseholds,
    (t) => t.households,
  ),
  poor_or_near_poor_households: async (c) => {
    const t = await c.totals();
    return t.poorHouseholds + t.nearPoorHouseholds;
  },
  poor_or_near_poor_household_rate: ratio(
    (t) => t.poorHouseholds + t.nearPoorHouseholds,
    (t) => t.households,
  ),
  // Targets.
  received_target_2023: async (c) => yearTarget({ ...c, date: "2023-06-30" }),
  received_rate_of_target: async (c) => {
    const tg = await yearTarget(c);
    return tg === null ? null : rate((await c.totals()).received, tg);
  },
  received_remaining_to_target: async (c) => {
    const tg = await yearTarget(c);
    return tg === null ? null : Math.max(0, tg - (await c.totals()).received);
  },
  // Admin tree.
  hamlets_total: (c) => countUnits({ db: c.db, scope: c.scope, level: "hamlet", date: c.date }),
  communes_total: (c) => countUnits({ db: c.db, scope: c.scope, level: "commune", date: c.date }),
  districts_total: (c) => countUnits({ db: c.db, scope: c.scope, level: "district", date: c.date }),
  exists: async (c) => (await c.coverage()).length === 1,
  // Infrastructure: the spatial join of hamlet points with the coverage polygons valid at the date.
  hamlets_no_grid: hamletsWhere((h) => !h.grid),
  hamlets_no_2g: hamletsWhere((h) => !has2g(h)),
  hamlets_no_mobile_broadband: hamletsWhere((h) => !hasBroadband(h)),
  hamlets_no_fiber: hamletsWhere((h) => !hasFiber(h)),
  hamlets_mobile_signal_good: hamletsWhere((h) => bestSignal(h) === "good"),
  hamlets_mobile_signal_weak: hamletsWhere((h) => bestSignal(h) === "weak"),
  hamlets_mobile_signal_none: hamletsWhere((h) => bestSignal(h) === "none"),
  grid_power: async (c) => (await ownCoverage(c)).grid,
  mobile_signal: async (c) => bestSignal(await ownCoverage(c)),
  // Reported only above the hamlet.
  permanent_residents: reported("permanent_residents"),
  temporary_residents: reported("temporary_residents"),
  online_dossiers_national_portal: reported("online_dossiers_national_portal"),
  cccd_integrated: reported("cccd_integrated"),
  cccd_dossiers_pending: reported("cccd_dossiers_pending"),
  cccd_dossiers_total: reported("cccd_dossiers_total"),
  enrollment_kits: reported("enrollment_kits"),
  sims_donated_mobifone: reported("sims_donated_mobifone"),
  sims_donated_viettel: reported("sims_donated_viettel"),
  sims_donated_vnpt: reported("sims_donated_vnpt"),
  sims_donated_social: reported("sims_donated_social"),
  away_unknown_address: reported("away_unknown_address"),
  essential_services_deployed: reported("essential_services_deployed"),
};

/** Computes one named metric for a scope at a date. Throws for an unknown metric name. */
export async function computeMetric({ db, scope, metric, date }: { db: Db; scope: Scope; metric: string; date: string }): Promise<MetricValue> {
  const fn = METRICS[metric];
  if (!fn) throw new Error(`unknown metric "${metric}"; known: ${Object.keys(METRICS).join(", ")}`);
  let totals: Promise<Totals> | undefined;
  let coverage: Promise<{ id: string; name: string; c: HamletCoverage }[]> | undefined;
  const ctx: Ctx = {
    db,
    scope,
    date,
    totals: () => (totals ??= scopeTotals({ db, scope, date })),
    coverage: () => (coverage ??= coverageOfHamlets(db, scope, date)),
  };
  return fn(ctx);
}

// ---- the published figures (db/demo/data/published-figures.csv) ----
/** One published figure (a row of db/demo/data/published-figures.csv). */
export interface PublishedFigure {
  id: string;
  as_of: string;
  province: string;
  district: string;
  commune: string;
  hamlet: string;
  metric: string;
  comparator: string;
  value: string;
  source: string;
  quote: string;
}

export const FIGURES_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../db/demo/data/published-figures.csv");

export function readPublishedFigures(file: string = FIGURES_CSV): PublishedFigure[] {
  return parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true });
}

/** The unit a figure speaks of, in the pre-2025 structure the articles use (names matched folded, type words dropped). */
export async function resolveFigureUnit(db: Db, r: PublishedFigure): Promise<string> {
  let scope: Scope | undefined;
  const levels: [Level, string][] = [
    ["province", r.province],
    ["district", r.district],
    ["commune", r.commune],
    ["hamlet", r.hamlet],
  ];
  for (const [level, name] of levels) {
    if (!name) continue;
    const found = await findUnitsByFoldedName({ db, scope, structure: "pre2025", level, folded: foldName(stripUnitPrefix(name)) });
    if (found.length !== 1) throw new Error(`${r.id}: ${found.length} ${level} units named "${name}" under ${scope?.unitId ?? "the country"}`);
    scope = unitScope(found[0]!.id, "pre2025");
  }
  if (!scope) throw new Error(`${r.id}: no unit named`);
  return scope.unitId;
}

/** Whether a computed value satisfies the figure: eq exact, gt/gte, approx within 1 %; booleans and words by equality. */
export function satisfies(comparator: string, got: MetricValue, want: string): boolean {
  if (want === "true" || want === "false") return got === (want === "true");
  if (!/^-?[0-9.]+$/.test(want)) return got === want;
  const w = Number(want);
  if (typeof got !== "number") return false;
  switch (comparator) {
    case "eq":
      return got === w;
    case "gt":
      return got > w;
    case "gte":
      return got >= w;
    case "approx":
      return Math.abs(got - w) <= 0.01 * Math.abs(w);
    default:
      throw new Error(`unknown comparator ${comparator}`);
  }
}

/** Computes a figure through the app and checks it. */
export async function checkFigure(db: Db, r: PublishedFigure): Promise<{ unitId: string; got: MetricValue; ok: boolean }> {
  const unitId = await resolveFigureUnit(db, r);
  const got = await computeMetric({ db, scope: unitScope(unitId, "pre2025"), metric: r.metric, date: r.as_of });
  return { unitId, got, ok: satisfies(r.comparator, got, r.value) };
}

import { gapCauses, GAP_CAUSES, type Bottleneck, type GapCause, type Intervention } from "@/geo/gap-causes";
import { priorityFactors } from "@/geo/priority-factors";
import { priorityScores, type PriorityScore, type PriorityWeights } from "@/geo/priority-score";
import type { Counts } from "@/app/_auth/counts";
import type { CountRelation } from "@/geo/complementary-suppression";
import { withholdCounts } from "./withhold";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import { rate } from "@/geo/rates";
import { bestSignal, hasFiber } from "@/geo/hamlet-coverage";
import type { BroadbandTech, SignalLevel } from "@/geo/domain";
import type { PriorityHamletFacts } from "@/db/queries/priorities";

/**
 * One hamlet as the priorities screen and its exports see it: plain data, safe to hand to the
 * browser. Counts of 1–4 people are already withheld (null, named in `suppressed`); the raw
 * factors enter the score with a withheld count replaced by its stand-in (GAP_DEFAULTS).
 */
export interface GapRow {
  id: string;
  code: string;
  name: string;
  type: string;
  communeName: string;
  districtName: string | null;
  lon: number;
  lat: number;
  asOf: string;
  eligible: number | null;
  received: number | null;
  activated: number | null;
  remaining: number | null;
  toEnroll: number | null;
  toActivate: number | null;
  simNeed: number | null;
  causes: Record<GapCause, number | null>;
  bottleneck: Bottleneck;
  intervention: Intervention;
  reach: number | null;
  /** Infrastructure as a short status: grid, best mobile signal, broadband, fiber. */
  grid: boolean;
  signal: SignalLevel;
  broadband: "none" | BroadbandTech;
  fiber: boolean;
  /** Activation rate (activated / eligible), null when either count is withheld. */
  activationRate: number | null;
  /** Target rate that applied (received / eligible), null without a target. */
  targetRate: number | null;
  /** Raw priority factors (geo/priority-factors.ts). */
  factors: PriorityWeights;
  /** Names of the counts withheld (small ones and, in withheld mode, complementary cells). */
  suppressed: string[];
  /** Of `suppressed`, those withheld because they are 1–4 (the others: complementary cells, so that no small one can be derived). */
  suppressedSmall?: string[];
}

/**
 * The scope's hamlets → gap rows (cause split, bottleneck, intervention, raw factors). `counts`
 * (app/_auth/counts.ts): "withheld" (default) withholds counts 1–4 and the complementary cells of
 * each row (eligible = activated + remaining = received + toEnroll, received = activated + toActivate,
 * remaining = toEnroll + toActivate = Σ causes); "exact" shows them as stored.
 */
export function gapRows(hamlets: readonly PriorityHamletFacts[], counts: Counts = "withheld"): GapRow[] {
  return hamlets.map((h) => {
    const gap = gapCauses(h);
    const factors = priorityFactors({
      eligible: h.eligible,
      received: h.received,
      activated: h.activated,
      households: h.households,
      poorHouseholds: h.poorHouseholds,
      nearPoorHouseholds: h.nearPoorHouseholds,
      targetRate: h.targetRate,
      coverage: h.coverage,
      point: [h.lon, h.lat],
      seat: h.seatLon === null || h.seatLat === null ? null : [h.seatLon, h.seatLat],
    });
    const cells = {
      eligible: h.eligible,
      received: h.received,
      activated: h.activated,
      remaining: gap.remaining,
      toEnroll: gap.toEnroll,
      toActivate: gap.toActivate,
      simNeed: h.simNeed,
      reach: gap.reach,
      ...Object.fromEntries(GAP_CAUSES.map((c) => [`cause.${c}`, gap.causes[c]])),
    };
    const { values, withheld: suppressed } = withholdCounts(cells as Record<string, number>, ROW_RELATIONS, counts);
    const v = values as Record<string, number | null>;
    const fourG = bestSignal(h.coverage, ["4g"]) !== "none";
    const threeG = bestSignal(h.coverage, ["3g"]) !== "none";
    return {
      id: h.id,
      code: h.code,
      name: h.name,
      type: h.type,
      communeName: h.communeName ?? "",
      districtName: h.districtName,
      lon: h.lon,
      lat: h.lat,
      asOf: h.asOf,
      eligible: v.eligible ?? null,
      received: v.received ?? null,
      activated: v.activated ?? null,
      remaining: v.remaining ?? null,
      toEnroll: v.toEnroll ?? null,
      toActivate: v.toActivate ?? null,
      simNeed: v.simNeed ?? null,
      reach: v.reach ?? null,
      causes: Object.fromEntries(GAP_CAUSES.map((c) => [c, v[`cause.${c}`] ?? null])) as Record<GapCause, number | null>,
      bottleneck: gap.bottleneck,
      intervention: gap.intervention,
      grid: h.coverage.grid,
      signal: bestSignal(h.coverage),
      broadband: fourG ? "4g" : threeG ? "3g" : "none",
      fiber: hasFiber(h.coverage),
      activationRate: rate(v.activated, v.eligible),
      targetRate: h.targetRate,
      factors,
      suppressed,
      suppressedSmall: suppressed.filter((k) => {
        const x = (cells as Record<string, number>)[k]!;
        return x > 0 && x < SMALL_COUNT_DEFAULTS.threshold;
      }),
    } satisfies GapRow;
  });
}

export const BOTTLENECKS: readonly Bottleneck[] = [...GAP_CAUSES, "none"];

/** How a gap row's counts add up (the cells of {@link gapRows}). */
const ROW_RELATIONS: CountRelation<string>[] = [
  { total: "eligible", parts: ["activated", "remaining"] },
  { total: "eligible", parts: ["received", "toEnroll"] },
  { total: "received", parts: ["activated", "toActivate"] },
  { total: "remaining", parts: ["toEnroll", "toActivate"] },
  { total: "remaining", parts: GAP_CAUSES.map((c) => `cause.${c}`) },
];

/**
 * The bottleneck table as shown: per bottleneck the hamlets (never withheld: not people), the
 * people remaining and reached; "withheld" adds the complementary cells over remaining = Σ per
 * bottleneck and = Σ per cause.
 */
export function shownBottlenecks(
  summary: BottleneckSummary,
  counts: Counts = "withheld",
): {
  byBottleneck: Record<Bottleneck, { hamlets: number; remaining: number | null; reach: number | null }>;
  byCause: Record<GapCause, number | null>;
  remaining: number | null;
  hamlets: number;
} {
  const cells: Record<string, number> = { remaining: summary.remaining };
  for (const b of BOTTLENECKS) {
    cells[`b.${b}`] = summary.byBottleneck[b].remaining;
    cells[`r.${b}`] = summary.byBottleneck[b].reach;
  }
  for (const c of GAP_CAUSES) cells[`c.${c}`] = summary.byCause[c];
  const { values } = withholdCounts(
    cells,
    [
      { total: "remaining", parts: BOTTLENECKS.map((b) => `b.${b}`) },
      { total: "remaining", parts: GAP_CAUSES.map((c) => `c.${c}`) },
    ],
    counts,
  );
  return {
    byBottleneck: Object.fromEntries(
      BOTTLENECKS.map((b) => [b, { hamlets: summary.byBottleneck[b].hamlets, remaining: values[`b.${b}`]!, reach: values[`r.${b}`]! }]),
    ) as Record<Bottleneck, { hamlets: number; remaining: number | null; reach: number | null }>,
    byCause: Object.fromEntries(GAP_CAUSES.map((c) => [c, values[`c.${c}`]!])) as Record<GapCause, number | null>,
    remaining: values.remaining!,
    hamlets: summary.hamlets,
  };
}

export interface BottleneckSummary {
  /** Per bottleneck: hamlets, people still to activate in them, people the recommended interventions reach. */
  byBottleneck: Record<Bottleneck, { hamlets: number; remaining: number; reach: number }>;
  /** People still to activate in the scope, by cause (all hamlets). */
  byCause: Record<GapCause, number>;
  remaining: number;
  hamlets: number;
}

/**
 * Counts of people per bottleneck and per cause for the scope, from the exact hamlet facts (sums of
 * many hamlets; the screens still show a total of 1–4 as "<5").
 */
export function bottleneckSummary(hamlets: readonly PriorityHamletFacts[]): BottleneckSummary {
  const byBottleneck = Object.fromEntries(BOTTLENECKS.map((b) => [b, { hamlets: 0, remaining: 0, reach: 0 }])) as BottleneckSummary["byBottleneck"];
  const byCause = Object.fromEntries(GAP_CAUSES.map((c) => [c, 0])) as Record<GapCause, number>;
  let remaining = 0;
  for (const h of hamlets) {
    const g = gapCauses(h);
    const b = byBottleneck[g.bottleneck];
    b.hamlets++;
    b.remaining += g.remaining;
    b.reach += g.reach;
    for (const c of GAP_CAUSES) byCause[c] += g.causes[c];
    remaining += g.remaining;
  }
  return { byBottleneck, byCause, remaining, hamlets: hamlets.length };
}

export type RankedRow = GapRow & Omit<PriorityScore, "id">;

/**
 * Scores the rows together (normalisation within them: the viewer's scope) and returns them in
 * rank order. Pure and light (no turf), so the browser re-ranks live while a weight slider moves.
 */
export function rankRows(rows: readonly GapRow[], weights: Readonly<PriorityWeights>): RankedRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return priorityScores(
    rows.map((r) => ({ id: r.id, factors: r.factors })),
    weights,
  ).map(({ id, ...s }) => ({ ...byId.get(id)!, ...s }));
}

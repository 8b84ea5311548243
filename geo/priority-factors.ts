import { distance } from "@turf/turf";
import { GAP_DEFAULTS, type GapDefaults } from "./gap-defaults";
import type { SignalLevel } from "./domain";
import { rate } from "./rates";
import { bestSignal, hasFiber, type HamletCoverage } from "./hamlet-coverage";
import type { PriorityWeights } from "./priority-score";

/** What one hamlet contributes to the priority score, before normalisation. */
export interface PriorityFactorInput {
  eligible: number;
  received: number;
  activated: number;
  households: number;
  poorHouseholds: number;
  nearPoorHouseholds: number;
  /**
   * Target rate (target received / eligible of the nearest unit above the hamlet with a target for
   * the date); null when there is none (GAP_DEFAULTS.fallbackTargetRate is used).
   */
  targetRate: number | null;
  coverage: HamletCoverage;
  /** The hamlet's label point [lon, lat]. */
  point: readonly [number, number];
  /** The commune seat [lon, lat] (the commune's label point); null when unknown → distance 0. */
  seat: readonly [number, number] | null;
}

export type PriorityFactorOptions = Pick<GapDefaults, "detourFactor" | "partialDeficit" | "nearPoorWeight" | "fallbackTargetRate" | "withheldCountValue">;

/**
 * The raw priority factors of one hamlet (geo/priority-score.ts normalises and weighs them):
 * - remaining: eligible − activated (a withheld count 1–4 enters as GAP_DEFAULTS.withheldCountValue);
 * - targetGap: how far the hamlet's received rate is below the target rate, max(0, target − received / eligible);
 * - noGrid: 1 without grid power, else 0;
 * - no2g: best mobile signal of any operator and technology — none 1, weak `partialDeficit`, good 0;
 * - no4g: good 4G of any operator 0; weak 4G or any 3G `partialDeficit`; no 3G/4G 1;
 * - noFiber: 1 without fiber of any operator, else 0;
 * - poverty: (poor + nearPoorWeight · near-poor households) / households (0 without households);
 * - distance: road distance to the commune seat in km ≈ great-circle distance × `detourFactor`.
 *
 * @example
 * priorityFactors({ eligible: 300, received: 250, activated: 200, households: 80, poorHouseholds: 40,
 *   nearPoorHouseholds: 8, targetRate: 0.9, coverage: weak2gOnly, point: [103.3, 21.2], seat: [103.2, 21.2] })
 * // { remaining: 100, targetGap: 0.0667, noGrid: 0, no2g: 0.5, no4g: 1, noFiber: 1, poverty: 0.55, distance: 15.6 }
 * @throws RangeError naming the field and value for a negative or non-finite count, activated >
 *   received > eligible, poor + near-poor > households, a target rate outside [0, ∞), or a
 *   coordinate that is not a longitude/latitude.
 */
export function priorityFactors(h: PriorityFactorInput, options: Partial<PriorityFactorOptions> = {}): PriorityWeights {
  const o = { ...GAP_DEFAULTS, ...options };
  for (const k of ["eligible", "received", "activated", "households", "poorHouseholds", "nearPoorHouseholds"] as const) {
    const v = h[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`priorityFactors: ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  if (h.received > h.eligible) throw new RangeError(`priorityFactors: received (${h.received}) exceeds eligible (${h.eligible})`);
  if (h.activated > h.received) throw new RangeError(`priorityFactors: activated (${h.activated}) exceeds received (${h.received})`);
  if (h.poorHouseholds + h.nearPoorHouseholds > h.households)
    throw new RangeError(`priorityFactors: poor + near-poor households (${h.poorHouseholds + h.nearPoorHouseholds}) exceed households (${h.households})`);
  if (h.targetRate !== null && (typeof h.targetRate !== "number" || !Number.isFinite(h.targetRate) || h.targetRate < 0))
    throw new RangeError(`priorityFactors: targetRate must be null or a finite number >= 0, got ${String(h.targetRate)}`);
  if (!(o.detourFactor >= 1)) throw new RangeError(`priorityFactors: detourFactor must be >= 1, got ${o.detourFactor}`);
  if (!(o.partialDeficit >= 0 && o.partialDeficit <= 1)) throw new RangeError(`priorityFactors: partialDeficit must be in [0, 1], got ${o.partialDeficit}`);
  lonLat("point", h.point);
  if (h.seat !== null) lonLat("seat", h.seat);

  const raw = h.eligible - h.activated;
  const remaining = raw >= 1 && raw <= 4 ? o.withheldCountValue : raw;
  const target = h.targetRate ?? o.fallbackTargetRate;
  const receivedRate = rate(h.received, h.eligible) ?? 0;
  const targetGap = h.eligible > 0 ? Math.max(0, target - receivedRate) : 0;
  const deficit = (s: SignalLevel) => (s === "good" ? 0 : s === "weak" ? o.partialDeficit : 1);
  const fourG = bestSignal(h.coverage, ["4g"]);
  const threeG = bestSignal(h.coverage, ["3g"]);
  const no4g = fourG === "good" ? 0 : fourG === "weak" || threeG !== "none" ? o.partialDeficit : 1;
  const poverty = h.households > 0 ? (h.poorHouseholds + o.nearPoorWeight * h.nearPoorHouseholds) / h.households : 0;
  const km = h.seat === null ? 0 : distance([h.point[0], h.point[1]], [h.seat[0], h.seat[1]], { units: "kilometers" }) * o.detourFactor;
  return {
    remaining,
    targetGap,
    noGrid: h.coverage.grid ? 0 : 1,
    no2g: deficit(bestSignal(h.coverage)),
    no4g,
    noFiber: hasFiber(h.coverage) ? 0 : 1,
    poverty,
    distance: km,
  };
}

function lonLat(name: string, p: readonly [number, number] | undefined): void {
  const ok = Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
  if (!ok) throw new RangeError(`priorityFactors: ${name} must be [lon, lat], got ${JSON.stringify(p)}`);
}

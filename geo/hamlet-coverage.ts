import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import { coverageJoin } from "./coverage-join";
import {
  BROADBAND_TECHS,
  COVERAGE_KINDS,
  MOBILE_TECHS,
  OPERATORS,
  SIGNAL_RANK as RANK,
  type CoverageKind,
  type MobileTech,
  type Operator,
  type SignalLevel,
} from "./domain";

/** One coverage polygon with what it covers. Mobile polygons carry the signal level inside them. */
export interface CoverageProps {
  kind: CoverageKind;
  operator: Operator | null;
  level: SignalLevel | null;
}

/** What reaches one hamlet. */
export interface HamletCoverage {
  grid: boolean;
  fiber: Record<Operator, boolean>;
  signal: Record<Operator, Record<MobileTech, SignalLevel>>;
}

/**
 * Each hamlet's grid, fiber and mobile signal (per operator and technology) from the coverage
 * polygons that contain its point — through {@link coverageJoin}, so a point on a polygon's
 * boundary counts as covered. Where several polygons of one operator and technology contain the
 * point, the best signal wins; a mobile polygon without a level counts as "good".
 *
 * @example
 * hamletCoverage([point([103.1, 21.4])], [{ ...circle, properties: { kind: "4g", operator: "viettel", level: "weak" } }])
 * // [{ grid: false, fiber: {…false}, signal: { viettel: { "2g": "none", "3g": "none", "4g": "weak" }, … } }]
 */
export function hamletCoverage(points: readonly Feature<Point>[], polygons: readonly Feature<Polygon | MultiPolygon, CoverageProps>[]): HamletCoverage[] {
  polygons.forEach((f, i) => {
    const p = f.properties;
    if (!p || !(COVERAGE_KINDS as readonly string[]).includes(p.kind)) throw new TypeError(`hamletCoverage: polygons[${i}] has kind ${String(p?.kind)}`);
    if (p.kind !== "grid" && !(OPERATORS as readonly unknown[]).includes(p.operator))
      throw new TypeError(`hamletCoverage: polygons[${i}] (${p.kind}) has operator ${String(p.operator)}`);
  });
  const hits = coverageJoin(points, polygons);
  return hits.map((idx) => {
    const s = emptyCoverage();
    for (const k of idx) {
      const { kind, operator, level } = polygons[k]!.properties;
      if (kind === "grid") s.grid = true;
      else if (kind === "fiber") s.fiber[operator!] = true;
      else {
        const lvl: SignalLevel = level === "weak" ? "weak" : level === "none" ? "none" : "good";
        if (RANK[lvl] > RANK[s.signal[operator!][kind]]) s.signal[operator!][kind] = lvl;
      }
    }
    return s;
  });
}

export function emptyCoverage(): HamletCoverage {
  const none = () => Object.fromEntries(MOBILE_TECHS.map((t) => [t, "none"])) as Record<MobileTech, SignalLevel>;
  return {
    grid: false,
    fiber: Object.fromEntries(OPERATORS.map((o) => [o, false])) as Record<Operator, boolean>,
    signal: Object.fromEntries(OPERATORS.map((o) => [o, none()])) as Record<Operator, Record<MobileTech, SignalLevel>>,
  };
}

/** The best signal of any operator on the given technologies (all by default). */
export function bestSignal(c: HamletCoverage, techs: readonly MobileTech[] = MOBILE_TECHS, operators: readonly Operator[] = OPERATORS): SignalLevel {
  let best: SignalLevel = "none";
  for (const op of operators) for (const t of techs) if (RANK[c.signal[op][t]] > RANK[best]) best = c.signal[op][t];
  return best;
}

/** Mobile broadband = 3G or 4G from any operator, at any signal level. */
export const hasBroadband = (c: HamletCoverage): boolean => bestSignal(c, BROADBAND_TECHS) !== "none";
/** Minimum mobile service = 2G (or better) from any operator. */
export const has2g = (c: HamletCoverage): boolean => bestSignal(c) !== "none";
export const hasFiber = (c: HamletCoverage): boolean => OPERATORS.some((o) => c.fiber[o]);

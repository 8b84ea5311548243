import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import { coverageJoin } from "./coverage-join";

export type CoverageKind = "grid" | "2g" | "3g" | "4g" | "fiber";
export type Operator = "viettel" | "vnpt" | "mobifone";
export type SignalLevel = "none" | "weak" | "good";
export const OPERATORS: readonly Operator[] = ["viettel", "vnpt", "mobifone"];
export const MOBILE_TECHS = ["2g", "3g", "4g"] as const;
export type MobileTech = (typeof MOBILE_TECHS)[number];

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

const RANK: Record<SignalLevel, number> = { none: 0, weak: 1, good: 2 };

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
    if (!p || !["grid", "2g", "3g", "4g", "fiber"].includes(p.kind)) throw new TypeError(`hamletCoverage: polygons[${i}] has kind ${String(p?.kind)}`);
    if (p.kind !== "grid" && !OPERATORS.includes(p.operator as Operator)) throw new TypeError(`hamletCoverage: polygons[${i}] (${p.kind}) has operator ${String(p.operator)}`);
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
  const none = () => ({ "2g": "none", "3g": "none", "4g": "none" }) as Record<MobileTech, SignalLevel>;
  return { grid: false, fiber: { viettel: false, vnpt: false, mobifone: false }, signal: { viettel: none(), vnpt: none(), mobifone: none() } };
}

/** The best signal of any operator on the given technologies (all by default). */
export function bestSignal(c: HamletCoverage, techs: readonly MobileTech[] = MOBILE_TECHS, operators: readonly Operator[] = OPERATORS): SignalLevel {
  let best: SignalLevel = "none";
  for (const op of operators) for (const t of techs) if (RANK[c.signal[op][t]] > RANK[best]) best = c.signal[op][t];
  return best;
}

/** Mobile broadband = 3G or 4G from any operator, at any signal level. */
export const hasBroadband = (c: HamletCoverage): boolean => bestSignal(c, ["3g", "4g"]) !== "none";
/** Minimum mobile service = 2G (or better) from any operator. */
export const has2g = (c: HamletCoverage): boolean => bestSignal(c) !== "none";
export const hasFiber = (c: HamletCoverage): boolean => OPERATORS.some((o) => c.fiber[o]);

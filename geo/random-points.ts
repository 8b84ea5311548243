import { bbox as turfBbox, booleanPointInPolygon, distance } from "@turf/turf";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";

/** Defaults for {@link randomPointsInPolygon}. */
export const RANDOM_POINTS_DEFAULTS = {
  /** Wanted minimum distance between any two points, in km (0 = no spacing). */
  minDistanceKm: 0,
  /** Draws allowed for one point before the spacing is relaxed (and, at spacing 0, before giving up). */
  maxTries: 1000,
  /** Each relaxation multiplies the spacing by this factor. */
  relaxFactor: 0.8,
  /** Below this spacing (km) the relaxation drops the spacing to 0. */
  minRelaxedKm: 1e-3,
} as const;

export interface RandomPointsOptions {
  /** See {@link RANDOM_POINTS_DEFAULTS}. */
  minDistanceKm?: number;
  /** See {@link RANDOM_POINTS_DEFAULTS}. */
  maxTries?: number;
}

/**
 * `n` random points inside `poly` (holes excluded, boundary allowed), by rejection sampling
 * in its bbox. All randomness comes from `random` (values in [0, 1)), two draws per
 * candidate (x then y), so a seeded generator gives the same points every time;
 * `Math.random` is never called.
 *
 * Spacing: a candidate closer than `minDistanceKm` (great-circle) to an accepted point is
 * rejected. When `maxTries` candidates in a row fail for one point, the spacing is relaxed
 * to `relaxFactor` × itself (and to 0 once below `minRelaxedKm`) and the count restarts;
 * the relaxed spacing is kept for the following points, since the polygon only gets
 * fuller. So the result always has `n` points, spaced as well as the polygon allows.
 *
 * @example
 * const hamlets = randomPointsInPolygon(commune, 20, mulberry32(6), { minDistanceKm: 0.5 });
 * @throws RangeError for a bad `n` or option, a `random()` value outside [0, 1), or a
 *   polygon in which no point could be found in `maxTries` draws with spacing 0.
 */
export function randomPointsInPolygon(
  poly: Feature<Polygon | MultiPolygon>,
  n: number,
  random: () => number,
  opts: RandomPointsOptions = {},
): Feature<Point>[] {
  const t = (poly as Feature | null | undefined)?.geometry?.type;
  if (poly?.type !== "Feature" || (t !== "Polygon" && t !== "MultiPolygon")) {
    throw new TypeError(`randomPointsInPolygon: poly must be a Polygon or MultiPolygon feature, got ${String(t ?? poly)}`);
  }
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomPointsInPolygon: n must be a non-negative integer, got ${n}`);
  if (typeof random !== "function") throw new TypeError(`randomPointsInPolygon: random must be a function, got ${String(random)}`);
  const { relaxFactor, minRelaxedKm } = RANDOM_POINTS_DEFAULTS;
  const minDistanceKm = opts.minDistanceKm ?? RANDOM_POINTS_DEFAULTS.minDistanceKm;
  const maxTries = opts.maxTries ?? RANDOM_POINTS_DEFAULTS.maxTries;
  if (!Number.isFinite(minDistanceKm) || minDistanceKm < 0) {
    throw new RangeError(`randomPointsInPolygon: minDistanceKm must be a finite number >= 0, got ${minDistanceKm}`);
  }
  if (!Number.isInteger(maxTries) || maxTries < 1) {
    throw new RangeError(`randomPointsInPolygon: maxTries must be a positive integer, got ${maxTries}`);
  }

  const [w, s, e, nth] = turfBbox(poly);
  const draw = (): number => {
    const r = random();
    if (!(r >= 0 && r < 1)) throw new RangeError(`randomPointsInPolygon: random() must return a number in [0, 1), got ${r}`);
    return r;
  };

  const out: Feature<Point>[] = [];
  let spacing = minDistanceKm;
  while (out.length < n) {
    let placed = false;
    for (let tries = 0; tries < maxTries && !placed; tries++) {
      const c: [number, number] = [w + draw() * (e - w), s + draw() * (nth - s)];
      if (!booleanPointInPolygon(c, poly, { ignoreBoundary: false })) continue;
      if (spacing > 0 && out.some((p) => distance(p.geometry.coordinates, c, { units: "kilometers" }) < spacing)) continue;
      out.push({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: c } });
      placed = true;
    }
    if (placed) continue;
    if (spacing === 0) {
      throw new RangeError(`randomPointsInPolygon: no point found inside the polygon in ${maxTries} draws (bbox [${w}, ${s}, ${e}, ${nth}])`);
    }
    spacing = spacing * relaxFactor < minRelaxedKm ? 0 : spacing * relaxFactor;
  }
  return out;
}

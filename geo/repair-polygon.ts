import { booleanValid, cleanCoords, rewind, unkinkPolygon, kinks } from "@turf/turf";
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from "geojson";

/** Defaults for {@link repairPolygon}. */
export const REPAIR_POLYGON_DEFAULTS = {
  /** Coordinates are rounded to this many decimals (1e-7° ≈ 1 cm) before duplicate points are removed. */
  decimals: 7,
} as const;

export type RepairResult =
  | { ok: true; feature: Feature<Polygon | MultiPolygon>; repairs: string[] }
  | { ok: false; reason: string };

/**
 * Makes a coverage polygon valid, or says why it cannot: rings closed, repeated points removed,
 * degenerate rings (fewer than 4 positions) dropped, a self-intersecting ring split at its
 * crossings (turf unkinkPolygon), rings wound right-hand (turf rewind). Rejected: no geometry,
 * a geometry that is not a Polygon/MultiPolygon, non-finite or out-of-range coordinates, no ring
 * left. Returns a new feature and the list of repairs done ([] when it was valid); the input is
 * not changed.
 *
 * @example
 * repairPolygon({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[0,0],[1,0],[1,1],[0,1]]] } })
 * // { ok: true, feature: …closed ring…, repairs: ["closedRing"] }
 * @throws TypeError when the argument is not a GeoJSON Feature object.
 */
export function repairPolygon(f: Feature<Geometry | null>, options: { decimals?: number } = {}): RepairResult {
  if (!f || typeof f !== "object" || f.type !== "Feature") throw new TypeError(`repairPolygon: expected a GeoJSON Feature, got ${f === null ? "null" : typeof f === "object" ? String((f as { type?: unknown }).type) : typeof f}`);
  const decimals = options.decimals ?? REPAIR_POLYGON_DEFAULTS.decimals;
  const g = f.geometry;
  if (!g) return { ok: false, reason: "noGeometry" };
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return { ok: false, reason: `notPolygon:${g.type}` };
  const repairs = new Set<string>();
  const k = 10 ** decimals;
  const polys: Position[][][] = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const outPolys: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly)) return { ok: false, reason: "badCoordinates" };
    const rings: Position[][] = [];
    for (const [ri, ring] of poly.entries()) {
      if (!Array.isArray(ring)) return { ok: false, reason: "badCoordinates" };
      let pts: Position[] = [];
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { ok: false, reason: "badCoordinates" };
        const x = Math.round(p[0]! * k) / k;
        const y = Math.round(p[1]! * k) / k;
        if (x < -180 || x > 180 || y < -90 || y > 90) return { ok: false, reason: "outOfRange" };
        const last = pts[pts.length - 1];
        if (last && last[0] === x && last[1] === y) {
          repairs.add("duplicatePoints");
          continue;
        }
        pts.push([x, y]);
      }
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        pts = [...pts, [first[0]!, first[1]!]];
        repairs.add("closedRing");
      }
      if (pts.length < 4) {
        if (ri === 0) {
          repairs.add("droppedDegenerate");
          rings.length = 0;
          break; // no outer ring: the whole part goes
        }
        repairs.add("droppedDegenerate");
        continue;
      }
      rings.push(pts);
    }
    if (rings.length > 0) outPolys.push(rings);
  }
  if (outPolys.length === 0) return { ok: false, reason: "noRing" };
  let feature: Feature<Polygon | MultiPolygon> = {
    type: "Feature",
    properties: { ...(f.properties ?? {}) },
    geometry: outPolys.length === 1 ? { type: "Polygon", coordinates: outPolys[0]! } : { type: "MultiPolygon", coordinates: outPolys },
  };
  feature = cleanCoords(feature) as Feature<Polygon | MultiPolygon>;
  if (kinks(feature).features.length > 0) {
    // A ring crossing itself (a bow tie): split into simple polygons at the crossings.
    const parts = outPolys.flatMap((rings) => unkinkPolygon({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [rings[0]!] } }).features.map((x) => x.geometry.coordinates));
    feature = { ...feature, geometry: parts.length === 1 ? { type: "Polygon", coordinates: parts[0]! } : { type: "MultiPolygon", coordinates: parts } };
    repairs.add("selfIntersection");
  }
  const wound = rewind(feature, { reverse: false }) as Feature<Polygon | MultiPolygon>;
  if (JSON.stringify(wound.geometry) !== JSON.stringify(feature.geometry)) repairs.add("winding");
  // Each part on its own (turf's booleanValid also rejects parts that merely touch at a point,
  // which a bow tie split at its crossing does and which is harmless for coverage).
  const parts = wound.geometry.type === "Polygon" ? [wound.geometry.coordinates] : wound.geometry.coordinates;
  if (!parts.every((c) => booleanValid({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: c } }))) return { ok: false, reason: "invalid" };
  return { ok: true, feature: wound, repairs: [...repairs] };
}

import Flatbush from "flatbush";
import { bbox as turfBbox, booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";

/**
 * For each point, the indices (ascending) of the polygons that contain it — e.g. which
 * coverage areas (grid, 2g, 3g, 4g, fiber) reach each hamlet.
 *
 * Polygon bounding boxes are indexed once per call with flatbush, so each point is
 * tested only against the few polygons whose bbox it falls in: 1,500 hamlets × 30 coverage
 * polygons takes a few milliseconds, 100k points about 0.1–0.2 s.
 *
 * **Boundary points count as covered**: a point exactly on a polygon's outer ring — or on
 * the ring of one of its holes — is inside (turf `booleanPointInPolygon` with
 * `ignoreBoundary: false`). A point strictly inside a hole is not covered.
 *
 * @example
 * const cells = [square([0, 0, 2, 2]), square([1, 1, 3, 3])];
 * coverageJoin([point([0.5, 0.5]), point([1.5, 1.5]), point([5, 5])], cells);
 * // [[0], [0, 1], []]
 * @throws TypeError when a point is not a Point feature with finite coordinates, or a
 *   polygon is not a Polygon / MultiPolygon feature (the message gives its index).
 */
export function coverageJoin(points: readonly Feature<Point>[], polygons: readonly Feature<Polygon | MultiPolygon>[]): number[][] {
  const coords = points.map((p, i) => pointCoords(p, i));
  polygons.forEach((f, i) => assertPolygonal(f, i));
  if (polygons.length === 0) return coords.map(() => []);

  // Flatbush throws on 0 items, hence the early return above.
  const index = new Flatbush(polygons.length);
  for (const f of polygons) {
    const [w, s, e, n] = turfBbox(f);
    index.add(w, s, e, n);
  }
  index.finish();

  return coords.map(([x, y]) => {
    const hits: number[] = [];
    for (const j of index.search(x, y, x, y)) {
      // search() returns only valid item indices, so the lookup is defined.
      if (booleanPointInPolygon([x, y], polygons[j]!, { ignoreBoundary: false })) hits.push(j);
    }
    return hits.sort((a, b) => a - b);
  });
}

/**
 * `true` for each point inside at least one polygon (boundary counts as covered).
 * Same validation and index as {@link coverageJoin}.
 *
 * @example
 * coveredMask([point([0.5, 0.5]), point([5, 5])], [square([0, 0, 1, 1])]); // [true, false]
 */
export function coveredMask(points: readonly Feature<Point>[], polygons: readonly Feature<Polygon | MultiPolygon>[]): boolean[] {
  return coverageJoin(points, polygons).map((hits) => hits.length > 0);
}

function pointCoords(p: Feature<Point>, i: number): [number, number] {
  const g = (p as Feature<Point> | null | undefined)?.geometry;
  if (p?.type !== "Feature" || g?.type !== "Point") {
    throw new TypeError(`coverageJoin: points[${i}] must be a Point feature, got ${describe(p)}`);
  }
  const [x, y] = g.coordinates;
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    throw new TypeError(`coverageJoin: points[${i}] has non-finite coordinates [${x}, ${y}]`);
  }
  return [x as number, y as number];
}

function assertPolygonal(f: Feature<Polygon | MultiPolygon>, i: number): void {
  const t = (f as Feature | null | undefined)?.geometry?.type;
  if (f?.type !== "Feature" || (t !== "Polygon" && t !== "MultiPolygon")) {
    throw new TypeError(`coverageJoin: polygons[${i}] must be a Polygon or MultiPolygon feature, got ${describe(f)}`);
  }
}

function describe(v: unknown): string {
  if (v === null || typeof v !== "object") return String(v);
  const o = v as { type?: unknown; geometry?: { type?: unknown } | null };
  return o.type === "Feature" ? `Feature<${String(o.geometry?.type ?? o.geometry)}>` : String(o.type);
}

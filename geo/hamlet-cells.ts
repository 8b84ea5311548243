import { bbox as turfBbox, booleanPointInPolygon, featureCollection, intersect, voronoi } from "@turf/turf";
import type { BBox, Feature, GeoJsonProperties, MultiPolygon, Point, Polygon } from "geojson";

/** Defaults for {@link hamletCells}. */
export const HAMLET_CELLS_DEFAULTS = {
  /** The Voronoi frame is the clip's bbox grown by this fraction of its larger side on every
   *  side, so no cell is cut by the frame before it is cut by the clip polygon. */
  framePadding: 0.1,
  /** The Voronoi diagram is computed in a local frame this many units across (d3-voronoi's
   *  absolute epsilon of 1e-6 then means 1e-9 of the frame, ~0.1 mm for a 10 km commune). */
  frameSize: 1000,
} as const;

/**
 * Approximate hamlet (bản / thôn / xóm) areas from hamlet points: the Voronoi cell of each
 * point, cut to the commune polygon `clip`.
 *
 * Output `i` belongs to `points[i]` and carries a (deep) copy of its properties and id. Every
 * point lies inside its own cell and the cells tile `clip` (no overlaps; the areas sum to the
 * clip's area, see below). A cell is a MultiPolygon when a concave clip
 * cuts it in two. One point → its cell is the whole clip; no points → `[]`.
 *
 * The Voronoi diagram is planar in longitude/latitude (turf `voronoi`, d3-voronoi), which
 * is fine at commune scale. Cell areas sum to the clip area within about 1e-5 (relative):
 * turf `intersect` (polyclip-ts) snaps vertices a little.
 *
 * @example
 * const commune = polygon([[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]);
 * const cells = hamletCells([point([0.25, 0.5], { name: "A" }), point([0.75, 0.5], { name: "B" })], commune);
 * // two halves of the square: cells[0] is x ≤ 0.5 with properties { name: "A" }
 * @throws TypeError for a non-Point point or a non-polygon clip; RangeError for a point
 *   outside the clip, or two points at the same position or too close to tell apart (under
 *   ~1e-9 of the commune's size) — the message gives the indices.
 */
export function hamletCells<P extends GeoJsonProperties = GeoJsonProperties>(
  points: readonly Feature<Point, P>[],
  clip: Feature<Polygon | MultiPolygon>,
): Feature<Polygon | MultiPolygon, P>[] {
  const clipType = (clip as Feature | null | undefined)?.geometry?.type;
  if (clip?.type !== "Feature" || (clipType !== "Polygon" && clipType !== "MultiPolygon")) {
    throw new TypeError(`hamletCells: clip must be a Polygon or MultiPolygon feature, got ${String(clipType ?? clip)}`);
  }
  const seen = new Map<string, number>();
  points.forEach((p, i) => {
    const g = (p as Feature<Point> | null | undefined)?.geometry;
    if (p?.type !== "Feature" || g?.type !== "Point") {
      throw new TypeError(`hamletCells: points[${i}] must be a Point feature, got ${String(g?.type ?? p)}`);
    }
    const [x, y] = g.coordinates;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new TypeError(`hamletCells: points[${i}] has non-finite coordinates [${x}, ${y}]`);
    }
    const key = `${x},${y}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new RangeError(`hamletCells: points[${i}] duplicates points[${first}] at [${x}, ${y}]`);
    }
    seen.set(key, i);
    if (!booleanPointInPolygon(g, clip, { ignoreBoundary: false })) {
      throw new RangeError(`hamletCells: points[${i}] at [${x}, ${y}] lies outside the clip polygon`);
    }
  });

  if (points.length === 0) return [];
  if (points.length === 1) return [cellFeature(points[0]!, structuredClone(clip.geometry))];

  // d3-voronoi compares with absolute epsilons (1e-6, 1e-12), far too coarse for degrees, so
  // build the diagram in a local frame scaled to FRAME_SIZE units and map the cells back.
  // Shared edges map back to identical numbers, so the cells still tile.
  const [fw, fs, fe, fn] = frame(clip);
  const unit = Math.max(fe - fw, fn - fs) / HAMLET_CELLS_DEFAULTS.frameSize;
  const sites = featureCollection(
    points.map((p) => {
      const [x, y] = p.geometry.coordinates as [number, number];
      return { type: "Feature" as const, properties: {}, geometry: { type: "Point" as const, coordinates: [(x - fw) / unit, (y - fs) / unit] } };
    }),
  );
  const diagram = voronoi(sites, { bbox: [0, 0, (fe - fw) / unit, (fn - fs) / unit] });

  return points.map((p, i) => {
    // d3-voronoi leaves a hole in its output for sites it cannot tell apart.
    const local = diagram.features[i];
    if (!local) {
      const j = nearestOther(points, i);
      throw new RangeError(
        `hamletCells: points[${i}] at [${p.geometry.coordinates.join(", ")}] is too close to ` +
          `points[${j}] at [${points[j]!.geometry.coordinates.join(", ")}] to get its own cell`,
      );
    }
    const ring = local.geometry.coordinates[0]!.map(([u, v]) => [fw + u! * unit, fs + v! * unit]);
    const cell: Feature<Polygon> = { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring] } };
    const cut = intersect(featureCollection([cell, clip]));
    if (!cut) {
      throw new RangeError(`hamletCells: the cell of points[${i}] at [${p.geometry.coordinates.join(", ")}] does not meet the clip polygon`);
    }
    return cellFeature(p, cut.geometry);
  });
}

function frame(clip: Feature<Polygon | MultiPolygon>): BBox {
  const [w, s, e, n] = turfBbox(clip);
  const pad = Math.max(e - w, n - s) * HAMLET_CELLS_DEFAULTS.framePadding || 1e-6;
  return [w - pad, s - pad, e + pad, n + pad];
}

function nearestOther(points: readonly Feature<Point>[], i: number): number {
  const [x, y] = points[i]!.geometry.coordinates as [number, number];
  let best = -1;
  let bestD = Infinity;
  points.forEach((q, j) => {
    const [qx, qy] = q.geometry.coordinates as [number, number];
    const d = (qx - x) ** 2 + (qy - y) ** 2;
    if (j !== i && d < bestD) [best, bestD] = [j, d];
  });
  return best;
}

function cellFeature<P extends GeoJsonProperties>(p: Feature<Point, P>, geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon, P> {
  const out: Feature<Polygon | MultiPolygon, P> = {
    type: "Feature",
    properties: structuredClone(p.properties),
    geometry,
  };
  if (p.id !== undefined) out.id = p.id;
  return out;
}

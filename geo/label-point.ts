import { area, bbox as turfBbox, booleanPointInPolygon, centerOfMass, pointOnFeature } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";

/**
 * Where to put the label of an area: a point strictly inside it, as central as cheaply
 * possible. For a MultiPolygon only its largest part (by area) is considered.
 *
 * 1. the centre of mass, when it lies strictly inside;
 * 2. else turf `pointOnFeature`, when strictly inside (it is the bbox centre when that is
 *    inside — but otherwise it falls back to the nearest *vertex*, i.e. a boundary point);
 * 3. else the middle of the widest inside run of the horizontal line through the middle
 *    of the part's bbox (the JTS "interior point" scan line) — always strictly inside.
 *
 * @example
 * labelPoint(polygon([[[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4], [0, 0]]])); // an L shape → [0.5, 2] (step 3)
 * @throws TypeError for a non-polygon feature.
 */
export function labelPoint(f: Feature<Polygon | MultiPolygon>): [number, number] {
  const part = largestPart(polygonal(f, "labelPoint"));
  const inside = (c: Position): boolean => booleanPointInPolygon(c, part, { ignoreBoundary: true });

  const com = centerOfMass(part).geometry.coordinates;
  if (inside(com)) return [com[0]!, com[1]!];
  const pof = pointOnFeature(part).geometry.coordinates;
  if (inside(pof)) return [pof[0]!, pof[1]!];
  return scanLinePoint(part);
}

/**
 * The bounding box as a 4-tuple `[west, south, east, north]` (turf's bbox may carry 6
 * numbers for 3-D coordinates; this never does).
 *
 * @example
 * bbox4(polygon([[[102, 21], [103, 21], [103, 22], [102, 21]]])); // [102, 21, 103, 22]
 * @throws TypeError for a non-polygon feature.
 */
export function bbox4(f: Feature<Polygon | MultiPolygon>): [number, number, number, number] {
  polygonal(f, "bbox4");
  const b = turfBbox(f);
  // A 6-number bbox is [minX, minY, minZ, maxX, maxY, maxZ].
  return b.length === 6 ? [b[0], b[1], b[3], b[4]] : [b[0], b[1], b[2], b[3]];
}

function polygonal(f: Feature<Polygon | MultiPolygon>, fn: string): Polygon | MultiPolygon {
  const g = (f as Feature | null | undefined)?.geometry;
  if (f?.type !== "Feature" || (g?.type !== "Polygon" && g?.type !== "MultiPolygon")) {
    throw new TypeError(`${fn}: expected a Polygon or MultiPolygon feature, got ${String(g?.type ?? f)}`);
  }
  if (g.coordinates.length === 0) throw new TypeError(`${fn}: empty ${g.type}`);
  return g;
}

function largestPart(g: Polygon | MultiPolygon): Polygon {
  if (g.type === "Polygon") return g;
  let best: Polygon | null = null;
  let bestArea = -1;
  for (const coordinates of g.coordinates) {
    const part: Polygon = { type: "Polygon", coordinates };
    const a = area(part);
    if (a > bestArea) [best, bestArea] = [part, a];
  }
  return best!;
}

/** Midpoint of the widest inside run of the line y = middle of the outer ring's bbox. */
function scanLinePoint(part: Polygon): [number, number] {
  const outer = part.coordinates[0] ?? [];
  let s = Infinity;
  let n = -Infinity;
  for (const c of outer) [s, n] = [Math.min(s, c[1]!), Math.max(n, c[1]!)];
  const y = (s + n) / 2;

  const xs: number[] = [];
  for (const ring of part.coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]! as [number, number];
      const [x2, y2] = ring[i + 1]! as [number, number];
      // Half-open rule: a vertex on the line is counted once; horizontal edges never.
      if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] = [outer[0]?.[0] ?? 0, y];
  let widest = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1]! - xs[i]!;
    if (width > widest) [widest, best] = [width, [(xs[i]! + xs[i + 1]!) / 2, y]];
  }
  return best;
}

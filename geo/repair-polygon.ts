import type { Feature, Geometry, MultiPolygon, Polygon, Position } from "geojson";
import { ringIntersections, runToEnd, RING_INTERSECTION_DEFAULTS } from "./ring-intersections";

/** Defaults for {@link repairPolygon}. */
export const REPAIR_POLYGON_DEFAULTS = {
  /** Coordinates are rounded to this many decimals (1e-7° ≈ 1 cm) before duplicate points are removed. */
  decimals: 7,
  /**
   * Work allowed for the repairs, in segments swept, as a multiple of the feature's segments (plus a
   * fixed allowance): each crossing found costs one more sweep of the ring it is in. A shape with so
   * many crossings that this runs out is rejected ("tooComplex") rather than kept busy for minutes.
   */
  maxSweepsPerSegment: 40,
  extraSweepWork: 200_000,
  /** {@link repairPolygonSteps} yields after about this many units of work. */
  yieldEvery: RING_INTERSECTION_DEFAULTS.yieldEvery,
} as const;

export type RepairResult = { ok: true; feature: Feature<Polygon | MultiPolygon>; repairs: string[] } | { ok: false; reason: string };

export interface RepairOptions {
  decimals?: number;
  yieldEvery?: number;
}

/**
 * Makes a coverage polygon valid, or says why it cannot: rings closed, repeated points removed,
 * points lying on the straight line between their neighbours removed, degenerate rings (fewer than
 * 4 positions) dropped, a ring crossing or touching itself split at that point into simple rings
 * ("selfIntersection"; each piece of an outer ring becomes a part of its own, as turf's
 * unkinkPolygon did), a hole crossing or touching another ring dropped ("droppedHole"). Rings are
 * wound as RFC 7946 asks (outer rings counter-clockwise, holes clockwise) without that counting as
 * a repair: clockwise outer rings are the Shapefile norm. Rejected: no geometry, a geometry that is
 * not a Polygon/MultiPolygon, non-finite or out-of-range coordinates, no ring left, a ring folding
 * back over itself along a line ("invalid"), a shape with too many crossings to untangle
 * ("tooComplex"). Returns a new feature and the list of repairs done ([] when it was valid); the
 * input is not changed.
 *
 * Cost: O(n log n) for n positions (a sweep-line test, geo/ring-intersections.ts), plus one sweep
 * of the ring concerned per crossing found. {@link repairPolygonSteps} is the same work in slices.
 *
 * @example
 * repairPolygon({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[0,0],[1,0],[1,1],[0,1]]] } })
 * // { ok: true, feature: …closed ring…, repairs: ["closedRing"] }
 * @throws TypeError when the argument is not a GeoJSON Feature object.
 */
export function repairPolygon(f: Feature<Geometry | null>, options: RepairOptions = {}): RepairResult {
  return runToEnd(repairPolygonSteps(f, options));
}

/**
 * {@link repairPolygon} as a generator that yields (nothing) every `yieldEvery` units of work, so
 * that a server can give other requests a turn between slices: `for (;;) { const s = g.next(); if
 * (s.done) return s.value; await new Promise(setImmediate); }`. Same result as repairPolygon.
 */
export function* repairPolygonSteps(f: Feature<Geometry | null>, options: RepairOptions = {}): Generator<void, RepairResult> {
  if (!f || typeof f !== "object" || f.type !== "Feature")
    throw new TypeError(
      `repairPolygon: expected a GeoJSON Feature, got ${f === null ? "null" : typeof f === "object" ? String((f as { type?: unknown }).type) : typeof f}`,
    );
  const decimals = options.decimals ?? REPAIR_POLYGON_DEFAULTS.decimals;
  const every = options.yieldEvery ?? REPAIR_POLYGON_DEFAULTS.yieldEvery;
  const g = f.geometry;
  if (!g) return { ok: false, reason: "noGeometry" };
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return { ok: false, reason: `notPolygon:${g.type}` };
  const repairs = new Set<string>();
  const k = 10 ** decimals;
  const polys: Position[][][] = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys)) return { ok: false, reason: "badCoordinates" };
  let work = 0;
  const outPolys: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly)) return { ok: false, reason: "badCoordinates" };
    const rings: Position[][] = [];
    for (const [ri, ring] of poly.entries()) {
      if (!Array.isArray(ring)) return { ok: false, reason: "badCoordinates" };
      let pts: Position[] = [];
      for (const p of ring) {
        if (++work % every === 0) yield;
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
      // Points on the straight line between their neighbours go (as turf's cleanCoords did); a ring
      // that is all one line is degenerate.
      if (pts.length >= 4) pts = yield* withoutStraightPoints(pts, every);
      if (pts.length < 4) {
        repairs.add("droppedDegenerate");
        if (ri === 0) {
          rings.length = 0;
          break; // no outer ring: the whole part goes
        }
        continue;
      }
      rings.push(pts);
    }
    if (rings.length > 0) outPolys.push(rings);
  }
  if (outPolys.length === 0) return { ok: false, reason: "noRing" };

  // Each part made simple on its own (parts that merely touch or overlap are harmless for coverage).
  const total = outPolys.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);
  let budget = REPAIR_POLYGON_DEFAULTS.maxSweepsPerSegment * total + REPAIR_POLYGON_DEFAULTS.extraSweepWork;
  const done: Position[][][] = [];
  const queue = outPolys.reverse();
  while (queue.length > 0) {
    const part = queue.pop()!;
    const size = part.reduce((t, r) => t + r.length, 0);
    budget -= size;
    if (budget < 0) return { ok: false, reason: "tooComplex" };
    // One sweep finds the crossings of distinct segments; the pieces are swept again until none is left.
    const hits = yield* ringIntersections(part, { yieldEvery: every });
    if (hits.length === 0) {
      done.push(part);
      continue;
    }
    const overlap = hits.find((h) => h.kind === "overlap");
    if (overlap) {
      const hit = overlap;
      const ring = part[hit.a.ring]!;
      const [i, j] = [hit.a.seg, hit.b.seg];
      // Two stretches of the rings running along each other: no shape to guess.
      if (hit.a.ring !== hit.b.ring || (j !== i + 1 && !(i === 0 && j === ring.length - 2))) return { ok: false, reason: "invalid" };
      // A spike: the ring goes out to a vertex and comes back along the same line. The tip goes.
      repairs.add("spike");
      const tip = j === i + 1 ? j : 0;
      const rest = tip === 0 ? [...ring.slice(1, -1), ring[1]!] : [...ring.slice(0, tip), ...ring.slice(tip + 1)];
      const cleaned = yield* withoutStraightPoints(yield* withoutRepeats(rest, every), every);
      if (cleaned.length >= 4 && (yield* signedArea(cleaned, every)) !== 0) queue.push(part.map((r, ri) => (ri === hit.a.ring ? cleaned : r)));
      else if (hit.a.ring > 0) queue.push(part.filter((_, ri) => ri !== hit.a.ring));
      else repairs.add("droppedDegenerate");
      continue;
    }
    const crossHoles = new Set(hits.filter((h) => h.a.ring !== h.b.ring).map((h) => h.b.ring));
    if (crossHoles.size > 0) {
      // A hole crossing or touching the outer ring or another hole: the hole goes.
      repairs.add("droppedHole");
      queue.push(part.filter((_, i) => !crossHoles.has(i)));
      continue;
    }
    repairs.add("selfIntersection");
    // Each ring split at its crossings, one after the other (a crossing whose segments are no
    // longer in one piece is left for the next sweep).
    const split: Position[][][] = [];
    for (const [ri, ring] of part.entries()) {
      let pieces: Position[][] = [ring];
      for (const hit of hits) {
        if (hit.a.ring !== ri) continue;
        const [A, B, C, D] = [ring[hit.a.seg]!, ring[hit.a.seg + 1]!, ring[hit.b.seg]!, ring[hit.b.seg + 1]!];
        const k = pieces.findIndex((p) => p.includes(A));
        if (k < 0) continue;
        const piece = pieces[k]!;
        const a = yield* segmentAt(piece, A, B, every);
        const c = yield* segmentAt(piece, C, D, every);
        if (a < 0 || c < 0 || a === c) continue;
        const [i, j] = a < c ? [a, c] : [c, a];
        const at = hit.kind === "cross" ? (crossing(piece[i]!, piece[i + 1]!, piece[j]!, piece[j + 1]!) ?? hit.point) : hit.point;
        const [inner, outer] = yield* splitRing(piece, i, j, at, every);
        pieces = [...pieces.slice(0, k), ...[outer, inner].filter((l): l is Position[] => l !== null), ...pieces.slice(k + 1)];
      }
      split.push(pieces);
    }
    const [loops, ...holeLoops] = split;
    const holes = holeLoops.flat(); // a hole crossing itself: its pieces are holes
    // The outer ring's pieces: each a part of its own, with the holes inside it.
    const pieces: Position[][][] = [];
    for (const l of loops!) {
      const inside: Position[][] = [];
      for (const h of holes) if (h.length > 0 && (yield* insideRing(h[0]!, l, every))) inside.push(h);
      pieces.push([l, ...inside]);
    }
    if (holes.some((h) => !pieces.some((p) => p.includes(h)))) repairs.add("droppedHole");
    for (let i = pieces.length - 1; i >= 0; i--) queue.push(pieces[i]!);
  }
  if (done.length === 0) return { ok: false, reason: "invalid" };

  // Right-hand rule (RFC 7946): outer rings counter-clockwise, holes clockwise — silently.
  const wound: Position[][][] = [];
  for (const rings of done) {
    const out: Position[][] = [];
    for (const [i, r] of rings.entries()) out.push((yield* signedArea(r, every)) < 0 === (i === 0) ? r.slice().reverse() : r);
    wound.push(out);
  }
  return {
    ok: true,
    feature: {
      type: "Feature",
      properties: { ...(f.properties ?? {}) },
      geometry: wound.length === 1 ? { type: "Polygon", coordinates: wound[0]! } : { type: "MultiPolygon", coordinates: wound },
    },
    repairs: [...repairs],
  };
}

/**
 * A closed ring split where segment i meets segment j (i < j) at point x: the loop between them
 * [x, p[i+1] … p[j], x] and the rest [p[0] … p[i], x, p[j+1] … p[0]] — each null when it has no
 * area left (fewer than 3 distinct points, or all on one line).
 */
function* splitRing(
  ring: readonly Position[],
  i: number,
  j: number,
  x: [number, number],
  every: number,
): Generator<void, [Position[] | null, Position[] | null]> {
  const inner = [x, ...ring.slice(i + 1, j + 1), x];
  yield;
  const rest = [...ring.slice(0, i + 1), x, ...ring.slice(j + 1)];
  yield;
  function* clean(r: Position[]): Generator<void, Position[] | null> {
    const out = yield* withoutRepeats(r, every);
    if (out.length < 4 || (yield* signedArea(out, every)) === 0) return null;
    const s = yield* withoutStraightPoints(out, every);
    return s.length < 4 ? null : s;
  }
  return [yield* clean(inner), yield* clean(rest)];
}

/** Where the lines through two segments cross — the arithmetic of turf's unkinkPolygon, so that its repairs come out the same. */
function crossing(s0: Position, e0: Position, s1: Position, e1: Position): [number, number] | null {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = [s0[0]!, s0[1]!, e0[0]!, e0[1]!, s1[0]!, s1[1]!, e1[0]!, e1[1]!];
  const denom = (x0 - x1) * (y2 - y3) - (y0 - y1) * (x2 - x3);
  if (denom === 0) return null;
  return [
    ((x0 * y1 - y0 * x1) * (x2 - x3) - (x0 - x1) * (x2 * y3 - y2 * x3)) / denom,
    ((x0 * y1 - y0 * x1) * (y2 - y3) - (y0 - y1) * (x2 * y3 - y2 * x3)) / denom,
  ];
}

/** Index of the segment from position object `a` to `b` in a ring, or −1. */
function* segmentAt(ring: readonly Position[], a: Position, b: Position, every: number): Generator<void, number> {
  for (let i = 0; i + 1 < ring.length; i++) {
    if (i % every === every - 1) yield;
    if (ring[i] === a && ring[i + 1] === b) return i;
  }
  return -1;
}

/** Positions without consecutive repeats (the same position objects). */
function* withoutRepeats(r: readonly Position[], every: number): Generator<void, Position[]> {
  const out: Position[] = [];
  for (let i = 0; i < r.length; i++) {
    if (i % every === every - 1) yield;
    const p = r[i]!;
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * A closed ring without the points that lie on the straight segment between their neighbours (and
 * without the first point when it does): turf cleanCoords's rule and arithmetic, in one pass.
 */
function* withoutStraightPoints(points: readonly Position[], every: number): Generator<void, Position[]> {
  const out: Position[] = [points[0]!];
  let a = 0,
    b = 1,
    c = 2;
  while (c < points.length) {
    if (c % every === 0) yield;
    if (onSegment(points[b]!, points[a]!, points[c]!)) b = c;
    else {
      out.push(points[b]!);
      a = b;
      b++;
      c = b;
    }
    c++;
  }
  out.push(points[b]!);
  if (out.length >= 3 && onSegment(out[0]!, out[1]!, out[out.length - 2]!)) {
    out.shift();
    out.pop();
    out.push(out[0]!);
  }
  return out;
}

/** Whether p lies on the segment s–e (turf's isPointOnLineSegment with its boundary, no epsilon). */
function onSegment(p: Position, s: Position, e: Position): boolean {
  const dxc = p[0]! - s[0]!,
    dyc = p[1]! - s[1]!,
    dxl = e[0]! - s[0]!,
    dyl = e[1]! - s[1]!;
  if (dxc * dyl - dyc * dxl !== 0) return false;
  if (dxl === 0 && dyl === 0) return p[0] === s[0] && p[1] === s[1];
  if (Math.abs(dxl) >= Math.abs(dyl)) return dxl > 0 ? s[0]! <= p[0]! && p[0]! <= e[0]! : e[0]! <= p[0]! && p[0]! <= s[0]!;
  return dyl > 0 ? s[1]! <= p[1]! && p[1]! <= e[1]! : e[1]! <= p[1]! && p[1]! <= s[1]!;
}

/** Twice the signed area of a closed ring: > 0 counter-clockwise. */
function* signedArea(ring: readonly Position[], every: number): Generator<void, number> {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    if (i % every === every - 1) yield;
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return s;
}

/** Whether a point lies inside a closed ring (even–odd ray casting). */
function* insideRing(p: Position, ring: readonly Position[], every: number): Generator<void, boolean> {
  const [x, y] = [p[0]!, p[1]!];
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    if (i % every === every - 1) yield;
    const [xi, yi] = [ring[i]![0]!, ring[i]![1]!];
    const [xj, yj] = [ring[j]![0]!, ring[j]![1]!];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

import SplayTree from "splaytree";
import { orient2d } from "robust-predicates";
import type { Position } from "geojson";

/**
 * Where two segments of a polygon's rings meet when they should not: a crossing, a touch (an end of
 * one lying on the other, or two rings sharing a vertex), or a collinear overlap (a spike folding
 * back over itself). Segment `seg` of ring `ring` runs from `rings[ring][seg]` to `rings[ring][seg + 1]`.
 */
export interface RingIntersection {
  a: { ring: number; seg: number };
  b: { ring: number; seg: number };
  kind: "cross" | "touch" | "overlap";
  /** The meeting point (for an overlap: one end of the shared stretch). */
  point: [number, number];
}

/** Defaults for {@link firstRingIntersection}. */
export const RING_INTERSECTION_DEFAULTS = {
  /** The generator yields after this many units of work (events, sort moves), so a caller can give the event loop a turn. */
  yieldEvery: 5_000,
  /** Meetings {@link ringIntersections} collects in one sweep. */
  maxPerSweep: 256,
} as const;

/**
 * Finds whether the rings of one polygon (closed rings: first position = last) meet anywhere except
 * where consecutive segments of a ring share their vertex — and returns one such place, or null
 * when the rings are simple and disjoint. Shamos–Hoey sweep: segments sorted by their left end, a
 * splay tree of the segments the sweep line crosses, each pair that becomes neighbours tested with
 * exact orientation predicates (robust-predicates) — O(n log n) for n segments, stopping at the
 * first meeting found (when it is found, none lies left of the sweep line).
 *
 * A generator: it yields (nothing) every `yieldEvery` units of work so that a caller can run it in
 * slices (db/ingest awaits a turn of the event loop between them); run it to the end with
 * {@link runToEnd}. Pure: the rings are not changed.
 *
 * @example
 * runToEnd(firstRingIntersection([[[0,0],[1,1],[1,0],[0,1],[0,0]]])); // { kind: "cross", point: [0.5, 0.5], … }
 */
export function* firstRingIntersection(
  rings: readonly (readonly Position[])[],
  options: { yieldEvery?: number } = {},
): Generator<void, RingIntersection | null> {
  return (yield* ringIntersections(rings, { ...options, max: 1 }))[0] ?? null;
}

/**
 * Like {@link firstRingIntersection}, but the sweep goes on after a meeting: the two segments
 * found are taken off the sweep line (so the order of the others stays valid) and the sweep
 * continues, up to `max` meetings — each one real, on distinct segments; meetings of those two
 * segments with others are not looked for (sweep the result again to be sure it is simple).
 * One sweep finds the few crossings of a large ring instead of one sweep per crossing.
 */
export function* ringIntersections(
  rings: readonly (readonly Position[])[],
  options: { yieldEvery?: number; max?: number } = {},
): Generator<void, RingIntersection[]> {
  const every = options.yieldEvery ?? RING_INTERSECTION_DEFAULTS.yieldEvery;
  const max = options.max ?? RING_INTERSECTION_DEFAULTS.maxPerSweep;
  let n = 0;
  for (const r of rings) n += Math.max(0, r.length - 1);
  // Segments as flat arrays: left (lexicographically smaller) end, right end, ring, index in ring.
  const lx = new Float64Array(n),
    ly = new Float64Array(n),
    rx = new Float64Array(n),
    ry = new Float64Array(n);
  const ringOf = new Int32Array(n),
    segOf = new Int32Array(n),
    lastSeg = new Int32Array(n);
  let k = 0;
  for (let ri = 0; ri < rings.length; ri++) {
    const r = rings[ri]!;
    for (let s = 0; s + 1 < r.length; s++, k++) {
      if (k % every === every - 1) yield;
      const p = r[s]!,
        q = r[s + 1]!;
      const pFirst = p[0]! < q[0]! || (p[0] === q[0] && p[1]! <= q[1]!);
      lx[k] = pFirst ? p[0]! : q[0]!;
      ly[k] = pFirst ? p[1]! : q[1]!;
      rx[k] = pFirst ? q[0]! : p[0]!;
      ry[k] = pFirst ? q[1]! : p[1]!;
      ringOf[k] = ri;
      segOf[k] = s;
      lastSeg[k] = r.length - 2;
    }
  }
  // > 0 when (px, py) lies left of (above) the segment directed from its left end to its right end.
  const side = (s: number, px: number, py: number) => -orient2d(lx[s]!, ly[s]!, rx[s]!, ry[s]!, px, py);
  const lexLess = (ax: number, ay: number, bx: number, by: number) => ax < bx || (ax === bx && ay < by);

  // Order of two segments on the sweep line (negative: a below b), decided at the later-starting one's left end.
  const compare = (a: number, b: number): number => {
    if (a === b) return 0;
    if (lx[a] === lx[b] && ly[a] === ly[b]) {
      const s = side(a, rx[b]!, ry[b]!);
      return s > 0 ? -1 : s < 0 ? 1 : a - b;
    }
    if (lexLess(lx[a]!, ly[a]!, lx[b]!, ly[b]!)) {
      let s = side(a, lx[b]!, ly[b]!);
      if (s === 0) s = side(a, rx[b]!, ry[b]!);
      return s > 0 ? -1 : s < 0 ? 1 : a - b;
    }
    let s = side(b, lx[a]!, ly[a]!);
    if (s === 0) s = side(b, rx[a]!, ry[a]!);
    return s > 0 ? 1 : s < 0 ? -1 : a - b;
  };

  // Events: every segment's left end, then right end; at the same point lefts come first, so that
  // segments meeting end to end are on the sweep line together and get tested.
  const byLeft = yield* sortedByPoint(lx, ly, every);
  const byRight = yield* sortedByPoint(rx, ry, every);
  const tree = new SplayTree<number, null>(compare);

  const hits: RingIntersection[] = [];
  const removed = new Uint8Array(n);
  /** Tests two neighbours; on a meeting, records it and takes both off the sweep line (testing the new neighbours). True when enough are found. */
  const test = (below: number, above: number): boolean => {
    const hit = meet(below, above);
    if (!hit) return false;
    hits.push(hit);
    if (hits.length >= max) return true;
    for (const s of [below, above]) {
      if (removed[s]) continue;
      const node = tree.find(s)!;
      const b = tree.prev(node),
        a = tree.next(node);
      tree.remove(s);
      removed[s] = 1;
      if (b && a && test(b.key, a.key)) return true;
    }
    return false;
  };

  let li = 0,
    ri = 0,
    work = 0;
  while (ri < n) {
    if (++work % every === 0) yield;
    const L = li < n ? byLeft[li]! : -1;
    const R = byRight[ri]!;
    const takeLeft = L >= 0 && !lexLess(rx[R]!, ry[R]!, lx[L]!, ly[L]!);
    if (takeLeft) {
      li++;
      const node = tree.insert(L, null); // at the root: its neighbours are found without comparisons
      const below = tree.prev(node),
        above = tree.next(node);
      if (below && test(below.key, L)) return hits;
      if (above && !removed[L] && test(L, above.key)) return hits;
    } else {
      ri++;
      if (removed[R]) continue;
      // Splayed to the root first, its neighbours are found without comparisons, and removed at once.
      const node = tree.find(R)!;
      const below = tree.prev(node),
        above = tree.next(node);
      tree.remove(R);
      if (below && above && test(below.key, above.key)) return hits;
    }
  }
  return hits;

  /** How segments a and b meet, or null (consecutive segments of a ring may share their vertex). */
  function meet(a: number, b: number): RingIntersection | null {
    const alx = lx[a]!,
      aly = ly[a]!,
      arx = rx[a]!,
      ary = ry[a]!,
      blx = lx[b]!,
      bly = ly[b]!,
      brx = rx[b]!,
      bry = ry[b]!;
    const d1 = orient2d(alx, aly, arx, ary, blx, bly);
    const d2 = orient2d(alx, aly, arx, ary, brx, bry);
    if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0)) return null;
    const d3 = orient2d(blx, bly, brx, bry, alx, aly);
    const d4 = orient2d(blx, bly, brx, bry, arx, ary);
    if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return null;
    const sa = segOf[a]!,
      sb = segOf[b]!;
    const adjacent = ringOf[a] === ringOf[b] && (sa - sb === 1 || sb - sa === 1 || (Math.min(sa, sb) === 0 && Math.max(sa, sb) === lastSeg[a]));
    if (d1 === 0 && d2 === 0) {
      // Collinear: the stretch both cover, from the later left end to the earlier right end.
      const bFirst = lexLess(alx, aly, blx, bly);
      const sx = bFirst ? blx : alx,
        sy = bFirst ? bly : aly;
      const aEnds = lexLess(arx, ary, brx, bry);
      const ex = aEnds ? arx : brx,
        ey = aEnds ? ary : bry;
      if (lexLess(ex, ey, sx, sy)) return null;
      if (sx === ex && sy === ey) return adjacent ? null : found(a, b, sx, sy, "touch");
      return found(a, b, sx, sy, "overlap");
    }
    if (adjacent) return null; // they share their vertex and, not being collinear, meet nowhere else
    if (d1 === 0) return found(a, b, blx, bly, "touch");
    if (d2 === 0) return found(a, b, brx, bry, "touch");
    if (d3 === 0) return found(a, b, alx, aly, "touch");
    if (d4 === 0) return found(a, b, arx, ary, "touch");
    // A proper crossing: the point from a's parameter.
    const ex = arx - alx,
      ey = ary - aly,
      fx = brx - blx,
      fy = bry - bly;
    const t = ((blx - alx) * fy - (bly - aly) * fx) / (ex * fy - ey * fx);
    return found(a, b, alx + t * ex, aly + t * ey, "cross");
  }

  function found(a: number, b: number, x: number, y: number, kind: RingIntersection["kind"]): RingIntersection {
    const aFirst = ringOf[a]! < ringOf[b]! || (ringOf[a] === ringOf[b] && segOf[a]! < segOf[b]!);
    const sa = aFirst ? a : b,
      sb = aFirst ? b : a;
    return { a: { ring: ringOf[sa]!, seg: segOf[sa]! }, b: { ring: ringOf[sb]!, seg: segOf[sb]! }, kind, point: [x, y] };
  }
}

/** Runs a generator to its end (no slicing) and returns its result. */
export function runToEnd<T>(g: Generator<void, T>): T {
  for (;;) {
    const s = g.next();
    if (s.done) return s.value;
  }
}

/** The indices 0…n−1 sorted by (x, y) (a bottom-up merge sort that yields every `every` moves; stable). */
function* sortedByPoint(x: Float64Array, y: Float64Array, every: number): Generator<void, Uint32Array> {
  const n = x.length;
  let a = new Uint32Array(n);
  let b = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const RUN = 32;
  let work = 0;
  // Short runs by insertion sort (a ring's order is often nearly sorted already).
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(n, start + RUN);
    for (let i = start + 1; i < end; i++) {
      const v = a[i]!,
        vx = x[v]!,
        vy = y[v]!;
      let j = i - 1;
      while (j >= start) {
        const u = a[j]!;
        if (x[u]! < vx || (x[u] === vx && y[u]! <= vy)) break;
        a[j + 1] = u;
        j--;
      }
      a[j + 1] = v;
    }
    work += end - start;
    if (work >= every) {
      work = 0;
      yield;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width),
        hi = Math.min(n, lo + 2 * width);
      let i = lo,
        j = mid,
        o = lo;
      while (i < mid && j < hi) {
        const p = a[i]!,
          q = a[j]!;
        // Take from the right run only when strictly smaller (stable).
        if (x[q]! < x[p]! || (x[q] === x[p] && y[q]! < y[p]!)) {
          b[o++] = q;
          j++;
        } else {
          b[o++] = p;
          i++;
        }
      }
      while (i < mid) b[o++] = a[i++]!;
      while (j < hi) b[o++] = a[j++]!;
      work += hi - lo;
      if (work >= every) {
        work = 0;
        yield;
      }
    }
    [a, b] = [b, a];
  }
  return a;
}

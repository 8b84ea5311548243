import { describe, expect, it } from "vitest";
import { orient2d } from "robust-predicates";
import type { Position } from "geojson";
import { firstRingIntersection, ringIntersections, runToEnd } from "../../geo/ring-intersections";
import { boxRing, RINGS } from "./helpers";

const find = (rings: Position[][], yieldEvery?: number) => runToEnd(firstRingIntersection(rings, { yieldEvery }));

/** Every pair of segments, O(n²): do two segments meet where they should not? (the reference). */
function bruteForce(rings: Position[][]): boolean {
  const segs: { r: number; s: number; last: number; p: Position; q: Position }[] = [];
  rings.forEach((ring, r) => {
    for (let s = 0; s + 1 < ring.length; s++) segs.push({ r, s, last: ring.length - 2, p: ring[s]!, q: ring[s + 1]! });
  });
  const o = (a: Position, b: Position, c: Position) => Math.sign(orient2d(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!));
  const within = (a: Position, b: Position, c: Position) =>
    Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!);
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++) {
      const A = segs[i]!,
        B = segs[j]!;
      const adjacent = A.r === B.r && (Math.abs(A.s - B.s) === 1 || (Math.min(A.s, B.s) === 0 && Math.max(A.s, B.s) === A.last));
      const d1 = o(A.p, A.q, B.p),
        d2 = o(A.p, A.q, B.q),
        d3 = o(B.p, B.q, A.p),
        d4 = o(B.p, B.q, A.q);
      if (adjacent) {
        // Consecutive segments share a vertex; they meet wrongly only when one folds back over the other.
        if (d1 === 0 && d2 === 0) {
          const shared = A.q[0] === B.p[0] && A.q[1] === B.p[1] ? A.q : A.p;
          const other = (s: typeof A) => (s.p[0] === shared[0] && s.p[1] === shared[1] ? s.q : s.p);
          const [u, v] = [other(A), other(B)];
          if ((u[0]! - shared[0]!) * (v[0]! - shared[0]!) + (u[1]! - shared[1]!) * (v[1]! - shared[1]!) > 0) return true;
        }
        continue;
      }
      if (d1 * d2 < 0 && d3 * d4 < 0) return true;
      if (
        (d1 === 0 && within(A.p, A.q, B.p)) ||
        (d2 === 0 && within(A.p, A.q, B.q)) ||
        (d3 === 0 && within(B.p, B.q, A.p)) ||
        (d4 === 0 && within(B.p, B.q, A.q))
      )
        return true;
    }
  return false;
}

/** Whether two segments meet at all (touching counts), by orientations. */
function bruteForceSegments([p, q]: Position[], [r, t]: Position[]): boolean {
  const o = (a: Position, b: Position, c: Position) => Math.sign(orient2d(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!));
  const within = (a: Position, b: Position, c: Position) =>
    Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!);
  const d1 = o(p!, q!, r!),
    d2 = o(p!, q!, t!),
    d3 = o(r!, t!, p!),
    d4 = o(r!, t!, q!);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 === 0 && within(p!, q!, r!)) || (d2 === 0 && within(p!, q!, t!)) || (d3 === 0 && within(r!, t!, p!)) || (d4 === 0 && within(r!, t!, q!));
}

/** A small pseudo-random generator (deterministic tests). */
function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe("firstRingIntersection", () => {
  it("finds nothing in a square, a star and a square with a hole", () => {
    expect(find([boxRing(0, 0, 1, 1)])).toBeNull();
    const star = Array.from({ length: 200 }, (_, i) => {
      const a = (2 * Math.PI * i) / 200,
        r = i % 2 ? 1 : 2;
      return [r * Math.cos(a), r * Math.sin(a)];
    });
    expect(find([[...star, star[0]!]])).toBeNull();
    expect(
      find([
        boxRing(0, 0, 4, 4),
        [
          [1, 1],
          [1, 2],
          [2, 2],
          [2, 1],
          [1, 1],
        ],
      ]),
    ).toBeNull();
  });
  it("finds a bow tie's crossing, a hole crossing the outer ring, a ring touching itself, a spike", () => {
    expect(find([RINGS.bowTie])).toMatchObject({ kind: "cross", point: [0.5, 0.5], a: { ring: 0, seg: 0 }, b: { ring: 0, seg: 2 } });
    expect(find([boxRing(0, 0, 4, 4), boxRing(3, 1, 5, 2)])).toMatchObject({ kind: "cross", a: { ring: 0 }, b: { ring: 1 } });
    // A figure eight through one shared vertex (2, 2).
    expect(find([RINGS.figureEight])).toMatchObject({ kind: "touch", point: [2, 2] });
    // A vertex on another segment's inside.
    expect(find([RINGS.vertexOnEdge])).toMatchObject({ kind: "touch", point: [2, 0] });
    // A spike folding back along itself.
    expect(find([RINGS.spike])?.kind).toBe("overlap");
  });
  it("agrees with the all-pairs check on 3,000 random rings (many on a coarse grid: shared vertices, collinear edges, touches)", () => {
    const rand = rng(42);
    let hits = 0;
    for (let t = 0; t < 3000; t++) {
      const n = 3 + Math.floor(rand() * 12);
      const grid = t % 2 === 0 ? 4 : 0;
      const pt = () => (grid ? [Math.floor(rand() * grid), Math.floor(rand() * grid)] : [rand(), rand()]);
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const p = pt();
        const last = ring[ring.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
      }
      if (ring.length < 3) continue;
      if (ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]) ring.pop();
      if (ring.length < 3) continue;
      const rings: Position[][] = [[...ring, ring[0]!]];
      if (t % 3 === 0) {
        const h = [pt(), pt(), pt()];
        rings.push([...h, h[0]!]);
      }
      const expected = bruteForce(rings);
      const got = find(rings, 7);
      const all = runToEnd(ringIntersections(rings, { yieldEvery: 7 }));
      expect(all.length > 0).toBe(expected);
      for (const h of all)
        expect(
          bruteForceSegments([rings[h.a.ring]![h.a.seg]!, rings[h.a.ring]![h.a.seg + 1]!], [rings[h.b.ring]![h.b.seg]!, rings[h.b.ring]![h.b.seg + 1]!]),
        ).toBe(true);
      if (expected) hits++;
      expect({ t, rings, found: got !== null }).toEqual({ t, rings, found: expected });
    }
    expect(hits).toBeGreaterThan(500);
  });
  it("ringIntersections: one sweep finds the separate crossings of a large ring, each one real", () => {
    const n = 20_000;
    const star = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n,
        r = i % 2 ? 1 : 2;
      return [r * Math.cos(a), r * Math.sin(a)];
    });
    for (const i of [2_000, 9_000, 15_000]) [star[i], star[i + 2]] = [star[i + 2]!, star[i]!];
    const ring = [...star, star[0]!];
    const hits = runToEnd(ringIntersections([ring]));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    for (const h of hits) {
      // The two segments alone, as a reference: they do meet.
      const seg = (k: number) => [ring[k]!, ring[k + 1]!];
      expect(bruteForceSegments(seg(h.a.seg), seg(h.b.seg)), JSON.stringify(h)).toBe(true);
    }
    const near = (i: number) => hits.some((h) => Math.abs(h.a.seg - i) <= 3);
    expect([2_000, 9_000, 15_000].every(near)).toBe(true);
  });
  it("yields while it works (so a caller can give the event loop a turn) and gives the same answer", () => {
    const star = Array.from({ length: 20_000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 20_000,
        r = i % 2 ? 1 : 2;
      return [r * Math.cos(a), r * Math.sin(a)];
    });
    const g = firstRingIntersection([[...star, star[0]!]], { yieldEvery: 1000 });
    let yields = 0;
    let s = g.next();
    while (!s.done) {
      yields++;
      s = g.next();
    }
    expect(s.value).toBeNull();
    expect(yields).toBeGreaterThan(20);
  });
});

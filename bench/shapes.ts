// Generated polygons for the benchmarks (bench/repair-polygon.bench.ts, bench/event-loop-stall.bench.ts)
// and the worker test: deterministic, around (103.2°E, 21.4°N) in Điện Biên.
import type { Feature, Polygon, Position } from "geojson";

/**
 * A closed ring of n vertices around (103.2°E, 21.4°N) at `radius(angle, i, rand)` (rand: a seeded
 * generator), with `crossings` places where two neighbouring vertices are swapped (small bow ties).
 */
function crossedRing(n: number, crossings: number, seed: number, radius: (a: number, i: number, rand: () => number) => number): Feature<Polygon> {
  const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = radius(a, i, rand);
    ring.push([Math.round((103.2 + r * Math.cos(a)) * 1e7) / 1e7, Math.round((21.4 + r * Math.sin(a)) * 1e7) / 1e7]);
  }
  for (let k = 1; k <= crossings; k++) {
    const i = Math.floor((n / (crossings + 1)) * k);
    [ring[i], ring[i + 2]] = [ring[i + 2]!, ring[i]!];
  }
  ring.push(ring[0]!);
  return { type: "Feature", properties: { ten: "vùng phủ" }, geometry: { type: "Polygon", coordinates: [ring] } };
}

/** A star: spikes between radius 0.3° and 0.5°, slightly jittered. */
export const star = (n: number, crossings = 3) => crossedRing(n, crossings, 12345, (_a, i, rand) => (i % 2 ? 0.3 : 0.5) + rand() * 0.01);

/**
 * A coverage-like outline: a circle with radial noise (what a raster-traced coverage area looks
 * like), with the same few crossings. A vertical line meets it only a few times.
 */
export const blob = (n: number, crossings = 3) => crossedRing(n, crossings, 777, (a, _i, rand) => 0.4 + 0.05 * Math.sin(a * 37) + rand() * 0.00002);

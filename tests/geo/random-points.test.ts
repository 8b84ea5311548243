import { describe, it, expect, vi } from "vitest";
import { booleanPointInPolygon, distance } from "@turf/turf";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import { randomPointsInPolygon } from "../../geo/random-points";
import { commune, mulberry32, polygonFeature } from "./helpers";

type Poly = Feature<Polygon | MultiPolygon>;

const square = (w: number, s: number, size: number): number[][] => [
  [w, s],
  [w + size, s],
  [w + size, s + size],
  [w, s + size],
  [w, s],
];
const donut: Poly = {
  type: "Feature",
  properties: {},
  geometry: { type: "Polygon", coordinates: [square(103, 21.3, 0.04), square(103.01, 21.31, 0.02).reverse()] },
};

function minPairDistanceKm(points: Feature<Point>[]): number {
  let min = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) min = Math.min(min, distance(points[i]!, points[j]!));
  }
  return min;
}

describe("randomPointsInPolygon", () => {
  it("puts n points inside the polygon, none in its hole", () => {
    const points = randomPointsInPolygon(donut, 200, mulberry32(1));
    expect(points).toHaveLength(200);
    for (const p of points) {
      expect(p.geometry.type).toBe("Point");
      expect(booleanPointInPolygon(p, donut)).toBe(true);
    }
  });

  it("is deterministic for a given random sequence", () => {
    const naSon = commune("Na Son");
    const a = randomPointsInPolygon(naSon, 30, mulberry32(42), { minDistanceKm: 1 });
    const b = randomPointsInPolygon(naSon, 30, mulberry32(42), { minDistanceKm: 1 });
    const c = randomPointsInPolygon(naSon, 30, mulberry32(43), { minDistanceKm: 1 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("never calls Math.random", () => {
    const spy = vi.spyOn(Math, "random");
    try {
      randomPointsInPolygon(commune("Na Son"), 20, mulberry32(5), { minDistanceKm: 0.5 });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps points at least minDistanceKm apart when the polygon has room", () => {
    const naSon = commune("Na Son"); // ~72 km²
    const points = randomPointsInPolygon(naSon, 20, mulberry32(20), { minDistanceKm: 1 });
    expect(points).toHaveLength(20);
    expect(minPairDistanceKm(points)).toBeGreaterThanOrEqual(1);
    for (const p of points) expect(booleanPointInPolygon(p, naSon)).toBe(true);
  });

  it("relaxes the spacing instead of failing when the polygon is too small for it", () => {
    const tiny: Poly = { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [square(103, 21.3, 0.01)] } }; // ~1 km
    const points = randomPointsInPolygon(tiny, 30, mulberry32(3), { minDistanceKm: 5, maxTries: 50 });
    expect(points).toHaveLength(30);
    for (const p of points) expect(booleanPointInPolygon(p, tiny)).toBe(true);
    // relaxed, but still spread out rather than random clumps
    expect(minPairDistanceKm(points)).toBeGreaterThan(0.05);
  });

  it("works on a MultiPolygon", () => {
    const multi: Poly = {
      type: "Feature",
      properties: {},
      geometry: { type: "MultiPolygon", coordinates: [[square(103, 21.3, 0.01)], [square(103.05, 21.35, 0.01)]] },
    };
    const points = randomPointsInPolygon(multi, 50, mulberry32(9));
    for (const p of points) expect(booleanPointInPolygon(p, multi)).toBe(true);
    expect(points.some((p) => p.geometry.coordinates[0]! < 103.02)).toBe(true);
    expect(points.some((p) => p.geometry.coordinates[0]! > 103.04)).toBe(true);
  });

  it("returns [] for n = 0 without drawing", () => {
    let calls = 0;
    expect(randomPointsInPolygon(donut, 0, () => (calls++, 0.5))).toEqual([]);
    expect(calls).toBe(0);
  });

  it("throws for a bad n, naming it", () => {
    expect(() => randomPointsInPolygon(donut, -1, mulberry32(1))).toThrow(/n .*-1/);
    expect(() => randomPointsInPolygon(donut, 2.5, mulberry32(1))).toThrow(/2\.5/);
  });

  it("throws for bad options, naming the value", () => {
    expect(() => randomPointsInPolygon(donut, 3, mulberry32(1), { minDistanceKm: -2 })).toThrow(/minDistanceKm.*-2/);
    expect(() => randomPointsInPolygon(donut, 3, mulberry32(1), { minDistanceKm: Number.NaN })).toThrow(/minDistanceKm.*NaN/);
    expect(() => randomPointsInPolygon(donut, 3, mulberry32(1), { maxTries: 0 })).toThrow(/maxTries.*0/);
  });

  it("throws when random() leaves [0, 1), naming the value", () => {
    expect(() => randomPointsInPolygon(donut, 3, () => 1)).toThrow(/random\(\).*got 1/);
    expect(() => randomPointsInPolygon(donut, 3, () => Number.NaN)).toThrow(/NaN/);
    expect(() => randomPointsInPolygon(donut, 3, "x" as unknown as () => number)).toThrow(/random.*x/);
  });

  it("throws for a non-polygon", () => {
    const pt = { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } } as unknown as Poly;
    expect(() => randomPointsInPolygon(pt, 3, mulberry32(1))).toThrow(/poly.*Point/);
  });

  it("throws when no point can be found inside the polygon", () => {
    // the triangle fills the lower-left half of its bbox; a generator stuck at 0.99 only hits the upper right
    const triangle = polygonFeature([
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(() => randomPointsInPolygon(triangle, 1, () => 0.99, { maxTries: 20 })).toThrow(/no point found .* 20 draws/);
  });

  it("does not mutate the polygon or options", () => {
    const naSon = commune("Na Son");
    const opts = { minDistanceKm: 1 };
    const before = structuredClone({ naSon, opts });
    randomPointsInPolygon(naSon, 10, mulberry32(8), opts);
    expect({ naSon, opts }).toEqual(before);
  });
});

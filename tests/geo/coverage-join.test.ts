import { describe, it, expect } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import { coverageJoin, coveredMask } from "../../geo/coverage-join";
import { boxRing, colour, dienBienCommunes, expectOutFixture, lineFeature, mulberry32, polygonFeature, readFixture } from "./helpers";

type Poly = Feature<Polygon | MultiPolygon>;

function split(fc: FeatureCollection): { points: Feature<Point>[]; polygons: Poly[] } {
  return {
    points: fc.features.filter((f) => f.properties?.role === "point") as Feature<Point>[],
    polygons: fc.features.filter((f) => f.properties?.role === "polygon") as Poly[],
  };
}

function pt(x: number, y: number): Feature<Point> {
  return { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [x, y] } };
}

function randomPoints(n: number, bbox: [number, number, number, number], seed: number): Feature<Point>[] {
  const random = mulberry32(seed);
  const [w, s, e, nn] = bbox;
  return Array.from({ length: n }, () => pt(w + random() * (e - w), s + random() * (nn - s)));
}

function bruteForce(points: Feature<Point>[], polygons: Poly[]): number[][] {
  return points.map((p) => {
    const hits: number[] = [];
    polygons.forEach((poly, j) => {
      if (booleanPointInPolygon(p, poly, { ignoreBoundary: false })) hits.push(j);
    });
    return hits;
  });
}

const DIEN_BIEN_BBOX: [number, number, number, number] = [102.1, 20.85, 103.6, 22.6];

describe("coverageJoin", () => {
  const fixture = readFixture("in/coverage-join.geojson");
  const { points, polygons } = split(fixture);

  it("matches the hand-made expectations (edge and corner covered, hole not, MultiPolygon parts)", () => {
    const result = coverageJoin(points, polygons);
    points.forEach((p, i) => {
      expect({ note: p.properties?.note, hits: result[i] }).toEqual({ note: p.properties?.note, hits: p.properties?.expected });
    });
    // fixtures/out: points coloured by the first covering polygon, to look at on a map
    expectOutFixture("coverage-join.geojson", {
      type: "FeatureCollection",
      features: [
        ...polygons,
        ...points.map((p, i) => ({
          ...p,
          properties: { note: p.properties?.note, covered_by: result[i], "marker-color": result[i]!.length ? colour(result[i]![0]!) : "#000000" },
        })),
      ],
    });
  });

  it("counts a point exactly on an edge as covered", () => {
    const square = polygonFeature(boxRing(0, 0, 1, 1));
    expect(coverageJoin([pt(0.5, 0), pt(1, 0.5), pt(0, 0), pt(1, 1), pt(1.0000001, 0.5)], [square])).toEqual([[0], [0], [0], [0], []]);
  });

  it("returns empty lists without polygons and [] without points", () => {
    expect(coverageJoin([pt(0, 0), pt(1, 1)], [])).toEqual([[], []]);
    expect(coverageJoin([], polygons)).toEqual([]);
  });

  it("agrees with a brute-force loop on the real Điện Biên communes", () => {
    const communes = dienBienCommunes();
    const pts = randomPoints(3000, DIEN_BIEN_BBOX, 11);
    const result = coverageJoin(pts, communes);
    expect(result).toEqual(bruteForce(pts, communes));
    // the communes tile the province: points inside it hit exactly one (rarely two on a shared edge)
    const hitCounts = result.map((r) => r.length);
    expect(Math.max(...hitCounts)).toBeLessThanOrEqual(2);
    expect(hitCounts.filter((c) => c >= 1).length).toBeGreaterThan(700); // the province fills ~30% of its bbox
  });

  it("agrees with brute force on commune vertices (boundary points)", () => {
    const communes = dienBienCommunes().slice(0, 20);
    const vertices = communes.flatMap((c) => (c.geometry as Polygon).coordinates[0]!.slice(0, 10).map(([x, y]) => pt(x!, y!)));
    const result = coverageJoin(vertices, communes);
    expect(result).toEqual(bruteForce(vertices, communes));
    vertices.forEach((_, i) => expect(result[i]!.length).toBeGreaterThanOrEqual(1));
  });

  it("is fast: 1,500 points × 30 polygons and 100k points × 30 polygons", () => {
    const communes = dienBienCommunes().slice(0, 30);
    const small = randomPoints(1500, DIEN_BIEN_BBOX, 1);
    let t = performance.now();
    coverageJoin(small, communes);
    expect(performance.now() - t).toBeLessThan(500);

    const large = randomPoints(100_000, DIEN_BIEN_BBOX, 2);
    t = performance.now();
    const result = coverageJoin(large, communes);
    const ms = performance.now() - t;
    expect(result).toHaveLength(100_000);
    expect(ms).toBeLessThan(5000);
  });

  it("throws on a non-Point point, naming its index", () => {
    const line = lineFeature() as unknown as Feature<Point>;
    expect(() => coverageJoin([pt(0, 0), line], polygons)).toThrow(/points\[1\].*LineString/);
    expect(() => coverageJoin([null as unknown as Feature<Point>], polygons)).toThrow(/points\[0\].*null/);
    expect(() => coverageJoin([pt(0, Number.NaN)], polygons)).toThrow(/points\[0\].*NaN/);
  });

  it("throws on a non-polygon polygon, naming its index", () => {
    const point = pt(0, 0) as unknown as Poly;
    expect(() => coverageJoin(points, [polygons[0]!, point])).toThrow(/polygons\[1\].*Point/);
  });

  it("does not mutate its inputs", () => {
    const before = structuredClone({ points, polygons });
    coverageJoin(points, polygons);
    coveredMask(points, polygons);
    expect({ points, polygons }).toEqual(before);
  });
});

describe("coveredMask", () => {
  it("is true where any polygon covers the point", () => {
    const { points, polygons } = split(readFixture("in/coverage-join.geojson"));
    expect(coveredMask(points, polygons)).toEqual(points.map((p) => (p.properties!.expected as number[]).length > 0));
  });

  it("throws like coverageJoin", () => {
    expect(() => coveredMask([{} as Feature<Point>], [])).toThrow(/points\[0\]/);
  });
});

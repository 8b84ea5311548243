import { describe, it, expect } from "vitest";
import { area, booleanPointInPolygon, featureCollection, intersect } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import { hamletCells } from "../../geo/hamlet-cells";
import { randomPointsInPolygon } from "../../geo/random-points";
import { colour, commune, dienBienCommunes, expectOutFixture, mulberry32, readFixture } from "./helpers";

type Poly = Feature<Polygon | MultiPolygon>;

function pt(x: number, y: number, properties: Record<string, unknown> = {}): Feature<Point> {
  return { type: "Feature", properties, geometry: { type: "Point", coordinates: [x, y] } };
}

function split(fc: FeatureCollection): { clip: Poly; points: Feature<Point>[] } {
  return {
    clip: fc.features.find((f) => f.properties?.role === "clip") as Poly,
    points: fc.features.filter((f) => f.properties?.role === "hamlet") as Feature<Point>[],
  };
}

/** The invariants: one cell per point, each point in its own cell and no other, no overlaps, areas sum to the clip. */
function checkCells(points: Feature<Point>[], clip: Poly, cells: Poly[]): void {
  expect(cells).toHaveLength(points.length);
  const clipArea = area(clip);
  let sum = 0;
  cells.forEach((cell, i) => {
    expect(["Polygon", "MultiPolygon"]).toContain(cell.geometry.type);
    expect(booleanPointInPolygon(points[i]!, cell, { ignoreBoundary: false })).toBe(true);
    points.forEach((other, j) => {
      if (j !== i) expect(booleanPointInPolygon(other, cell, { ignoreBoundary: true })).toBe(false);
    });
    expect(cell.properties).toEqual(points[i]!.properties);
    sum += area(cell);
  });
  expect(Math.abs(sum - clipArea) / clipArea).toBeLessThan(0.005);
  // far tighter than the 0.5% asked for: only turf.intersect's (polyclip-ts) snapping noise
  expect(Math.abs(sum - clipArea) / clipArea).toBeLessThan(1e-4);
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const overlap = intersect(featureCollection([cells[i]!, cells[j]!]));
      expect(overlap ? area(overlap) : 0).toBeLessThan(clipArea * 1e-9 + 1e-3);
    }
  }
}

describe("hamletCells", () => {
  it("cuts a square commune with 5 hamlets into 5 cells (fixture)", () => {
    const { clip, points } = split(readFixture("in/hamlet-cells-square.geojson"));
    const cells = hamletCells(points, clip);
    checkCells(points, clip, cells);
    // the centre hamlet gets the diamond |dx| + |dy| ≤ 0.01° (1/8 of the 0.04° square),
    // each corner hamlet the rest of its quarter: 1/8 + 4 × 7/32 = 1
    const total = area(clip);
    expect(area(cells[0]!) / total).toBeCloseTo(1 / 8, 3);
    for (const c of cells.slice(1)) expect(area(c) / total).toBeCloseTo(7 / 32, 3);
    expectOutFixture("hamlet-cells-square.geojson", {
      type: "FeatureCollection",
      features: [
        ...cells.map((c, i) => ({ ...c, properties: { ...c.properties, area_km2: Math.round(area(c) / 1e3) / 1e3, fill: colour(i), "fill-opacity": 0.4 } })),
        ...points.map((p, i) => ({ ...p, properties: { ...p.properties, "marker-color": colour(i) } })),
      ],
    });
  });

  it("handles a concave (U-shaped) commune (fixture)", () => {
    const { clip, points } = split(readFixture("in/hamlet-cells-u-shape.geojson"));
    const cells = hamletCells(points, clip);
    checkCells(points, clip, cells);
    expectOutFixture("hamlet-cells-u-shape.geojson", {
      type: "FeatureCollection",
      features: [
        ...cells.map((c, i) => ({ ...c, properties: { ...c.properties, area_km2: Math.round(area(c) / 1e3) / 1e3, fill: colour(i), "fill-opacity": 0.4 } })),
        ...points.map((p, i) => ({ ...p, properties: { ...p.properties, "marker-color": colour(i) } })),
      ],
    });
  });

  it("gives the whole clip to a single point", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    const cells = hamletCells([pt(103.001, 21.339, { name: "Bản Một" })], clip);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.geometry).toEqual(clip.geometry);
    expect(cells[0]!.properties).toEqual({ name: "Bản Một" });
    expect(cells[0]!.geometry).not.toBe(clip.geometry);
  });

  it("splits the clip between two points along their bisector", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    const points = [pt(103.01, 21.32, { name: "A" }), pt(103.03, 21.32, { name: "B" })];
    const cells = hamletCells(points, clip);
    checkCells(points, clip, cells);
    expect(area(cells[0]!) / area(clip)).toBeCloseTo(0.5, 3);
  });

  it("returns [] for no points", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    expect(hamletCells([], clip)).toEqual([]);
  });

  it("accepts a point on the clip boundary", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    const points = [pt(103.0, 21.32), pt(103.03, 21.32)];
    checkCells(points, clip, hamletCells(points, clip));
  });

  it("works with a MultiPolygon clip (a cell may span both parts)", () => {
    const sq = (w: number, s: number): number[][][] => [
      [
        [w, s],
        [w + 0.01, s],
        [w + 0.01, s + 0.01],
        [w, s + 0.01],
        [w, s],
      ],
    ];
    const clip: Poly = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [sq(103, 21.3), sq(103.02, 21.3)] } };
    const points = [pt(103.002, 21.305), pt(103.008, 21.305)];
    const cells = hamletCells(points, clip);
    checkCells(points, clip, cells);
    expect(cells[1]!.geometry.type).toBe("MultiPolygon");
  });

  it("copies properties and id, deep, so editing a cell cannot touch the point", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    const points = [{ ...pt(103.01, 21.32, { name: "A", tags: ["x"] }), id: "h1" }, pt(103.03, 21.32, { name: "B" })];
    const cells = hamletCells(points, clip);
    expect(cells[0]!.id).toBe("h1");
    expect(cells[1]!.id).toBeUndefined();
    (cells[0]!.properties!.tags as string[]).push("y");
    expect(points[0]!.properties!.tags).toEqual(["x"]);
  });

  it("tiles the real commune Na Son with 20 random hamlets", () => {
    const naSon = commune("Na Son");
    const points = randomPointsInPolygon(naSon, 20, mulberry32(20), { minDistanceKm: 0.5 }).map((p, i) => ({
      ...p,
      properties: { name: `Bản ${i + 1}` },
    }));
    checkCells(points, naSon, hamletCells(points, naSon));
  });

  it("tiles every Điện Biên commune with 8 random hamlets", () => {
    const random = mulberry32(129);
    for (const c of dienBienCommunes()) {
      const points = randomPointsInPolygon(c, 8, random);
      const cells = hamletCells(points, c);
      const sum = cells.reduce((s, cell) => s + area(cell), 0);
      expect(Math.abs(sum - area(c)) / area(c), String(c.properties?.name)).toBeLessThan(1e-4);
      cells.forEach((cell, i) => expect(booleanPointInPolygon(points[i]!, cell)).toBe(true));
    }
  });

  it("throws for a point outside the clip, naming its index", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    expect(() => hamletCells([pt(103.01, 21.31), pt(103.05, 21.31)], clip)).toThrow(/points\[1\].*103\.05.*outside/);
  });

  it("throws for duplicate points, naming both indices", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    expect(() => hamletCells([pt(103.01, 21.31), pt(103.02, 21.32), pt(103.01, 21.31)], clip)).toThrow(/points\[2\] duplicates points\[0\]/);
  });

  it("separates points a millimetre apart, and names both when they are too close to tell apart", () => {
    const { clip } = split(readFixture("in/hamlet-cells-square.geojson"));
    const close = [pt(103.02, 21.32), pt(103.02 + 1e-8, 21.32), pt(103.01, 21.31)];
    checkCells(close, clip, hamletCells(close, clip));
    const tooClose = [pt(103.02, 21.32), pt(103.02 + 1e-13, 21.32), pt(103.01, 21.31)];
    expect(() => hamletCells(tooClose, clip)).toThrow(/points\[\d\].*too close to points\[\d\]/);
  });

  it("throws for a non-Point point or a non-polygon clip", () => {
    const { clip, points } = split(readFixture("in/hamlet-cells-square.geojson"));
    const line = { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [] } } as unknown as Feature<Point>;
    expect(() => hamletCells([points[0]!, line], clip)).toThrow(/points\[1\].*LineString/);
    expect(() => hamletCells([pt(103.01, Number.NaN)], clip)).toThrow(/points\[0\].*NaN/);
    expect(() => hamletCells(points, points[0] as unknown as Poly)).toThrow(/clip.*Point/);
  });

  it("does not mutate its inputs", () => {
    const { clip, points } = split(readFixture("in/hamlet-cells-square.geojson"));
    const before = structuredClone({ clip, points });
    hamletCells(points, clip);
    hamletCells(points.slice(0, 1), clip);
    expect({ clip, points }).toEqual(before);
  });
});

import { describe, it, expect } from "vitest";
import type { Feature, Point, Polygon } from "geojson";
import { hamletCoverage, bestSignal, hasBroadband, has2g, hasFiber, type CoverageProps } from "../../geo";

const pt = (x: number, y: number): Feature<Point> => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [x, y] } });
const square = (x0: number, y0: number, x1: number, y1: number, props: CoverageProps): Feature<Polygon, CoverageProps> => ({
  type: "Feature",
  properties: props,
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  },
});

const layers = [
  square(0, 0, 10, 10, { kind: "grid", operator: null, level: null }),
  square(0, 0, 4, 4, { kind: "2g", operator: "viettel", level: "weak" }),
  square(0, 0, 2, 2, { kind: "2g", operator: "viettel", level: "good" }),
  square(5, 5, 10, 10, { kind: "4g", operator: "mobifone", level: "weak" }),
  square(0, 0, 1, 1, { kind: "fiber", operator: "vnpt", level: null }),
];

describe("hamletCoverage", () => {
  it("takes the best level per operator and technology, and grid/fiber from containment", () => {
    const [a, b, c, d] = hamletCoverage([pt(0.5, 0.5), pt(3, 3), pt(7, 7), pt(20, 20)], layers);
    expect(a!.signal.viettel["2g"]).toBe("good");
    expect(a!.grid && hasFiber(a!)).toBe(true);
    expect(b!.signal.viettel["2g"]).toBe("weak");
    expect(bestSignal(b!)).toBe("weak");
    expect(hasBroadband(b!)).toBe(false);
    expect(has2g(b!)).toBe(true);
    expect(c!.signal.mobifone["4g"]).toBe("weak");
    expect(hasBroadband(c!)).toBe(true);
    expect(d!.grid || has2g(d!) || hasFiber(d!)).toBe(false);
    expect(bestSignal(d!)).toBe("none");
  });

  it("counts a point on a polygon's boundary as covered", () => {
    const [edge] = hamletCoverage([pt(4, 2)], layers);
    expect(edge!.signal.viettel["2g"]).toBe("weak");
  });

  it("does not mutate its input", () => {
    const before = JSON.stringify(layers);
    hamletCoverage([pt(1, 1)], layers);
    expect(JSON.stringify(layers)).toBe(before);
  });

  it("rejects a polygon without kind or operator, naming its index", () => {
    const bad = [square(0, 0, 1, 1, { kind: "4g", operator: null, level: "good" })];
    expect(() => hamletCoverage([pt(0.5, 0.5)], bad)).toThrow(/polygons\[0\].*operator null/);
    const bad2 = [square(0, 0, 1, 1, { kind: "5g" as never, operator: "viettel", level: "good" })];
    expect(() => hamletCoverage([pt(0.5, 0.5)], bad2)).toThrow(/polygons\[0\] has kind 5g/);
  });
});

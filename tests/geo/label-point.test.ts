import { describe, it, expect } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { labelPoint, bbox4 } from "../../geo/label-point";
import { boxRing as ring, dienBienCommunes, lineFeature, polygonFeature as poly } from "./helpers";

type Poly = Feature<Polygon | MultiPolygon>;

/** An L shape: its centre of mass and its bbox centre are both outside it. */
const L_RING = [
  [0, 0],
  [4, 0],
  [4, 1],
  [1, 1],
  [1, 4],
  [0, 4],
  [0, 0],
];
const strictlyInside = (c: [number, number], f: Poly): boolean => booleanPointInPolygon(c, f, { ignoreBoundary: true });

describe("labelPoint", () => {
  it("uses the centre of mass when it is inside", () => {
    const c = labelPoint(poly(ring(0, 0, 2, 1)));
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo(0.5, 12);
  });

  it("finds an inside point for an L shape (centre of mass and bbox centre outside)", () => {
    const l = poly(L_RING);
    const c = labelPoint(l);
    expect(strictlyInside(c, l)).toBe(true);
    expect(c).toEqual([0.5, 2]);
  });

  it("avoids the hole of a donut", () => {
    const donut = poly(ring(0, 0, 10, 10), ring(1, 1, 9, 9).reverse());
    const c = labelPoint(donut);
    expect(strictlyInside(c, donut)).toBe(true);
  });

  it("labels the largest part of a MultiPolygon", () => {
    const multi: Poly = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [[ring(0, 0, 1, 1)], [ring(10, 10, 15, 15)]] } };
    expect(labelPoint(multi)).toEqual([12.5, 12.5]);
  });

  it("is strictly inside every real Điện Biên commune", () => {
    for (const c of dienBienCommunes()) {
      expect(strictlyInside(labelPoint(c), c), String(c.properties?.name)).toBe(true);
    }
  });

  it("throws for a non-polygon, naming its type", () => {
    const line = lineFeature() as unknown as Poly;
    expect(() => labelPoint(line)).toThrow(/LineString/);
    expect(() => labelPoint(null as unknown as Poly)).toThrow(/null/);
  });

  it("does not mutate its input", () => {
    const l = poly(L_RING);
    const before = structuredClone(l);
    labelPoint(l);
    expect(l).toEqual(before);
  });
});

describe("bbox4", () => {
  it("returns [west, south, east, north]", () => {
    expect(
      bbox4(
        poly([
          [102, 21],
          [103, 21],
          [103, 22],
          [102, 21],
        ]),
      ),
    ).toEqual([102, 21, 103, 22]);
  });

  it("drops altitude from 3-D coordinates", () => {
    expect(
      bbox4(
        poly([
          [102, 21, 5],
          [103, 21, 9],
          [103, 22, 7],
          [102, 21, 5],
        ]),
      ),
    ).toEqual([102, 21, 103, 22]);
  });

  it("covers every part of a MultiPolygon", () => {
    const multi: Poly = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [[ring(0, 0, 1, 1)], [ring(10, -5, 15, 15)]] } };
    expect(bbox4(multi)).toEqual([0, -5, 15, 15]);
  });

  it("throws for a non-polygon, naming its type", () => {
    const pt = { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } } as unknown as Poly;
    expect(() => bbox4(pt)).toThrow(/bbox4.*Point/);
  });

  it("does not mutate its input", () => {
    const p = poly(ring(0, 0, 1, 1));
    const before = structuredClone(p);
    bbox4(p);
    expect(p).toEqual(before);
  });
});

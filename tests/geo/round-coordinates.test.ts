import { describe, it, expect } from "vitest";
import type { MultiPolygon, Point, Polygon } from "geojson";
import { roundCoordinates } from "../../geo";

describe("roundCoordinates", () => {
  it("rounds every position of a polygon to the decimals asked for, and keeps the structure", () => {
    const poly: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [103.123456, 21.987654],
          [103.2, 21.9],
          [103.15, 22.04449],
          [103.123456, 21.987654],
        ],
      ],
    };
    const out = roundCoordinates(poly, 4);
    expect(out).toEqual({
      type: "Polygon",
      coordinates: [
        [
          [103.1235, 21.9877],
          [103.2, 21.9],
          [103.15, 22.0445],
          [103.1235, 21.9877],
        ],
      ],
    });
  });
  it("walks multipolygons and defaults to 5 decimals", () => {
    const mp: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [
        [
          [
            [1.1234567, 2.7654321],
            [1, 2],
            [1.1234567, 2.7654321],
          ],
        ],
      ],
    };
    expect(roundCoordinates(mp).coordinates[0]![0]![0]).toEqual([1.12346, 2.76543]);
  });
  it("never mutates its input", () => {
    const poly: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [0.123456, 0.654321],
          [1, 0],
          [0.123456, 0.654321],
        ],
      ],
    };
    const copy = structuredClone(poly);
    roundCoordinates(poly, 2);
    expect(poly).toEqual(copy);
  });
  it("throws with the bad value for bad decimals or coordinates", () => {
    const pt: Point = { type: "Point", coordinates: [1, 2] };
    expect(() => roundCoordinates(pt, -1)).toThrow(/got -1/);
    expect(() => roundCoordinates(pt, 2.5)).toThrow(/got 2.5/);
    expect(() => roundCoordinates({ type: "Point", coordinates: [Number.NaN, 2] }, 2)).toThrow(/NaN/);
  });
});

import { describe, expect, it } from "vitest";
import type { Feature, Geometry } from "geojson";
import { repairPolygon } from "../../geo";
import { repairPolygonSteps } from "../../geo/repair-polygon";
import { firstRingIntersection, runToEnd } from "../../geo/ring-intersections";
import { RINGS } from "./helpers";

const f = (geometry: Geometry | null): Feature<Geometry | null> => ({ type: "Feature", properties: { ten: "vùng 1" }, geometry });
const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe("repairPolygon", () => {
  it("leaves a valid polygon as it is (no repairs)", () => {
    const r = repairPolygon(f({ type: "Polygon", coordinates: [square] }));
    expect(r).toEqual({
      ok: true,
      feature: { type: "Feature", properties: { ten: "vùng 1" }, geometry: { type: "Polygon", coordinates: [square] } },
      repairs: [],
    });
  });
  it("closes an open ring and drops repeated points", () => {
    const r = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
    );
    expect(r.ok && r.repairs.sort()).toEqual(["closedRing", "duplicatePoints"]);
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [square] });
  });
  it("splits a bow tie at its crossing into two valid parts (as turf's unkinkPolygon did, to the last digit)", () => {
    const r = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [RINGS.bowTie],
      }),
    );
    expect(r).toEqual({
      ok: true,
      repairs: ["selfIntersection"],
      feature: {
        type: "Feature",
        properties: { ten: "vùng 1" },
        geometry: {
          type: "MultiPolygon",
          coordinates: [
            [
              [
                [0, 0],
                [0.5, 0.5],
                [0, 1],
                [0, 0],
              ],
            ],
            [
              [
                [0.5, 0.5],
                [1, 0],
                [1, 1],
                [0.5, 0.5],
              ],
            ],
          ],
        },
      },
    });
  });
  it("winds rings by the right-hand rule without calling it a repair: a clockwise (Shapefile) outer ring and its counter-clockwise hole", () => {
    const cw = [...square].reverse();
    const hole = [
      [0.2, 0.2],
      [0.4, 0.2],
      [0.4, 0.4],
      [0.2, 0.4],
      [0.2, 0.2],
    ]; // counter-clockwise
    const r = repairPolygon(f({ type: "Polygon", coordinates: [cw, hole] }));
    expect(r.ok && r.repairs).toEqual([]);
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [square, [...hole].reverse()] });
  });
  it("splits a figure eight through a shared vertex, and a ring with a vertex on its own edge (turf's unkink threw on these)", () => {
    const eight = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [RINGS.figureEight],
      }),
    );
    expect(eight.ok && eight.repairs).toEqual(["selfIntersection"]);
    expect(eight.ok && eight.feature.geometry.type === "MultiPolygon" && eight.feature.geometry.coordinates.length).toBe(2);
    const touch = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [RINGS.vertexOnEdge],
      }),
    );
    expect(touch.ok && touch.repairs).toEqual(["selfIntersection"]);
    for (const r of [eight, touch]) {
      if (!r.ok || r.feature.geometry.type !== "MultiPolygon") throw new Error("expected a MultiPolygon");
      for (const part of r.feature.geometry.coordinates) expect(runToEnd(firstRingIntersection(part))).toBeNull();
    }
  });
  it("takes a spike's tip off", () => {
    const r = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [RINGS.spike],
      }),
    );
    expect(r.ok && r.repairs).toEqual(["spike"]);
    expect(r.ok && runToEnd(firstRingIntersection(r.feature.geometry.coordinates as never))).toBeNull();
  });
  it("drops a hole that crosses the outer ring and keeps the one that does not", () => {
    const big = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const crossing = [
      [3, 1],
      [3, 2],
      [5, 2],
      [5, 1],
      [3, 1],
    ];
    const inside = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ];
    const r = repairPolygon(f({ type: "Polygon", coordinates: [big, crossing, inside] }));
    expect(r.ok && r.repairs).toEqual(["droppedHole"]);
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [big, inside] });
  });
  it("keeps a hole with the piece of a split outer ring that holds it", () => {
    // Two squares joined as a bow tie through (4, 2); a hole in the left one.
    const ring = [
      [0, 0],
      [4, 2],
      [8, 0],
      [8, 4],
      [4, 2],
      [0, 4],
      [0, 0],
    ];
    const hole = [
      [1, 1.5],
      [1, 2.5],
      [2, 2.5],
      [2, 1.5],
      [1, 1.5],
    ];
    const r = repairPolygon(f({ type: "Polygon", coordinates: [ring, hole] }));
    if (!r.ok || r.feature.geometry.type !== "MultiPolygon") throw new Error("expected a MultiPolygon");
    expect(r.repairs).toEqual(["selfIntersection"]);
    expect(r.feature.geometry.coordinates.map((p) => p.length).sort()).toEqual([1, 2]);
    expect(r.feature.geometry.coordinates.find((p) => p.length === 2)![1]).toEqual(hole);
  });
  it("rejects two stretches of a ring running along each other", () => {
    const r = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [6, 0],
            [6, 3],
            [4, 3],
            [4, 0],
            [2, 0],
            [2, 3],
            [0, 3],
            [0, 0],
          ],
        ],
      }),
    );
    expect(r).toEqual({ ok: false, reason: "invalid" });
  });
  it("in slices (repairPolygonSteps) gives the same answer as at once", () => {
    const ring = Array.from({ length: 2000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 2000,
        r = i % 2 ? 0.5 : 1;
      return [Math.round(r * Math.cos(a) * 1e6) / 1e6, Math.round(r * Math.sin(a) * 1e6) / 1e6];
    });
    [ring[500], ring[502]] = [ring[502]!, ring[500]!]; // a small crossing
    const input = f({ type: "Polygon", coordinates: [[...ring, ring[0]!]] });
    const g = repairPolygonSteps(input, { yieldEvery: 100 });
    let slices = 0;
    let s = g.next();
    while (!s.done) {
      slices++;
      s = g.next();
    }
    expect(slices).toBeGreaterThan(10);
    expect(s.value).toEqual(repairPolygon(input));
    expect(s.value.ok && s.value.repairs).toEqual(["selfIntersection"]);
  });
  it("drops a degenerate hole, keeps the polygon", () => {
    const r = repairPolygon(
      f({
        type: "Polygon",
        coordinates: [
          square,
          [
            [0.2, 0.2],
            [0.3, 0.3],
            [0.2, 0.2],
          ],
        ],
      }),
    );
    expect(r.ok && r.repairs).toContain("droppedDegenerate");
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [square] });
  });
  it.each([
    [null, "noGeometry"],
    [{ type: "Point", coordinates: [0, 0] }, "notPolygon:Point"],
    [
      {
        type: "LineString",
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
      "notPolygon:LineString",
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [Number.NaN, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      "badCoordinates",
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [500, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      "outOfRange",
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      "noRing",
    ],
  ] as [Geometry | null, string][])("rejects %j with reason %s", (g, reason) => {
    expect(repairPolygon(f(g))).toEqual({ ok: false, reason });
  });
  it("throws for something that is not a Feature", () => {
    expect(() => repairPolygon({ type: "Polygon" } as never)).toThrow(/expected a GeoJSON Feature, got Polygon/);
    expect(() => repairPolygon(null as never)).toThrow(/got null/);
  });
  it("does not change its input", () => {
    const input = f({
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ],
      ],
    });
    const copy = structuredClone(input);
    repairPolygon(input);
    expect(input).toEqual(copy);
  });
});

import { describe, expect, it } from "vitest";
import type { Feature, Geometry } from "geojson";
import { repairPolygon } from "../../geo";

const f = (geometry: Geometry | null): Feature<Geometry | null> => ({ type: "Feature", properties: { ten: "vùng 1" }, geometry });
const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];

describe("repairPolygon", () => {
  it("leaves a valid polygon as it is (no repairs)", () => {
    const r = repairPolygon(f({ type: "Polygon", coordinates: [square] }));
    expect(r).toEqual({ ok: true, feature: { type: "Feature", properties: { ten: "vùng 1" }, geometry: { type: "Polygon", coordinates: [square] } }, repairs: [] });
  });
  it("closes an open ring and drops repeated points", () => {
    const r = repairPolygon(f({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1]]] }));
    expect(r.ok && r.repairs.sort()).toEqual(["closedRing", "duplicatePoints"]);
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [square] });
  });
  it("splits a bow tie at its crossing into two valid parts", () => {
    const r = repairPolygon(f({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }));
    expect(r.ok).toBe(true);
    expect(r.ok && r.repairs).toContain("selfIntersection");
    expect(r.ok && r.feature.geometry.type).toBe("MultiPolygon");
  });
  it("rewinds a clockwise outer ring", () => {
    const cw = [...square].reverse();
    const r = repairPolygon(f({ type: "Polygon", coordinates: [cw] }));
    expect(r.ok && r.repairs).toEqual(["winding"]);
  });
  it("drops a degenerate hole, keeps the polygon", () => {
    const r = repairPolygon(f({ type: "Polygon", coordinates: [square, [[0.2, 0.2], [0.3, 0.3], [0.2, 0.2]]] }));
    expect(r.ok && r.repairs).toContain("droppedDegenerate");
    expect(r.ok && r.feature.geometry).toEqual({ type: "Polygon", coordinates: [square] });
  });
  it.each([
    [null, "noGeometry"],
    [{ type: "Point", coordinates: [0, 0] }, "notPolygon:Point"],
    [{ type: "LineString", coordinates: [[0, 0], [1, 1]] }, "notPolygon:LineString"],
    [{ type: "Polygon", coordinates: [[[0, 0], [Number.NaN, 0], [1, 1], [0, 0]]] }, "badCoordinates"],
    [{ type: "Polygon", coordinates: [[[0, 0], [500, 0], [1, 1], [0, 0]]] }, "outOfRange"],
    [{ type: "Polygon", coordinates: [[[0, 0], [1, 1], [0, 0]]] }, "noRing"],
  ] as [Geometry | null, string][])("rejects %j with reason %s", (g, reason) => {
    expect(repairPolygon(f(g))).toEqual({ ok: false, reason });
  });
  it("throws for something that is not a Feature", () => {
    expect(() => repairPolygon({ type: "Polygon" } as never)).toThrow(/expected a GeoJSON Feature, got Polygon/);
    expect(() => repairPolygon(null as never)).toThrow(/got null/);
  });
  it("does not change its input", () => {
    const input = f({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1]]] });
    const copy = structuredClone(input);
    repairPolygon(input);
    expect(input).toEqual(copy);
  });
});

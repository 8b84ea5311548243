import { describe, it, expect } from "vitest";
import { distance } from "@turf/turf";
import { haversineKm, DEG_LAT_PER_KM } from "../../geo/haversine";
import { mulberry32 } from "./helpers";

describe("haversineKm", () => {
  it("agrees with turf.distance (1e-9 relative) on random pairs in and around Vietnam", () => {
    const r = mulberry32(6);
    for (let i = 0; i < 500; i++) {
      const a: [number, number] = [100 + r() * 10, 8 + r() * 16];
      const b: [number, number] = [a[0] + (r() - 0.5) * (i % 2 ? 0.05 : 5), a[1] + (r() - 0.5) * (i % 2 ? 0.05 : 5)];
      const want = distance(a, b, { units: "kilometers" });
      expect(Math.abs(haversineKm(a[0], a[1], b[0], b[1]) - want)).toBeLessThanOrEqual(want * 1e-9 + 1e-12);
    }
  });

  it("does what the doc example says, and 1 km of latitude is DEG_LAT_PER_KM degrees", () => {
    expect(haversineKm(103.0, 21.0, 103.01, 21.0)).toBeCloseTo(1.038, 3);
    expect(haversineKm(103, 21, 103, 21 + DEG_LAT_PER_KM)).toBeCloseTo(1, 9);
    expect(haversineKm(103, 21, 103, 21)).toBe(0);
  });

  it("throws on non-finite coordinates or a latitude beyond the poles", () => {
    expect(() => haversineKm(Number.NaN, 21, 103, 21)).toThrow(/coordinates must be finite, got \[NaN, 21\]/);
    expect(() => haversineKm(103, 91, 103, 21)).toThrow(/latitude must be within \[-90, 90\], got 91/);
  });
});

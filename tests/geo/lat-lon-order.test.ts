import { describe, expect, it } from "vitest";
import { orderLatLon } from "../../geo";

const DIEN_BIEN: [number, number, number, number] = [102.17, 20.9, 103.6, 22.4];

describe("orderLatLon", () => {
  it("reads [lat, lon] and [lon, lat] against the province's bbox", () => {
    expect(orderLatLon([21.43, 103.12], DIEN_BIEN)).toEqual({ order: "latLon", lonLat: [103.12, 21.43] });
    expect(orderLatLon([103.12, 21.43], DIEN_BIEN)).toEqual({ order: "lonLat", lonLat: [103.12, 21.43] });
  });
  it("says outside for a point in another province (Hồ Chí Minh City)", () => {
    expect(orderLatLon([10.77, 106.7], DIEN_BIEN).order).toBe("outside");
  });
  it("where both orders fit, [lat, lon] wins", () => {
    expect(orderLatLon([1, 2], [0, 0, 3, 3]).order).toBe("latLon");
  });
  it("a point just over the border is inside within the margin", () => {
    expect(orderLatLon([22.42, 103.0], DIEN_BIEN).order).toBe("latLon");
    expect(orderLatLon([22.42, 103.0], DIEN_BIEN, { margin: 0 }).order).toBe("outside");
  });
  it("throws early with the bad value", () => {
    expect(() => orderLatLon([Number.NaN, 1], DIEN_BIEN)).toThrow(/pair must be two finite numbers, got \[null,1\]/);
    expect(() => orderLatLon([1, 2], [3, 0, 1, 1])).toThrow(/bbox must be \[west, south, east, north\], got \[3,0,1,1\]/);
    expect(() => orderLatLon([1, 2], DIEN_BIEN, { margin: -1 })).toThrow(/margin .* got -1/);
  });
  it("does not change its inputs", () => {
    const pair: [number, number] = [21.43, 103.12];
    const box: [number, number, number, number] = [...DIEN_BIEN];
    orderLatLon(pair, box);
    expect(pair).toEqual([21.43, 103.12]);
    expect(box).toEqual(DIEN_BIEN);
  });
});

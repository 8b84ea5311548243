import { describe, it, expect } from "vitest";
import { rate, funnelRates, type FunnelCounts } from "../../geo/rates";

describe("rate", () => {
  it("divides", () => {
    expect(rate(45, 60)).toBe(0.75);
    expect(rate(0, 60)).toBe(0);
  });

  it("does not clamp rates above 1", () => {
    expect(rate(70, 60)).toBeCloseTo(70 / 60, 12);
  });

  it("is null without a denominator", () => {
    expect(rate(5, 0)).toBeNull();
    expect(rate(0, 0)).toBeNull();
  });

  it("is null for a missing (withheld) count", () => {
    expect(rate(null, 10)).toBeNull();
    expect(rate(10, null)).toBeNull();
    expect(rate(undefined, 10)).toBeNull();
    expect(rate(10, undefined)).toBeNull();
    expect(rate(null, 0)).toBeNull();
  });

  it("is null for non-finite values", () => {
    expect(rate(Number.NaN, 10)).toBeNull();
    expect(rate(10, Number.NaN)).toBeNull();
    expect(rate(Number.POSITIVE_INFINITY, 10)).toBeNull();
    expect(rate(10, Number.POSITIVE_INFINITY)).toBeNull();
    expect(rate(10, Number.NEGATIVE_INFINITY)).toBeNull();
  });

  it("throws a RangeError naming a negative numerator or denominator", () => {
    expect(() => rate(-3, 10)).toThrow(RangeError);
    expect(() => rate(-3, 10)).toThrow(/numerator.*-3/);
    expect(() => rate(3, -7)).toThrow(/denominator.*-7/);
    expect(() => rate(3, -0.5)).toThrow(/-0\.5/);
  });
});

describe("funnelRates", () => {
  const counts: FunnelCounts = { eligible: 100, cccdIssued: 95, received: 80, activated: 60, level2: 40 };

  it("computes every rate", () => {
    expect(funnelRates(counts)).toEqual({
      cccdIssuedRate: 0.95,
      receivedRate: 0.8,
      activatedRate: 0.6,
      activatedOfReceived: 0.75,
      level2Rate: 0.4,
    });
  });

  it("keeps rates above 1 when the data say so", () => {
    const r = funnelRates({ ...counts, activated: 120, received: 110 });
    expect(r.activatedRate).toBe(1.2);
    expect(r.activatedOfReceived).toBeCloseTo(120 / 110, 12);
  });

  it("returns null for zero denominators", () => {
    expect(funnelRates({ eligible: 0, cccdIssued: 0, received: 0, activated: 0, level2: 0 })).toEqual({
      cccdIssuedRate: null,
      receivedRate: null,
      activatedRate: null,
      activatedOfReceived: null,
      level2Rate: null,
    });
    const r = funnelRates({ ...counts, received: 0, activated: 0 });
    expect(r.activatedOfReceived).toBeNull();
    expect(r.activatedRate).toBe(0);
  });

  it("throws a RangeError naming the negative field and value", () => {
    for (const field of ["eligible", "cccdIssued", "received", "activated", "level2"] as const) {
      expect(() => funnelRates({ ...counts, [field]: -4 })).toThrow(new RegExp(`${field}.*-4`));
    }
  });

  it("does not mutate its input", () => {
    const input = { ...counts };
    const before = structuredClone(input);
    funnelRates(input);
    expect(input).toEqual(before);
  });
});

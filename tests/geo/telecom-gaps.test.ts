import { describe, it, expect } from "vitest";
import { telecomGaps, emptyCoverage, TELECOM_VIEWS, type TelecomView } from "../../geo";

const viettel4gOnly = () => {
  const c = emptyCoverage();
  c.grid = true;
  c.signal.viettel["4g"] = "weak";
  return c;
};

describe("telecomGaps", () => {
  it("combined: a weak signal of any operator counts as covered", () => {
    expect(telecomGaps(viettel4gOnly(), "combined")).toEqual({ no2g: false, noBroadband: false, noFiber: true, noGrid: false });
  });
  it("per operator: only that operator's service counts", () => {
    expect(telecomGaps(viettel4gOnly(), "viettel")).toEqual({ no2g: false, noBroadband: false, noFiber: true, noGrid: false });
    expect(telecomGaps(viettel4gOnly(), "vnpt")).toEqual({ no2g: true, noBroadband: true, noFiber: true, noGrid: false });
    const c = emptyCoverage();
    c.signal.mobifone["2g"] = "good";
    c.fiber.vnpt = true;
    expect(telecomGaps(c, "mobifone")).toEqual({ no2g: false, noBroadband: true, noFiber: true, noGrid: true });
    expect(telecomGaps(c, "vnpt")).toEqual({ no2g: true, noBroadband: true, noFiber: false, noGrid: true });
    expect(telecomGaps(c, "combined")).toEqual({ no2g: false, noBroadband: true, noFiber: false, noGrid: true });
  });
  it("a combined gap is a gap of every operator (and an operator's service closes the combined gap)", () => {
    const levels = ["none", "weak", "good"] as const;
    for (let k = 0; k < 300; k++) {
      const c = emptyCoverage();
      c.grid = k % 2 === 0;
      c.fiber.viettel = k % 7 === 0;
      c.signal.vnpt["3g"] = levels[k % 3]!;
      c.signal.viettel["2g"] = levels[(k >> 2) % 3]!;
      c.signal.mobifone["4g"] = levels[(k >> 4) % 3]!;
      const combined = telecomGaps(c, "combined");
      for (const g of ["no2g", "noBroadband", "noFiber", "noGrid"] as const) {
        const each = (["viettel", "vnpt", "mobifone"] as const).map((o) => telecomGaps(c, o)[g]);
        expect(combined[g]).toBe(each.every(Boolean));
      }
    }
  });
  it("never mutates its input and throws with the bad value", () => {
    const c = viettel4gOnly();
    const copy = structuredClone(c);
    for (const v of TELECOM_VIEWS) telecomGaps(c, v);
    expect(c).toEqual(copy);
    expect(() => telecomGaps(c, "fpt" as TelecomView)).toThrow(/got fpt/);
    expect(() => telecomGaps(null as never, "combined")).toThrow(/expected a HamletCoverage, got null/);
  });
});

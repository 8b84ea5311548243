import { describe, it, expect } from "vitest";
import { suppressSmallCounts } from "../../geo";

describe("suppressSmallCounts", () => {
  it("withholds 1 to 4 and keeps 0, 5 and null", () => {
    const input = { a: 0, b: 1, c: 4, d: 5, e: null, f: 320 };
    const { values, suppressed } = suppressSmallCounts(input);
    expect(values).toEqual({ a: 0, b: null, c: null, d: 5, e: null, f: 320 });
    expect(suppressed).toEqual(["b", "c"]);
    expect(input).toEqual({ a: 0, b: 1, c: 4, d: 5, e: null, f: 320 });
  });
  it("takes another threshold and rejects a bad one with its value", () => {
    expect(suppressSmallCounts({ x: 9 }, 10).suppressed).toEqual(["x"]);
    expect(() => suppressSmallCounts({ x: 1 }, 0)).toThrow(/got 0/);
    expect(() => suppressSmallCounts({ x: 1 }, 2.5)).toThrow(/got 2.5/);
  });
});

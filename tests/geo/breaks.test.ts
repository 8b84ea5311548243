import { describe, it, expect } from "vitest";
import { classBreaks, classify, type BreakMethod } from "../../geo/breaks";
import { mulberry32 } from "./helpers";

/** Invariants every result must satisfy for the data it was computed from. */
function checkBreaks(values: (number | null)[], breaks: number[]): void {
  const data = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (data.length === 0) {
    expect(breaks).toEqual([]);
    return;
  }
  const min = Math.min(...data);
  const max = Math.max(...data);
  expect(breaks.length).toBeGreaterThanOrEqual(2);
  expect(breaks[0]).toBe(min);
  expect(breaks[breaks.length - 1]).toBe(max);
  for (let i = 1; i < breaks.length; i++) {
    if (min === max) expect(breaks[i]).toBe(breaks[i - 1]);
    else expect(breaks[i]!).toBeGreaterThan(breaks[i - 1]!);
  }
  for (const v of data) {
    const c = classify(v, breaks);
    expect(c).not.toBeNull();
    expect(c!).toBeGreaterThanOrEqual(0);
    expect(c!).toBeLessThanOrEqual(breaks.length - 2);
    // the value lies in its class: [b0, b1] for class 0, (b_c, b_c+1] after
    expect(v).toBeLessThanOrEqual(breaks[c! + 1]!);
    if (c! > 0) expect(v).toBeGreaterThan(breaks[c!]!);
  }
}

describe("classBreaks", () => {
  it("equal intervals", () => {
    expect(classBreaks([1, 2, 3, 4, 100, null], { method: "equal", classes: 3 })).toEqual([1, 34, 67, 100]);
    expect(classBreaks([0, 1], { method: "equal", classes: 4 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("quantiles (type 7)", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(classBreaks(values, { method: "quantile", classes: 4 })).toEqual([1, 3, 5, 7, 9]);
    expect(classBreaks(values, { method: "quantile", classes: 1 })).toEqual([1, 9]);
  });

  it("jenks = ckmeans natural breaks, boundaries at each cluster's largest value", () => {
    expect(classBreaks([1, 2, 3, 10, 11, 12], { method: "jenks", classes: 2 })).toEqual([1, 3, 12]);
    expect(classBreaks([0.1, 0.12, 0.5, 0.52, 0.55, 0.9, 0.95], { method: "jenks", classes: 3 })).toEqual([0.1, 0.12, 0.55, 0.95]);
  });

  it("manual thresholds between the data's min and max", () => {
    expect(classBreaks([0.1, 0.6, 0.9], { method: "manual", classes: 0, manual: [0.5, 0.8] })).toEqual([0.1, 0.5, 0.8, 0.9]);
    // thresholds outside the data range (or equal to min / max) are dropped
    expect(classBreaks([0.3, 0.6], { method: "manual", classes: 3, manual: [0, 0.3, 0.5, 0.8, 1] })).toEqual([0.3, 0.5, 0.6]);
  });

  it("ignores null, undefined and NaN (no-data)", () => {
    const breaks = classBreaks([null, 4, Number.NaN, 0, undefined, 2], { method: "equal", classes: 2 });
    expect(breaks).toEqual([0, 2, 4]);
  });

  it("returns [] when there is no data", () => {
    for (const method of ["quantile", "equal", "jenks"] as const) {
      expect(classBreaks([], { method, classes: 5 })).toEqual([]);
      expect(classBreaks([null, Number.NaN], { method, classes: 5 })).toEqual([]);
    }
    expect(classBreaks([], { method: "manual", classes: 0, manual: [1] })).toEqual([]);
  });

  it("merges equal boundaries when there are fewer distinct values than classes", () => {
    expect(classBreaks([5, 5, 5], { method: "quantile", classes: 4 })).toEqual([5, 5]);
    expect(classBreaks([5, 5, 5], { method: "equal", classes: 4 })).toEqual([5, 5]);
    expect(classBreaks([5, 5, 5], { method: "jenks", classes: 4 })).toEqual([5, 5]);
    expect(classBreaks([1, 1, 1, 2, 2], { method: "jenks", classes: 5 })).toEqual([1, 2]);
    expect(classBreaks([1, 1, 1, 1, 1, 1, 1, 1, 2], { method: "quantile", classes: 5 })).toEqual([1, 2]);
    expect(classBreaks([3], { method: "jenks", classes: 3 })).toEqual([3, 3]);
  });

  it("satisfies the invariants on random data for every method and class count", () => {
    const random = mulberry32(2025);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(random() * 200);
      const values = Array.from({ length: n }, () => {
        const r = random();
        if (r < 0.1) return null;
        return trial % 3 === 0 ? Math.floor(random() * 5) : random() ** 3 * 1.3; // ties and skew
      });
      for (const method of ["quantile", "equal", "jenks"] as BreakMethod[]) {
        for (const classes of [1, 2, 3, 5, 7, 9]) {
          const breaks = classBreaks(values, { method, classes });
          checkBreaks(values, breaks);
          expect(breaks.length - 1).toBeLessThanOrEqual(classes);
        }
      }
      checkBreaks(values, classBreaks(values, { method: "manual", classes: 0, manual: [0.2, 0.5, 0.8, 1] }));
    }
  });

  it("puts about the same number of values in each quantile class", () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => random());
    const breaks = classBreaks(values, { method: "quantile", classes: 5 });
    const counts = [0, 0, 0, 0, 0];
    for (const v of values) counts[classify(v, breaks)!]!++;
    for (const c of counts) expect(Math.abs(c - 200)).toBeLessThanOrEqual(1);
  });

  it("throws on a bad class count, naming it", () => {
    expect(() => classBreaks([1, 2], { method: "equal", classes: 0 })).toThrow(/classes.*0/);
    expect(() => classBreaks([1, 2], { method: "quantile", classes: 2.5 })).toThrow(/2\.5/);
    expect(() => classBreaks([1, 2], { method: "jenks", classes: Number.NaN })).toThrow(/NaN/);
  });

  it("throws on infinite values, naming index and value", () => {
    expect(() => classBreaks([1, Number.POSITIVE_INFINITY], { method: "equal", classes: 2 })).toThrow(/values\[1\].*Infinity/);
  });

  it("throws on bad manual breaks, naming the value", () => {
    expect(() => classBreaks([1, 2], { method: "manual", classes: 0 })).toThrow(/manual.*undefined/);
    expect(() => classBreaks([1, 2], { method: "manual", classes: 0, manual: [0.5, 0.3] })).toThrow(/0\.3 after 0\.5/);
    expect(() => classBreaks([1, 2], { method: "manual", classes: 0, manual: [0.5, 0.5] })).toThrow(/0\.5 after 0\.5/);
    expect(() => classBreaks([1, 2], { method: "manual", classes: 0, manual: [0.1, Number.NaN] })).toThrow(/manual\[1\].*NaN/);
    expect(() => classBreaks([1, 2], { method: "manual", classes: 0, manual: [Number.NEGATIVE_INFINITY] })).toThrow(/-Infinity/);
  });

  it("throws on an unknown method, naming it", () => {
    expect(() => classBreaks([1, 2], { method: "pretty" as BreakMethod, classes: 3 })).toThrow(/pretty/);
  });

  it("does not mutate values or manual breaks", () => {
    const values = [3, null, 1, 2, Number.NaN, 10];
    const manual = [2, 5];
    const before = structuredClone({ values, manual });
    for (const method of ["quantile", "equal", "jenks", "manual"] as BreakMethod[]) {
      classBreaks(values, { method, classes: 3, manual });
    }
    expect({ values, manual }).toEqual(before);
  });
});

describe("classify", () => {
  const breaks = [1, 34, 67, 100];

  it("returns the class index, boundaries going to the lower class", () => {
    expect(classify(1, breaks)).toBe(0);
    expect(classify(20, breaks)).toBe(0);
    expect(classify(34, breaks)).toBe(0);
    expect(classify(34.0001, breaks)).toBe(1);
    expect(classify(50, breaks)).toBe(1);
    expect(classify(67, breaks)).toBe(1);
    expect(classify(100, breaks)).toBe(2);
  });

  it("clamps values outside the range to the first / last class", () => {
    expect(classify(-5, breaks)).toBe(0);
    expect(classify(1e9, breaks)).toBe(2);
  });

  it("returns null for no-data and for empty breaks", () => {
    expect(classify(null, breaks)).toBeNull();
    expect(classify(undefined, breaks)).toBeNull();
    expect(classify(Number.NaN, breaks)).toBeNull();
    expect(classify(Number.POSITIVE_INFINITY, breaks)).toBeNull();
    expect(classify(3, [])).toBeNull();
  });

  it("handles a single-value legend [v, v]", () => {
    expect(classify(5, [5, 5])).toBe(0);
  });

  it("throws on unsorted or non-finite breaks, naming the value", () => {
    expect(() => classify(1, [0, 2, 1])).toThrow(/breaks\[2\] = 1/);
    expect(() => classify(1, [0, Number.NaN])).toThrow(/NaN/);
  });

  it("does not mutate the breaks", () => {
    const b = [0, 1, 2];
    classify(1.5, b);
    expect(b).toEqual([0, 1, 2]);
  });
});

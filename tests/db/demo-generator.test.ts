// The demo generator without a database: deterministic for a seed, different for another seed,
// NFC names, the real hamlets the articles name in their real communes, and the calibration tools.
import { createHash } from "node:crypto";
import { describe, it, expect, beforeAll } from "vitest";
import { generateDemo, type DemoData } from "../../db/demo/generate";
import { solveLevel, roundToTotal, apportion, sigmoid } from "../../db/demo/calibrate";

/** A digest of what the app reads from the generator: snapshots, coverage and units. */
const digest = (d: DemoData) =>
  createHash("sha256")
    .update(JSON.stringify({ snapshots: d.snapshots, coverage: d.coverage, units: d.units }))
    .digest("hex");

describe("generateDemo", () => {
  let first: DemoData;
  beforeAll(() => {
    first = generateDemo();
  });

  it("gives identical output when run twice", () => {
    const second = generateDemo();
    expect(digest(second)).toBe(digest(first));
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it("gives different output for another seed", () => {
    const other = generateDemo(1);
    expect(other.seed).toBe(1);
    expect(other.fingerprint).not.toBe(first.fingerprint);
    expect(createHash("sha256").update(JSON.stringify(other.snapshots)).digest("hex")).not.toBe(
      createHash("sha256").update(JSON.stringify(first.snapshots)).digest("hex"),
    );
  });

  it("writes every unit name in Unicode NFC", () => {
    const hamlets = first.units.filter((u) => u.level === "hamlet");
    expect(hamlets).toHaveLength(1448 + 128 + 122);
    const notNfc = first.units.filter((u) => u.name !== u.name.normalize("NFC") || u.fullName !== u.fullName.normalize("NFC")).map((u) => u.id);
    expect(notNfc).toEqual([]);
    // Names with Vietnamese diacritics are there to be checked (NFD would differ on them).
    expect(hamlets.filter((u) => u.name !== u.name.normalize("NFD")).length).toBeGreaterThan(1000);
  });

  it.each([
    ["Háng Pa", "c19-03211"],
    ["Đệ Tinh 1", "c19-03198"],
    ["Pháng Chủ", "c19-03198"],
    ["Bưa Sen", "c19-04834"],
  ])("%s is a hamlet of %s", (name, communeId) => {
    const ids = first.units.filter((u) => u.level === "hamlet" && u.name === name).map((u) => u.id);
    const inCommune = ids.filter((id) => first.parents.some((p) => p.structure === "pre2025" && p.childId === id && p.parentId === communeId));
    expect(inCommune).toHaveLength(1);
  });
});

describe("calibrate: solveLevel", () => {
  const items = [
    { base: 100, offset: 0 },
    { base: 250, offset: -1.5 },
    { base: 40, offset: 2 },
  ];
  const total = 390;
  const sumAt = (x: number) => items.reduce((s, i) => s + i.base * sigmoid(x + i.offset), 0);

  it.each([1, 195, 389])("hits the target %i", (target) => {
    expect(sumAt(solveLevel(items, target))).toBeCloseTo(target, 6);
  });

  it("is 0 for half of one item with offset 0 (the documented example)", () => {
    expect(solveLevel([{ base: 100, offset: 0 }], 50)).toBeCloseTo(0, 9);
  });

  it.each([0, -5, total, total + 1, Number.NaN])("throws a RangeError naming the target %s outside (0, Σbase)", (target) => {
    expect(() => solveLevel(items, target)).toThrow(RangeError);
    expect(() => solveLevel(items, target)).toThrow(`target ${target} `);
  });
});

describe("calibrate: roundToTotal", () => {
  it("returns integers summing to the total, each within its bounds", () => {
    const values = [1.4, 2.6, 3.5, 0.2, 7.9];
    const lower = [1, 2, 3, 0, 5];
    const upper = [2, 3, 5, 1, 8];
    for (const total of [12, 15, 19]) {
      const out = roundToTotal(values, total, lower, upper);
      expect(out.every(Number.isInteger), `total ${total}: ${out}`).toBe(true);
      expect(out.reduce((s, v) => s + v, 0)).toBe(total);
      out.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(lower[i]!);
        expect(v).toBeLessThanOrEqual(upper[i]!);
      });
    }
  });

  it("moves the items whose rounding lost most (largest remainder)", () => {
    expect(roundToTotal([0.4, 0.45, 0.1], 1)).toEqual([0, 1, 0]);
    expect(roundToTotal([1.6, 1.55, 1.9], 4)).toEqual([1, 1, 2]);
  });

  it("does not change its input", () => {
    const values = [1.4, 2.6];
    roundToTotal(values, 5);
    expect(values).toEqual([1.4, 2.6]);
  });

  it("throws when the bounds make the total impossible", () => {
    expect(() => roundToTotal([1, 1], 5, [0, 0], [2, 2])).toThrow(RangeError);
    expect(() => roundToTotal([1, 1], 5, [0, 0], [2, 2])).toThrow(/cannot reach 5/);
    expect(() => roundToTotal([3, 3], 2, [2, 2])).toThrow(/cannot reach 2/);
    expect(() => roundToTotal([1.5], 1.5)).toThrow(/total 1.5 is not an integer/);
  });
});

describe("calibrate: apportion", () => {
  it("splits an integer total in proportion to the weights, summing exactly", () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [2, 0, 5])).toEqual([2, 0, 5]);
    const out = apportion(1448, [3.1, 17, 0.4, 9.9, 120]);
    expect(out.reduce((s, v) => s + v, 0)).toBe(1448);
    expect(out.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });

  it("throws for weights that do not sum above zero", () => {
    expect(() => apportion(5, [0, 0])).toThrow(/weights sum to 0/);
    expect(() => apportion(5, [])).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { type CountRelation, derivableCells, suppressWithParts } from "../../geo/complementary-suppression";
import { mulberry32 } from "../support/mulberry32";

/**
 * An independent checker: every assignment of the withheld cells that satisfies all relations with
 * the shown cells (depth-first, pruned by the shown totals) — a small withheld cell (shown "<5")
 * ranges over 1 … 4, another over 5 … M; a withheld cell is derivable when it takes one value only.
 * M bounds the search, so the checker is stricter than an observer (who has no upper bound): a cell
 * it calls safe is safe.
 */
function derivableByEnumeration<K extends string>(cells: Record<K, number>, relations: CountRelation<K>[], withheld: K[], M: number, T = 5): K[] {
  const vars = withheld;
  const idx = new Map(vars.map((k, i) => [k, i]));
  const seen = vars.map(() => new Set<number>());
  const val = new Array<number>(vars.length).fill(0);
  const value = (k: K, upTo: number): number | null => {
    const i = idx.get(k);
    if (i === undefined) return cells[k];
    return i < upTo ? val[i]! : null;
  };
  const consistent = (upTo: number): boolean => {
    for (const r of relations) {
      const t = value(r.total, upTo);
      let sum = 0;
      let open = 0;
      for (const p of r.parts) {
        const v = value(p, upTo);
        if (v === null) open++;
        else sum += v;
      }
      if (t !== null && open === 0 && sum !== t) return false;
      if (t !== null && sum + open > t) return false;
    }
    return true;
  };
  let solutions = 0;
  const dfs = (i: number) => {
    if (i === vars.length) {
      solutions++;
      val.forEach((v, j) => seen[j]!.add(v));
      return;
    }
    const small = cells[vars[i]!] < T;
    for (let v = small ? 1 : T; v <= (small ? T - 1 : M); v++) {
      val[i] = v;
      if (consistent(i + 1)) dfs(i + 1);
    }
  };
  dfs(0);
  if (solutions === 0) throw new Error("the true values are no solution: bad case");
  return vars.filter((_, j) => seen[j]!.size === 1);
}

type Case = { cells: Record<string, number>; relations: CountRelation<string>[] };

/** One relation total = Σ parts, 2–5 parts of 0 … 11. */
function flatCase(r: () => number): Case {
  const n = 2 + Math.floor(r() * 4);
  const cells: Record<string, number> = {};
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    cells[`p${i}`] = Math.floor(r() * 12);
    parts.push(`p${i}`);
  }
  cells.total = parts.reduce((s, p) => s + cells[p]!, 0);
  return { cells: { total: cells.total, ...cells }, relations: [{ total: "total", parts }] };
}

/**
 * The dashboard's chain: eligible = received + notReceived = activated + notActivated,
 * received = activated + receivedNotActivated, notActivated = Σ reasons.
 */
function funnelCase(r: () => number): Case {
  const small = () => Math.floor(r() * 8);
  const activated = small();
  const receivedNotActivated = small();
  const notReceived = small();
  const notActivated = receivedNotActivated + notReceived;
  // Split notActivated over three reasons at random.
  const a = Math.floor(r() * (notActivated + 1));
  const b = Math.floor(r() * (notActivated - a + 1));
  const reasons = { away: a, sick: b, other: notActivated - a - b };
  const received = activated + receivedNotActivated;
  const cells = { eligible: received + notReceived, received, activated, notActivated, notReceived, receivedNotActivated, ...reasons };
  return {
    cells,
    relations: [
      { total: "eligible", parts: ["received", "notReceived"] },
      { total: "eligible", parts: ["activated", "notActivated"] },
      { total: "received", parts: ["activated", "receivedNotActivated"] },
      { total: "notActivated", parts: ["away", "sick", "other"] },
    ],
  };
}

describe("suppressWithParts", () => {
  it("withholds the one small part and the smallest other non-zero part (the example)", () => {
    const input = { notActivated: 40, away: 3, sick: 30, other: 7 };
    const out = suppressWithParts(input, [{ total: "notActivated", parts: ["away", "sick", "other"] }]);
    expect(out).toEqual({ values: { notActivated: 40, away: null, sick: 30, other: null }, withheld: ["away", "other"], complementary: ["other"] });
    expect(input).toEqual({ notActivated: 40, away: 3, sick: 30, other: 7 });
  });

  it("withholds a part when only the total is small, and never a zero", () => {
    const out = suppressWithParts({ t: 4, a: 0, b: 4, c: 0 }, [{ total: "t", parts: ["a", "b", "c"] }]);
    expect(out.values).toEqual({ t: null, a: 0, b: null, c: 0 });
    const two = suppressWithParts({ t: 3, a: 1, b: 2 }, [{ total: "t", parts: ["a", "b"] }]);
    expect(two.withheld).toEqual(["t", "a", "b"]);
  });

  it("breaks ties by the order of the cells", () => {
    const out = suppressWithParts({ t: 62, a: 2, b: 20, c: 20, d: 20 }, [{ total: "t", parts: ["a", "b", "c", "d"] }]);
    expect(out.complementary).toEqual(["b"]);
  });

  it("does not leave two withheld ones that can only be 1 each", () => {
    // 1 + 1 = 52 − 50: both are 1, whatever is withheld.
    const out = suppressWithParts({ t: 52, a: 1, b: 1, c: 50 }, [{ total: "t", parts: ["a", "b", "c"] }]);
    expect(out.withheld).toEqual(["a", "b", "c"]);
  });

  it("withholds nothing when nothing is small (and threshold 1 withholds nothing)", () => {
    expect(suppressWithParts({ t: 30, a: 10, b: 20 }, [{ total: "t", parts: ["a", "b"] }]).withheld).toEqual([]);
    expect(suppressWithParts({ t: 3, a: 1, b: 2 }, [{ total: "t", parts: ["a", "b"] }], 1).withheld).toEqual([]);
  });

  it("rejects bad input with the value", () => {
    expect(() => suppressWithParts({ t: 1 }, [], 0)).toThrow(/got 0/);
    expect(() => suppressWithParts({ t: -1 }, [])).toThrow(/t must be an integer >= 0, got -1/);
    expect(() => suppressWithParts({ t: 1 }, [{ total: "t", parts: ["x" as "t"] }])).toThrow(/unknown cell x/);
  });

  it("derivableCells finds a cell fixed by two relations together", () => {
    // eligible 50 = activated 46 + notActivated; notActivated = away + other, with away withheld: other 3 alone is not enough.
    const cells = { eligible: 50, activated: 46, notActivated: 4, away: 1, other: 3 };
    const relations: CountRelation<keyof typeof cells>[] = [
      { total: "eligible", parts: ["activated", "notActivated"] },
      { total: "notActivated", parts: ["away", "other"] },
    ];
    expect(derivableCells(cells, relations, new Set(["notActivated", "away"] as const))).toEqual(["notActivated", "away"]);
  });

  it("a reader who knows which withheld cells are small: 1 + 5 = 6 gives both away", () => {
    const cells = { t: 40, a: 1, b: 5, c: 34 };
    const relations: CountRelation<keyof typeof cells>[] = [{ total: "t", parts: ["a", "b", "c"] }];
    expect(derivableCells(cells, relations, new Set(["a", "b"] as const))).toEqual(["a", "b"]);
    expect(suppressWithParts(cells, relations).withheld).toEqual(["a", "b", "c"]);
  });

  it("the checker has teeth: primary suppression alone leaves derivable cells in the same random cases", () => {
    const r = mulberry32("one relation".length * 7919);
    let found = 0;
    for (let n = 0; n < 100; n++) {
      const { cells, relations } = flatCase(r);
      const primary = Object.keys(cells).filter((k) => cells[k]! > 0 && cells[k]! < 5);
      found += derivableByEnumeration(cells, relations, primary, Math.max(...Object.values(cells)) * 2 + 6).length > 0 ? 1 : 0;
    }
    expect(found).toBeGreaterThan(10);
  });

  for (const [name, make, cases] of [
    ["one relation", flatCase, 600],
    ["the funnel's chained relations", funnelCase, 500],
  ] as const) {
    it(`leaves no withheld cell derivable, on ${cases} seeded random cases of ${name}`, () => {
      const r = mulberry32(name.length * 7919);
      let withheldAny = 0;
      for (let n = 0; n < cases; n++) {
        const { cells, relations } = make(r);
        const out = suppressWithParts(cells, relations);
        // Primary: every 1–4 withheld; shown cells are the input's.
        for (const [k, v] of Object.entries(cells)) {
          if (v > 0 && v < 5) expect(out.values[k], `case ${n} ${k}`).toBeNull();
          if (out.values[k] !== null) expect(out.values[k]).toBe(v);
          if (v === 0) expect(out.values[k]).toBe(0);
        }
        const M = Math.max(...Object.values(cells)) * 2 + 6;
        expect(derivableByEnumeration(cells, relations, out.withheld, M), `case ${n}: ${JSON.stringify(cells)} withheld ${out.withheld}`).toEqual([]);
        if (out.withheld.length) withheldAny++;
      }
      // The cases exercise suppression at all (not only cases with nothing small).
      expect(withheldAny).toBeGreaterThan(cases / 2);
    });
  }
});

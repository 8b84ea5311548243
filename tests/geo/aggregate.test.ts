import { describe, it, expect } from "vitest";
import { aggregateByUnit } from "../../geo";

// A toy crosswalk with a commune split in 2025: pre-2025 commune A (hamlets 1, 2, 3) and B (4);
// post-2025 A's hamlets 1 and 2 went to X, hamlet 3 joined B's hamlet 4 in Y. Both structures
// share the province P and the hamlet rows.
const hamlets = [
  { id: "h1", values: { eligible: 100, activated: 60 } },
  { id: "h2", values: { eligible: 50, activated: null } },
  { id: "h3", values: { eligible: 80, activated: 20 } },
  { id: "h4", values: { eligible: 30, activated: 30 } },
];
const pre2025 = [
  ...["h1", "h2", "h3"].map((h) => ({ hamletId: h, unitId: "A" })),
  { hamletId: "h4", unitId: "B" },
  ...["h1", "h2", "h3", "h4"].map((h) => ({ hamletId: h, unitId: "P" })),
];
const post2025 = [
  { hamletId: "h1", unitId: "X" },
  { hamletId: "h2", unitId: "X" },
  { hamletId: "h3", unitId: "Y" },
  { hamletId: "h4", unitId: "Y" },
  ...["h1", "h2", "h3", "h4"].map((h) => ({ hamletId: h, unitId: "P" })),
];

describe("aggregateByUnit", () => {
  it("sums hamlet rows into each structure's communes; a split commune's hamlets go where their parents say", () => {
    const pre = aggregateByUnit(hamlets, pre2025, ["eligible", "activated"]);
    const post = aggregateByUnit(hamlets, post2025, ["eligible", "activated"]);
    expect(pre.get("A")).toEqual({ sums: { eligible: 230, activated: 80 }, reported: { eligible: 3, activated: 2 }, hamlets: 3 });
    expect(pre.get("B")!.sums).toEqual({ eligible: 30, activated: 30 });
    expect(post.get("X")!.sums).toEqual({ eligible: 150, activated: 60 });
    expect(post.get("Y")!.sums).toEqual({ eligible: 110, activated: 50 });
  });
  it("keeps the invariant: the communes of either structure add up to the province, which is the same in both", () => {
    for (const m of [pre2025, post2025]) {
      const agg = aggregateByUnit(hamlets, m, ["eligible"]);
      const communes = [...agg].filter(([id]) => id !== "P").reduce((s, [, a]) => s + a.sums.eligible, 0);
      expect(communes).toBe(agg.get("P")!.sums.eligible);
      expect(agg.get("P")!.sums.eligible).toBe(260);
    }
  });
  it("never mutates its inputs", () => {
    const h = structuredClone(hamlets);
    const m = structuredClone(pre2025);
    aggregateByUnit(h, m, ["eligible", "activated"]);
    expect(h).toEqual(hamlets);
    expect(m).toEqual(pre2025);
  });
  it("throws with the bad value for an unknown hamlet, a duplicate membership or a non-number", () => {
    expect(() => aggregateByUnit(hamlets, [{ hamletId: "h9", unitId: "A" }], ["eligible"])).toThrow(/h9/);
    expect(() =>
      aggregateByUnit(
        hamlets,
        [
          { hamletId: "h1", unitId: "A" },
          { hamletId: "h1", unitId: "A" },
        ],
        ["eligible"],
      ),
    ).toThrow(/twice/);
    expect(() => aggregateByUnit([{ id: "h1", values: { eligible: Number.NaN } }], [], ["eligible"])).toThrow(/NaN/);
  });
});

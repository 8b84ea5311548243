// The explorer's queries on both drivers: attributes keyed by hamlet id, unit figures rolled up
// through the crosswalk equal the hamlet sums of scopeTotals in both structures, small counts are
// withheld, the history is made of hamlet sums, the tree is complete.
import { describe, it, expect, beforeAll } from "vitest";
import { drivers, setupSeeded } from "../support/seeded-db";
import { explorerAttributes, COUNT_KEYS } from "@/app/_screens/explorer";
import { explorerUnits, hamletAttributes, provinceOfScope, sitesInScope, snapshotDates, unitHistory } from "../../db/queries/explorer";
import { scopeTotals } from "../../db/queries/indicators";
import { scopeOf } from "@/db/queries/scope";

describe.each(drivers())("explorer queries on %s", (driver) => {
  const o = setupSeeded(driver);

  it("finds the province of any unit in a structure, and nothing for a unit outside it", async () => {
    expect((await provinceOfScope({ db: o.db, scope: scopeOf("h-03211-01", "post2025") }))?.id).toBe("p-11");
    expect((await provinceOfScope({ db: o.db, scope: scopeOf("d-101", "pre2025") }))?.id).toBe("p-11");
    expect(await provinceOfScope({ db: o.db, scope: scopeOf("d-101", "post2025") })).toBeNull();
  });

  it.each(["pre2025", "post2025"] as const)("the %s tree has the province, its communes and 1,448 hamlets, each with a parent", async (structure) => {
    const units = await explorerUnits({ db: o.db, scope: scopeOf("p-11", structure) });
    const by = (l: string) => units.filter((u) => u.level === l);
    expect(by("province").map((u) => u.id)).toEqual(["p-11"]);
    expect(by("hamlet")).toHaveLength(1448);
    expect(by("commune")).toHaveLength(structure === "pre2025" ? 129 : 45);
    expect(by("district")).toHaveLength(structure === "pre2025" ? 10 : 0);
    const ids = new Set(units.map((u) => u.id));
    expect(units.filter((u) => u.id !== "p-11" && !ids.has(u.parentId ?? "")).map((u) => u.id)).toEqual([]);
  });

  describe.each(["pre2025", "post2025"] as const)("attributes on 2023-06-30, %s", (structure) => {
    let a: Awaited<ReturnType<typeof explorerAttributes>>;
    beforeAll(async () => {
      a = await explorerAttributes({ db: o.db, scope: scopeOf("p-11", structure), date: "2023-06-30" });
    });

    it("has one row per hamlet, the dates and the coverage version in effect", () => {
      expect(a.hamlets.ids).toHaveLength(1448);
      expect(new Set(a.hamlets.ids).size).toBe(1448);
      for (const k of COUNT_KEYS) expect(a.hamlets.columns[k]).toHaveLength(1448);
      expect(a.asOf).toBe("2023-06-30");
      expect(a.dates[0]).toBe("2022-08-25");
      expect(a.coverageAsOf).toBe("2022-01-01");
      expect(a.hamlets.columns.grid!.every((g) => g === 0 || g === 1)).toBe(true);
    });

    it("every unit's figures are the sums of its hamlets (scopeTotals), for the province and each commune and district", async () => {
      const units = a.units.ids.map((id, i) => ({ id, i })).filter(({ id }) => /^(p|d|c19|c25)-/.test(id));
      expect(units.length).toBe(structure === "pre2025" ? 1 + 10 + 129 : 1 + 45);
      // Check the province and a sample of communes/districts (all of them is slow on PGlite).
      const sample = units.filter((u, n) => u.id === "p-11" || u.id.startsWith("d-") || n % 9 === 0);
      for (const { id, i } of sample) {
        const t = await scopeTotals({ db: o.db, scope: scopeOf(id, structure), date: "2023-06-30" });
        for (const k of ["eligible", "received", "activated", "level2", "residents"] as const) {
          const shown = a.units.columns[k]![i];
          // Null only where the sum was withheld (1–4).
          if (shown === null) expect(a.units.withheld[k]).toContain(i);
          else expect(shown, `${id}.${k}`).toBe(t[k]);
        }
        expect(a.units.columns.hamlets![i]).toBe(t.hamlets);
      }
    });

    it("the communes add up to the province (each hamlet counted once per structure)", () => {
      const p = a.units.ids.indexOf("p-11");
      const communes = a.units.ids.map((id, i) => (/^c(19|25)-/.test(id) ? i : -1)).filter((i) => i >= 0);
      for (const k of ["eligible", "activated", "hamlets"]) {
        expect(communes.reduce((s, i) => s + (a.units.columns[k]![i] ?? 0), 0)).toBe(a.units.columns[k]![p]);
      }
    });

    it("districts have their received target for 2023 (pre-2025 only)", () => {
      const withTarget = a.units.ids.filter((_, i) => a.units.columns.target![i] !== null);
      expect(withTarget).toContain("p-11");
      if (structure === "pre2025") expect(withTarget).toContain("d-101");
    });
  });

  it("withholds hamlet counts from 1 to 4 and lists them; the rest are as stored", async () => {
    const scope = scopeOf("p-11", "post2025");
    const [a, raw] = await Promise.all([
      explorerAttributes({ db: o.db, scope, date: "2022-08-25" }),
      hamletAttributes({ db: o.db, scope, date: "2022-08-25" }),
    ]);
    const small = raw.map((r, i) => ({ r, i })).filter(({ r }) => r.activated !== null && r.activated >= 1 && r.activated <= 4);
    expect(small.length).toBeGreaterThan(0);
    for (const { i } of small) {
      expect(a.hamlets.columns.activated![i]).toBeNull();
      expect(a.hamlets.withheld.activated).toContain(i);
    }
    const big = raw.findIndex((r) => (r.activated ?? 0) > 4);
    expect(a.hamlets.columns.activated![big]).toBe(raw[big]!.activated);
  });

  it("a hamlet's history is its own snapshots; the province's, its hamlets' sums at every date", async () => {
    const h = await unitHistory({ db: o.db, scope: scopeOf("h-03211-01", "post2025") });
    const dates = await snapshotDates({ db: o.db, scope: scopeOf("p-11", "post2025") });
    expect(h.length).toBeGreaterThan(30);
    expect(h.every((p) => p.hamlets === 1)).toBe(true);
    const p = await unitHistory({ db: o.db, scope: scopeOf("p-11", "post2025") });
    expect(p.map((x) => x.date)).toEqual(dates);
    const at = p.find((x) => x.date === "2023-09-15")!;
    const t = await scopeTotals({ db: o.db, scope: scopeOf("p-11", "post2025"), date: "2023-09-15" });
    expect(at.received).toBe(t.received);
    expect(at.received).toBe(374_051); // DB-04
  });

  it("sites lie in the scope's hamlets", async () => {
    const s = await sitesInScope({ db: o.db, scope: scopeOf("c19-03211", "pre2025") });
    expect(s.length).toBeGreaterThan(0);
    expect(s.every((x) => x.hamletId?.startsWith("h-03211-"))).toBe(true);
  });
});

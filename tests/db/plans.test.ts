// Planner inputs and scenarios on both drivers: the inputs agree with the app's own metrics, and
// scenarios are validated, scoped to their unit, and deleted only inside the viewer's scope.
// Writes happen inside a transaction that is rolled back (the PostgreSQL database is shared by the run).
import { describe, it, expect } from "vitest";
import { computeMetric } from "@/app/_screens/figures";
import { deleteScenarios, getScenario, listScenarios, planInputs, saveScenario, latestSnapshotDate } from "../../db/queries/plans";
import { scopeTotals } from "../../db/queries/indicators";
import { runRequestSchema } from "@/geo/plan-schema";
import { runPlans, scenarioOf } from "@/app/_screens/plans";
import { drivers, inRollback, setupSeeded } from "../support/seeded-db";
import { scopeOf } from "@/db/queries/scope";
import { testActor } from "../support/actor";

const ACTOR = testActor("planner@example.org");

const DBD = scopeOf("d-101", "pre2025"); // Điện Biên Đông
const DATE = "2023-11-06";

describe.each(drivers())("plans on %s", (driver) => {
  const o = setupSeeded(driver);

  it("planInputs for Điện Biên Đông agrees with the metrics: hamlets, funnel sums, hamlets without broadband", async () => {
    const inp = (await planInputs({ db: o.db, scope: DBD, date: DATE }))!;
    expect(inp.unit.id).toBe("d-101");
    expect(inp.hamlets).toHaveLength(198);
    const totals = await scopeTotals({ db: o.db, scope: DBD, date: DATE });
    expect(inp.hamlets.reduce((s, h) => s + h.eligible, 0)).toBe(totals.eligible);
    expect(inp.hamlets.reduce((s, h) => s + h.activated, 0)).toBe(totals.activated);
    expect(inp.hamlets.reduce((s, h) => s + h.away, 0)).toBe(totals.reasonAway);
    const noBroadband = await computeMetric({ db: o.db, scope: DBD, metric: "hamlets_no_mobile_broadband", date: DATE });
    expect(inp.hamlets.filter((h) => !h.broadband).length).toBe(noBroadband);
    expect(noBroadband).toBeGreaterThan(0);
    // sites: every one in a hamlet of the scope; commune HQs present (team bases)
    const ids = new Set(inp.hamlets.map((h) => h.id));
    expect(inp.sites.length).toBeGreaterThan(100);
    expect(inp.sites.every((s) => ids.has(s.hamletId!))).toBe(true);
    expect(inp.sites.filter((s) => s.kind === "commune_hq").length).toBeGreaterThan(5);
    expect(inp.hamlets.every((h) => Number.isFinite(h.lon) && Number.isFinite(h.lat))).toBe(true);
  });

  it("planInputs: null for a unit that is not in the structure; latestSnapshotDate", async () => {
    expect(await planInputs({ db: o.db, scope: scopeOf("d-101", "post2025"), date: DATE })).toBeNull();
    expect(await latestSnapshotDate({ db: o.db, scope: DBD })).toBe("2025-12-31");
  });

  it("scenarios: saved after validation, listed and read in the scope and its ancestors, not elsewhere; deleted in scope only", async () => {
    const inp = (await planInputs({ db: o.db, scope: DBD, date: DATE }))!;
    const req = runRequestSchema.parse({ unit: "d-101", structure: "pre2025", date: DATE, wifi: { maxSites: 3 }, teams: { teams: 2, days: 3 } });
    const plan = scenarioOf(req, runPlans(inp, req));
    await inRollback(o.db, async (tx) => {
      const { id } = await saveScenario({ db: tx, actor: ACTOR, scope: DBD, name: "  Đợt 1  ", plan });
      const mine = await listScenarios({ db: tx, scope: DBD });
      expect(mine.map((s) => s.id)).toContain(id);
      const got = (await getScenario({ db: tx, scope: DBD, id }))!;
      expect(got.name).toBe("Đợt 1");
      expect(got.plan).toEqual(plan);
      // the province sees it; another district does not
      expect((await listScenarios({ db: tx, scope: scopeOf("p-11", "pre2025") })).map((s) => s.id)).toContain(id);
      expect((await listScenarios({ db: tx, scope: scopeOf("d-103", "pre2025") })).map((s) => s.id)).not.toContain(id);
      expect(await getScenario({ db: tx, scope: scopeOf("d-103", "pre2025"), id })).toBeNull();
      expect(await deleteScenarios({ db: tx, actor: ACTOR, scope: scopeOf("d-103", "pre2025"), ids: [id] })).toBe(0);
      expect(await deleteScenarios({ db: tx, actor: ACTOR, scope: DBD, ids: [id] })).toBe(1);
      expect(await getScenario({ db: tx, scope: DBD, id })).toBeNull();
    });
  });

  it("scenarios: a bad plan, an empty name or a plan of another unit is refused before saving", async () => {
    const inp = (await planInputs({ db: o.db, scope: DBD, date: DATE }))!;
    const req = runRequestSchema.parse({ unit: "d-101", structure: "pre2025", date: DATE });
    const plan = scenarioOf(req, runPlans(inp, req));
    await inRollback(o.db, async (tx) => {
      await expect(saveScenario({ db: tx, actor: ACTOR, scope: DBD, name: "x", plan: { ...plan, version: 99 } })).rejects.toThrow(/version/);
      await expect(
        saveScenario({ db: tx, actor: ACTOR, scope: DBD, name: "x", plan: { ...plan, summary: { ...plan.summary, wifiCost: -1 } } }),
      ).rejects.toThrow(/wifiCost/);
      await expect(saveScenario({ db: tx, actor: ACTOR, scope: DBD, name: "   ", plan })).rejects.toThrow(/must not be empty/);
      await expect(saveScenario({ db: tx, actor: ACTOR, scope: scopeOf("d-103", "pre2025"), name: "x", plan })).rejects.toThrow(
        /plan is for d-101 \(pre2025\), not the scope d-103/,
      );
      expect(await listScenarios({ db: tx, scope: DBD })).toEqual([]);
    });
  });
});

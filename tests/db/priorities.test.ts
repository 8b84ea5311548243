// The gap-analysis queries: only the scope's hamlets, everything the score needs, the telecom
// counts through the coverage join (they must equal the published 15 / 79 and the metrics), and
// coverage reviews that append and never overwrite.
import { describe, it, expect } from "vitest";
import { sql } from "drizzle-orm";
import { priorityHamlets, snapshotDates, scopeChoices } from "../../db/queries/priorities";
import { telecomGapHamlets, addCoverageReview, latestCoverageReviews, coverageReviewHistory } from "../../db/queries/telecom";
import { scopeTotals } from "../../db/queries/indicators";
import { computeMetric } from "@/app/_screens/figures";
import { scopeOf, rowsOf, type Scope } from "../../db/queries/scope";
import { gapRows, rankRows } from "@/app/_screens/priorities";
import { PRIORITY_PRESETS, TELECOM_VIEWS } from "../../geo";
import type { Db } from "../../db/client";
import { drivers, setupSeeded } from "../support/seeded-db";
import { testActor } from "../support/actor";

const REVIEWER = testActor("Viettel Điện Biên");

const DBD: Scope = scopeOf("d-101", "pre2025");
const NA_SON: Scope = scopeOf("c19-03205", "pre2025");
const PROVINCE: Scope = scopeOf("p-11", "pre2025");

/** The hamlets under a unit, by walking admin_parents upwards (independent of admin_closure). */
async function hamletsUnder(db: Db, scope: Scope): Promise<Set<string>> {
  const res = await db.execute(sql`
    with recursive up(hamlet, unit) as (
      select u.id, u.id from admin_units u where u.level = 'hamlet'
      union all
      select up.hamlet, p.parent_id from up join admin_parents p on p.structure = ${scope.structure} and p.child_id = up.unit
    )
    select hamlet from up where unit = ${scope.unitId}`);
  return new Set(rowsOf<{ hamlet: string }>(res).map((r) => r.hamlet));
}

describe.each(drivers())("gap-analysis queries on %s", (driver) => {
  const o = setupSeeded(driver);

  it.each([
    ["d-101 pre2025", DBD, 198],
    ["commune Na Son pre2025", NA_SON, null],
    ["commune c25-03127 post2025", scopeOf("c25-03127", "post2025"), null],
  ] as const)("the ranking for %s contains exactly that scope's hamlets", async (_name, scope, expected) => {
    const [data, under, other] = await Promise.all([
      priorityHamlets({ db: o.db, scope, date: "2023-11-06" }),
      hamletsUnder(o.db, scope),
      hamletsUnder(o.db, scopeOf("d-103", "pre2025")),
    ]);
    const ranked = rankRows(gapRows(data.hamlets), PRIORITY_PRESETS.mobileTeams);
    const ids = ranked.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(under);
    if (expected !== null) expect(ids).toHaveLength(expected);
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.filter((id) => other.has(id))).toEqual([]);
    expect(data.hamletsWithoutData).toBe(0);
    // Scores are normalised within the scope: some hamlet has the scope's most people left (1).
    expect(ranked.some((r) => r.normalised.remaining === 1)).toBe(true);
    expect(ranked.map((r) => r.rank)).toEqual(ids.map((_, i) => i + 1));
  });

  it("brings everything the score needs: snapshot at the date, coverage from the join, seat, target", async () => {
    const data = await priorityHamlets({ db: o.db, scope: DBD, date: "2023-11-06" });
    const totals = await scopeTotals({ db: o.db, scope: DBD, date: "2023-11-06" });
    expect(data.hamlets.every((h) => h.asOf === "2023-11-06")).toBe(true);
    expect(data.hamlets.reduce((s, h) => s + h.eligible, 0)).toBe(totals.eligible);
    expect(data.hamlets.reduce((s, h) => s + h.reasons.away, 0)).toBe(totals.reasonAway);
    // The join at 2023-11-06 uses the 2023-07-01 coverage: 26 hamlets without grid, 40 without 3G/4G (DBD-10, DBD-11).
    expect(data.coverageAsOf).toBe("2023-07-01");
    expect(data.hamlets.filter((h) => !h.coverage.grid)).toHaveLength(26);
    const noBroadband = data.hamlets.filter((h) =>
      (["viettel", "vnpt", "mobifone"] as const).every((op) => h.coverage.signal[op]["3g"] === "none" && h.coverage.signal[op]["4g"] === "none"),
    );
    expect(noBroadband).toHaveLength(40);
    // Seats are the communes' label points; target: Điện Biên Đông's 43.250 over its eligible people.
    expect(data.hamlets.every((h) => h.seatLon !== null && h.seatLat !== null)).toBe(true);
    expect(new Set(data.hamlets.map((h) => h.targetUnitId))).toEqual(new Set(["d-101"]));
    expect(data.hamlets[0]!.targetRate).toBeCloseTo(43_250 / totals.eligible, 12);
    // Háng Pa (DBD-14, DBD-15): no grid, weak signal → an infrastructure bottleneck with a mobile team.
    const hangPa = gapRows(data.hamlets).find((r) => r.name === "Háng Pa" && r.communeName === "Chiềng Sơ")!;
    expect(hangPa.grid).toBe(false);
    expect(hangPa.signal).toBe("weak");
  });

  it("a date before a newer snapshot uses the latest snapshot on or before it", async () => {
    const data = await priorityHamlets({ db: o.db, scope: NA_SON, date: "2023-11-10" });
    expect(new Set(data.hamlets.map((h) => h.asOf))).toEqual(new Set(["2023-11-06"]));
    const dates = await snapshotDates({ db: o.db, scope: NA_SON });
    expect(dates[0]! > dates.at(-1)!).toBe(true);
    expect(dates).toContain("2023-11-06");
  });

  it("offers every province and the districts and communes of the scope's province", async () => {
    const choices = await scopeChoices({ db: o.db, scope: NA_SON });
    expect(
      choices
        .filter((c) => c.level === "province")
        .map((c) => c.id)
        .sort(),
    ).toEqual(expect.arrayContaining(["p-11"]));
    expect(choices.filter((c) => c.level === "district")).toHaveLength(10);
    expect(choices.filter((c) => c.level === "commune")).toHaveLength(129);
    expect(choices.find((c) => c.id === "c19-03205")!.parentName).toBe("Điện Biên Đông");
  });

  it("telecom: the province's hamlets without 2G and without 3G/4G at 2023-09-15 are the published 15 and 79, as db/metrics computes them", async () => {
    const t = await telecomGapHamlets({ db: o.db, scope: PROVINCE, date: "2023-09-15", view: "combined" });
    expect(t.hamletsTotal).toBe(1448);
    expect(t.counts.no2g).toBe(15);
    expect(t.counts.noBroadband).toBe(79);
    for (const [gap, metric] of [
      ["no2g", "hamlets_no_2g"],
      ["noBroadband", "hamlets_no_mobile_broadband"],
      ["noFiber", "hamlets_no_fiber"],
      ["noGrid", "hamlets_no_grid"],
    ] as const) {
      expect(t.counts[gap], gap).toBe(await computeMetric({ db: o.db, scope: PROVINCE, metric, date: "2023-09-15" }));
    }
    expect(t.hamlets.filter((h) => h.gaps.no2g)).toHaveLength(15);
  });

  it("telecom: per operator, a gap is never rarer than combined; the ranking holds only the scope's hamlets, most people first", async () => {
    const [combined, under] = await Promise.all([telecomGapHamlets({ db: o.db, scope: DBD, date: "2023-11-06", view: "combined" }), hamletsUnder(o.db, DBD)]);
    for (const view of TELECOM_VIEWS.filter((v) => v !== "combined")) {
      const t = await telecomGapHamlets({ db: o.db, scope: DBD, date: "2023-11-06", view });
      for (const g of ["no2g", "noBroadband", "noFiber", "noGrid"] as const) expect(t.counts[g], `${view} ${g}`).toBeGreaterThanOrEqual(combined.counts[g]);
      expect(t.counts.noGrid).toBe(combined.counts.noGrid);
    }
    expect(combined.hamlets.every((h) => under.has(h.id))).toBe(true);
    const residents = combined.hamlets.map((h) => h.residents ?? -1);
    expect(residents).toEqual([...residents].sort((a, b) => b - a));
    const byNotActivated = await telecomGapHamlets({ db: o.db, scope: DBD, date: "2023-11-06", view: "combined", rankBy: "notActivated" });
    const na = byNotActivated.hamlets.map((h) => h.notActivated ?? -1);
    expect(na).toEqual([...na].sort((a, b) => b - a));
    expect(combined.hamlets.some((h) => (h.simNeed ?? 0) > 0)).toBe(true);
  });

  it("coverage reviews append with their history; the latest is current; a hamlet outside the scope is refused", async () => {
    const run = async (db: Db) => {
      const hamlet = (await priorityHamlets({ db, scope: NA_SON, date: "2023-11-06" })).hamlets[0]!.id;
      const base = { hamletId: hamlet, operator: "viettel", kind: "4g", asOf: "2023-11-06" } as const;
      const first = await addCoverageReview({ db, actor: REVIEWER, scope: NA_SON, review: { ...base, status: "confirmed", comment: "" } });
      expect(first?.status).toBe("confirmed");
      await new Promise((r) => setTimeout(r, 5));
      await addCoverageReview({ db, actor: REVIEWER, scope: NA_SON, review: { ...base, status: "disputed", comment: "Sóng yếu ở cuối bản — =cmd" } });
      expect(
        await addCoverageReview({ db, actor: REVIEWER, scope: NA_SON, review: { ...base, hamletId: "h-03198-01", status: "disputed", comment: "" } }),
      ).toBeNull();
      const latest = (await latestCoverageReviews({ db, scope: DBD })).filter((r) => r.hamletId === hamlet);
      expect(latest.map((r) => [r.operator, r.kind, r.status, r.comment])).toEqual([["viettel", "4g", "disputed", "Sóng yếu ở cuối bản — =cmd"]]);
      const history = await coverageReviewHistory({ db, scope: NA_SON, hamletId: hamlet });
      expect(history.map((r) => r.status)).toEqual(["disputed", "confirmed"]);
      expect(await coverageReviewHistory({ db, scope: scopeOf("d-103", "pre2025"), hamletId: hamlet })).toEqual([]);
      const t = await telecomGapHamlets({ db, scope: NA_SON, date: "2023-11-06", view: "viettel" });
      const vnpt = await telecomGapHamlets({ db, scope: NA_SON, date: "2023-11-06", view: "vnpt" });
      expect(
        [...t.hamlets, ...vnpt.hamlets].filter((h) => h.id === hamlet && h.reviews.length > 0).every((h) => h.reviews.every((r) => r.operator === "viettel")),
      ).toBe(true);
    };
    if (driver === "pglite") await run(o.db);
    else {
      // The shared PostgreSQL test database is read by other files: write inside a transaction and roll back.
      await o.db
        .transaction(async (tx) => {
          await run(tx as unknown as Db);
          tx.rollback();
        })
        .catch((err: unknown) => {
          if (!/rollback/i.test(String((err as Error).message ?? err))) throw err;
        });
    }
  });
});

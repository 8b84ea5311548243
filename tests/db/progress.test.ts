// Chart data of the dashboard and the briefing (db/queries/progress.ts) against sums taken
// directly from hamlet_snapshots / targets with independent SQL, on both drivers.
import { describe, it, expect } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { computeMetric } from "@/app/_screens/figures";
import { scopeTotals, SUM_COLUMNS } from "../../db/queries/indicators";
import { childrenProgress, funnelAt, infrastructureSummary, monthlyProgress, reasonsAt, reportDates, targetsAt } from "../../db/queries/progress";
import { REASON_KEYS } from "../../geo/domain";
import { scopeOf, rowsOf, type Scope } from "../../db/queries/scope";
import { latestScenario } from "../../db/queries/briefing";
import { scenarios } from "../../db/schema";
import { drivers, setupSeeded } from "../support/seeded-db";

const PROVINCE: Scope = scopeOf("p-11", "pre2025");
const DBD: Scope = scopeOf("d-101", "pre2025");
const NA_SON: Scope = scopeOf("c19-03205", "pre2025");

const COLS = {
  eligible: "eligible",
  cccdIssued: "cccd_issued",
  received: "received",
  activated: "activated",
  level2: "level2",
  residents: "residents",
} as const;

/** Sums of the scope's hamlets' reports dated exactly `asOf` (every demo hamlet reports on its area's report day). */
async function rawSums(db: Db, scope: Scope, asOf: string, extra: string[] = []) {
  const cols = [...Object.entries(COLS), ...extra.map((c) => [c, c] as const)];
  const res = await db.execute(sql`
    select count(*)::int as n, ${sql.join(
      cols.map(([k, c]) => sql`sum(s.${sql.raw(c)})::int as ${sql.raw(`"${k}"`)}`),
      sql`, `,
    )}
    from hamlet_snapshots s
    where s.as_of = ${asOf} and s.hamlet_id in (
      select descendant_id from admin_closure where structure = ${scope.structure} and ancestor_id = ${scope.unitId})`);
  const row = rowsOf<Record<string, unknown>>(res)[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

describe.each(drivers())("progress chart data on %s", (driver) => {
  const o = setupSeeded(driver);

  it("report dates: one a month 2022-08 … 2025-12, the article's day where one reports", async () => {
    const dates = await reportDates({ db: o.db, scope: DBD });
    expect(dates).toHaveLength(41);
    expect(dates).toContain("2023-11-06");
    expect(dates).toContain("2023-10-31");
    expect(dates).toEqual([...dates].sort());
    expect(await reportDates({ db: o.db, scope: DBD, until: "2023-11-06" })).toEqual(dates.filter((d) => d <= "2023-11-06"));
  });

  it("funnel = the sums of hamlet reports (Điện Biên Đông, 06/11/2023: > 44,000 received)", async () => {
    const { steps, totals } = await funnelAt({ db: o.db, scope: DBD, date: "2023-11-06" });
    const raw = await rawSums(o.db, DBD, "2023-11-06");
    expect(raw.n).toBe(198);
    expect(steps.map((s) => s.step)).toEqual(["eligible", "cccdIssued", "received", "activated", "level2"]);
    for (const s of steps) expect(s.count, s.step).toBe(raw[s.step]);
    expect(totals.received).toBeGreaterThan(44_000);
  });

  it("monthly progress: each month equals the sum of that month's reports; the last equals the totals at the date", async () => {
    const months = await monthlyProgress({ db: o.db, scope: PROVINCE, date: "2023-09-15" });
    expect(months.map((m) => m.month)[0]).toBe("2022-08");
    expect(months.map((m) => m.month).at(-1)).toBe("2023-09");
    expect(months).toHaveLength(14);
    for (const m of months) {
      const raw = await rawSums(o.db, PROVINCE, m.asOf);
      expect(m.hamletsReporting, m.month).toBe(1448);
      expect(m.hamlets, m.month).toBe(1448);
      for (const k of ["eligible", "received", "activated", "level2"] as const) expect(m[k], `${m.month} ${k}`).toBe(raw[k]);
    }
    const last = months.at(-1)!;
    expect(last.asOf).toBe("2023-09-15");
    expect(last.received).toBe(374_051);
    expect(last.activated).toBe(312_190);
    const totals = await scopeTotals({ db: o.db, scope: PROVINCE, date: "2023-09-15" });
    expect([last.received, last.activated]).toEqual([totals.received, totals.activated]);
  });

  it("monthly progress carries a hamlet's last report forward over a month it did not report", async () => {
    const rollback = new Error("rollback");
    let seen: Awaited<ReturnType<typeof monthlyProgress>> = [];
    const res = await o.db.execute(sql`select received from hamlet_snapshots where hamlet_id = 'h-03211-01' and as_of = '2023-04-30'`);
    const aprilReceived = Number(rowsOf<{ received: number }>(res)[0]!.received);
    await o.db
      .transaction(async (tx) => {
        await tx.execute(sql`delete from hamlet_snapshots where hamlet_id = 'h-03211-01' and as_of = '2023-05-31'`);
        seen = await monthlyProgress({ db: tx as unknown as Db, scope: DBD, date: "2023-06-30" });
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    const may = seen.find((m) => m.month === "2023-05")!;
    expect(may.hamletsReporting).toBe(197);
    expect(may.hamlets).toBe(198);
    const others = await o.db.execute(sql`
      select sum(received)::int as r from hamlet_snapshots where as_of = '2023-05-31' and hamlet_id <> 'h-03211-01'
        and hamlet_id in (select descendant_id from admin_closure where structure = 'pre2025' and ancestor_id = 'd-101')`);
    expect(may.received).toBe(Number(rowsOf<{ r: number }>(others)[0]!.r) + aprilReceived);
  });

  it("targets at a date are the unit's targets whose period contains it", async () => {
    const t = await targetsAt({ db: o.db, scope: PROVINCE, date: "2023-09-15" });
    const raw = rowsOf<{ metric: string; value: number }>(
      await o.db.execute(sql`
      select metric, value from targets where unit_id = 'p-11' and period_start <= '2023-09-15' and period_end >= '2023-09-15' order by metric`),
    );
    expect(t.map((x) => [x.metric, x.value])).toEqual(raw.map((r) => [r.metric, Number(r.value)]));
    expect(t.find((x) => x.metric === "received")?.value).toBe(357_950);
    expect(await targetsAt({ db: o.db, scope: PROVINCE, date: "2025-09-15" })).toEqual([]);
  });

  it("children: the province's 10 districts, each its hamlets' sums, together the province's, with previous values", async () => {
    const kids = await childrenProgress({ db: o.db, scope: PROVINCE, date: "2023-09-15", since: "2023-08-31" });
    expect(kids).toHaveLength(10);
    expect(kids.every((k) => k.level === "district")).toBe(true);
    const now = await scopeTotals({ db: o.db, scope: PROVINCE, date: "2023-09-15" });
    const before = await scopeTotals({ db: o.db, scope: PROVINCE, date: "2023-08-31" });
    for (const k of ["eligible", "received", "activated"] as const) {
      expect(
        kids.reduce((s, c) => s + c[k], 0),
        k,
      ).toBe(now[k]);
      expect(
        kids.reduce((s, c) => s + c.previous![k], 0),
        `previous ${k}`,
      ).toBe(before[k]);
    }
    expect(kids.reduce((s, c) => s + c.hamlets, 0)).toBe(1448);
    const dbd = kids.find((c) => c.id === "d-101")!;
    const raw = await rawSums(o.db, DBD, "2023-09-15");
    expect([dbd.eligible, dbd.received, dbd.activated]).toEqual([raw.eligible, raw.received, raw.activated]);
    // Without `since`, no previous values.
    expect((await childrenProgress({ db: o.db, scope: PROVINCE, date: "2023-09-15" }))[0]!.previous).toBeNull();
  });

  it("children of a commune are its hamlets, one row each with its own report", async () => {
    const kids = await childrenProgress({ db: o.db, scope: NA_SON, date: "2023-11-06" });
    expect(kids.length).toBeGreaterThan(3);
    expect(kids.every((k) => k.level === "hamlet" && k.hamlets === 1)).toBe(true);
    const raw = rowsOf<{ id: string; activated: number }>(
      await o.db.execute(sql`
      select hamlet_id as id, activated from hamlet_snapshots where as_of = '2023-11-06'
        and hamlet_id in (select child_id from admin_parents where structure = 'pre2025' and parent_id = 'c19-03205') order by hamlet_id`),
    );
    expect(kids.map((k) => [k.id, k.activated]).sort()).toEqual(raw.map((r) => [r.id, Number(r.activated)]).sort());
  });

  it("reasons partition the people not yet activated and equal their column sums", async () => {
    const r = await reasonsAt({ db: o.db, scope: DBD, date: "2023-11-06" });
    const raw = await rawSums(
      o.db,
      DBD,
      "2023-11-06",
      REASON_KEYS.map((k) => SUM_COLUMNS[k]),
    );
    expect(r.notActivated).toBe(raw.eligible! - raw.activated!);
    expect(r.notReceived).toBe(raw.eligible! - raw.received!);
    expect(r.reasons.reduce((s, x) => s + x.people, 0)).toBe(r.notActivated);
    for (const x of r.reasons) expect(x.people, x.reason).toBe(raw[SUM_COLUMNS[x.reason]]);
    expect(r.reasons.map((x) => x.reason).sort()).toEqual([...REASON_KEYS].sort());
    expect(r.reasons.map((x) => x.people)).toEqual([...r.reasons.map((x) => x.people)].sort((a, b) => b - a));
  });

  it("infrastructure: the coverage join's hamlet counts (published 129 / 15 / 79 / 165) and their residents' sums", async () => {
    const s = await infrastructureSummary({ db: o.db, scope: PROVINCE, date: "2023-09-15" });
    expect(s.hamlets).toBe(1448);
    const by = Object.fromEntries(s.rows.map((r) => [r.gap, r]));
    expect([by.noGrid!.hamlets, by.no2g!.hamlets, by.noBroadband!.hamlets, by.noFiber!.hamlets]).toEqual([129, 15, 79, 165]);
    for (const [gap, metric] of [
      ["noGrid", "hamlets_no_grid"],
      ["no2g", "hamlets_no_2g"],
      ["noBroadband", "hamlets_no_mobile_broadband"],
      ["noFiber", "hamlets_no_fiber"],
    ] as const) {
      expect(by[gap]!.hamlets, gap).toBe(await computeMetric({ db: o.db, scope: PROVINCE, metric, date: "2023-09-15" }));
    }
    // Residents without grid = the sum over the hamlets without grid, taken from the table the demo's join reproduces.
    const raw = rowsOf<{ residents: number; notActivated: number }>(
      await o.db.execute(sql`
      select sum(s.residents)::int as residents, sum(s.eligible - s.activated)::int as "notActivated"
      from hamlet_snapshots s join hamlet_infrastructure i on i.hamlet_id = s.hamlet_id and i.as_of = '2023-07-01' and not i.grid
      where s.as_of = '2023-09-15' and s.hamlet_id in (select descendant_id from admin_closure where structure = 'pre2025' and ancestor_id = 'p-11')`),
    )[0]!;
    expect(by.noGrid!.residents).toBe(Number(raw.residents));
    expect(by.noGrid!.notActivated).toBe(Number(raw.notActivated));
    expect(by.noGrid!.residents).toBeGreaterThan(0);
  });

  it("latest saved scenario: the newest for exactly the unit and structure, or null", async () => {
    const rollback = new Error("rollback");
    const seen: unknown[] = [];
    await o.db
      .transaction(async (tx) => {
        const db = tx as unknown as Db;
        seen.push(await latestScenario({ db, scope: NA_SON }));
        await tx.insert(scenarios).values([
          { unitId: "c19-03205", structure: "pre2025", name: "cũ", createdAt: new Date("2025-01-01T00:00:00Z"), plan: { k: 1 } },
          { unitId: "c19-03205", structure: "pre2025", name: "mới", createdAt: new Date("2025-02-01T00:00:00Z"), plan: { k: 2 } },
          { unitId: "c19-03205", structure: "post2025", name: "khác cơ cấu", createdAt: new Date("2025-03-01T00:00:00Z"), plan: {} },
          { unitId: "d-101", structure: "pre2025", name: "huyện", createdAt: new Date("2025-04-01T00:00:00Z"), plan: {} },
        ]);
        seen.push(await latestScenario({ db, scope: NA_SON }));
        seen.push(await latestScenario({ db, scope: scopeOf("c19-03211", "pre2025") }));
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    expect(seen[0]).toBeNull();
    expect(seen[1]).toMatchObject({ name: "mới", createdAt: "2025-02-01T00:00:00.000Z", plan: { k: 2 } });
    expect(seen[2]).toBeNull();
  });
});

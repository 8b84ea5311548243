// Small counts by role: the dashboard's funnel, reasons and children for a viewer ("withheld") leave
// no withheld cell derivable by subtraction; for a planner ("exact") they equal the database's sums.
// The bottleneck export in withheld mode carries its complementary cells. On both drivers.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { loadProgress, progressParams, type ProgressView } from "@/app/_screens/dashboard";
import { bottleneckSummary, BOTTLENECKS } from "@/app/_screens/priorities";
import { bottleneckColumns, bottleneckLines } from "@/app/api/export/tables";
import { toCsv } from "@/app/api/_lib/export";
import { countsFor, countsForView } from "@/app/_auth/counts";
import { priorityHamlets } from "../../db/queries/priorities";
import { reportDates } from "../../db/queries/progress";
import { rowsOf, scopeOf } from "../../db/queries/scope";
import { REASON_KEYS } from "../../geo/domain";
import { GAP_CAUSES } from "../../geo/gap-causes";
import { drivers, setupSeeded } from "../support/seeded-db";

const T = 5;
type Cell = { shown: number | null; exact: number };
type Rel = { name: string; total: Cell; parts: Cell[] };

/**
 * Independent of geo/complementary-suppression.ts: in every relation total = Σ parts, a withheld
 * cell is derivable when it is the only one withheld, or when the shown cells pin the withheld
 * ones to the ends of their ranges (a small one 1…4, another ≥ 5, as a reader of "<5" knows).
 */
function derivableIn(r: Rel): boolean {
  const all = [r.total, ...r.parts];
  const hidden = all.filter((c) => c.shown === null);
  if (hidden.length === 0) return false;
  if (hidden.length === 1) return true;
  if (r.total.shown === null) return false;
  const rest = r.total.shown - r.parts.reduce((s, c) => s + (c.shown ?? 0), 0);
  const lo = r.parts.filter((c) => c.shown === null).reduce((s, c) => s + (c.exact < T ? 1 : T), 0);
  const hiSmall = r.parts.filter((c) => c.shown === null).every((c) => c.exact < T);
  const hi = r.parts.filter((c) => c.shown === null).reduce((s, c) => s + (c.exact < T ? T - 1 : 0), 0);
  return rest === lo || (hiSmall && rest === hi);
}

function relationsOf(w: ProgressView, x: ProgressView): Rel[] {
  const f = (v: ProgressView, step: string) => v.funnel.find((s) => s.step === step)!.count;
  const c = (shown: number | null, exact: number | null): Cell => ({ shown, exact: exact! });
  const step = (s: string) => c(f(w, s), f(x, s));
  const rs: Rel[] = [
    { name: "eligible = received + notReceived", total: step("eligible"), parts: [step("received"), c(w.reasons.notReceived, x.reasons.notReceived)] },
    { name: "eligible = activated + notActivated", total: step("eligible"), parts: [step("activated"), c(w.reasons.notActivated, x.reasons.notActivated)] },
    {
      name: "received = activated + receivedNotActivated",
      total: step("received"),
      parts: [step("activated"), c(w.reasons.receivedNotActivated, x.reasons.receivedNotActivated)],
    },
    {
      name: "notActivated = Σ reasons",
      total: c(w.reasons.notActivated, x.reasons.notActivated),
      parts: x.reasons.rows.map((r) => c(w.reasons.rows.find((q) => q.reason === r.reason)!.people, r.people)),
    },
  ];
  x.children.forEach((k, i) => {
    const kw = w.children[i]!;
    rs.push({
      name: `${k.id}: eligible = activated + remaining`,
      total: c(kw.eligible, k.eligible),
      parts: [c(kw.activated, k.activated), c(kw.remaining, k.remaining)],
    });
  });
  if (x.children.length) {
    rs.push({ name: "eligible = Σ children", total: step("eligible"), parts: x.children.map((k, i) => c(w.children[i]!.eligible, k.eligible)) });
    rs.push({ name: "activated = Σ children", total: step("activated"), parts: x.children.map((k, i) => c(w.children[i]!.activated, k.activated)) });
  }
  return rs;
}

describe.each(drivers())("counts by role on %s", (driver) => {
  const o = setupSeeded(driver);
  let scopes: { unit: string; date: string }[] = [];
  beforeAll(async () => {
    // A commune and its hamlets (small scopes: small counts), plus the district.
    const hamlets = rowsOf<{ id: string }>(
      await o.db.execute(sql`
      select descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
      where c.structure = 'pre2025' and c.ancestor_id = 'c19-03205' order by descendant_id limit 12`),
    );
    const date = (await reportDates({ db: o.db, scope: scopeOf("c19-03205", "pre2025") })).at(-1)!;
    scopes = [{ unit: "d-101", date }, { unit: "c19-03205", date }, ...hamlets.map((h) => ({ unit: h.id, date }))];
  });

  it("countsFor: exact for planners only", () => {
    expect(countsFor({ role: "planner" })).toBe("exact");
    for (const role of ["administrator", "chief", "telecom", "viewer"] as const) expect(countsFor({ role })).toBe("withheld");
    expect(countsFor(null)).toBe("withheld");
  });

  it("countsForView: a threshold chosen above 5 withholds for planners too; at 5 the viewer's own mode", () => {
    expect(countsForView({ role: "planner" }, 5)).toBe("exact");
    expect(countsForView({ role: "planner" }, 6)).toBe("withheld");
    expect(countsForView({ role: "planner" }, 50)).toBe("withheld");
    expect(countsForView({ role: "chief" }, 5)).toBe("withheld");
    expect(countsForView(null, 50)).toBe("withheld");
  });

  it("a viewer's dashboard: every 1–4 withheld, no withheld cell derivable; a planner's: the database's sums", async () => {
    let primary = 0;
    let complementary = 0;
    for (const s of scopes) {
      const params = progressParams.parse({ unit: s.unit, structure: "pre2025", date: s.date });
      const [w, x, dflt] = await Promise.all([loadProgress(o.db, params, "withheld"), loadProgress(o.db, params, "exact"), loadProgress(o.db, params)]);
      if (w.status !== "ok" || x.status !== "ok" || dflt.status !== "ok") throw new Error(`no view for ${s.unit}`);
      // The default is withheld.
      expect(dflt.view).toEqual(w.view);

      // Exact = sums of the hamlets' latest reports, computed here with independent SQL.
      const cols = ["eligible", "cccd_issued", "received", "activated", "level2"];
      const raw = rowsOf<Record<string, number>>(
        await o.db.execute(sql`
        select ${sql.join(
          cols.map((c) => sql`coalesce(sum(s.${sql.raw(c)}), 0)::int as ${sql.raw(c)}`),
          sql`, `,
        )},
               ${sql.join(
                 REASON_KEYS.map((k) => sql`coalesce(sum(s.${sql.raw(k.replace(/[A-Z0-9]/g, (m) => `_${m.toLowerCase()}`))}), 0)::int as ${sql.raw(`"${k}"`)}`),
                 sql`, `,
               )}
        from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
        left join lateral (select * from hamlet_snapshots s where s.hamlet_id = u.id and s.as_of <= ${s.date} order by s.as_of desc limit 1) s on true
        where c.structure = 'pre2025' and c.ancestor_id = ${s.unit}`),
      )[0]!;
      expect(x.view.funnel.map((f) => f.count)).toEqual(cols.map((c) => Number(raw[c])));
      for (const r of x.view.reasons.rows) expect(r.people, r.reason).toBe(Number(raw[r.reason]));
      expect(x.view.reasons.notActivated).toBe(Number(raw.eligible) - Number(raw.activated));

      // Withheld: shown cells are exact, 1–4 never shown, no relation gives a withheld cell away.
      const pairs: [number | null, number | null][] = [
        ...w.view.funnel.map((f, i) => [f.count, x.view.funnel[i]!.count] as [number | null, number | null]),
        ...w.view.reasons.rows.map((r, i) => [r.people, x.view.reasons.rows[i]!.people] as [number | null, number | null]),
        [w.view.reasons.notActivated, x.view.reasons.notActivated],
        ...w.view.children.flatMap(
          (k, i) =>
            [
              [k.eligible, x.view.children[i]!.eligible],
              [k.activated, x.view.children[i]!.activated],
              [k.remaining, x.view.children[i]!.remaining],
            ] as [number | null, number | null][],
        ),
      ];
      for (const [shown, exact] of pairs) {
        if (shown !== null) expect(shown).toBe(exact);
        if (exact !== null && exact > 0 && exact < T) {
          expect(shown).toBeNull();
          primary++;
        }
        if (shown === null && exact !== null && exact >= T) complementary++;
        if (exact === 0) expect(shown).toBe(0);
      }
      // The complementary cells are named (shown "ẩn / withheld", not "<5"); exact mode names none.
      expect(x.view.complementary).toEqual([]);
      w.view.funnel.forEach((f, i) => expect(w.view.complementary.includes(`f.${f.step}`), f.step).toBe(f.count === null && x.view.funnel[i]!.count! >= T));
      w.view.reasons.rows.forEach((r, i) =>
        expect(w.view.complementary.includes(r.reason), r.reason).toBe(r.people === null && x.view.reasons.rows[i]!.people! >= T),
      );
      for (const r of relationsOf(w.view, x.view)) expect(derivableIn(r), `${s.unit}: ${r.name}`).toBe(false);
    }
    // The scopes exercise both kinds of withholding.
    expect(primary).toBeGreaterThan(0);
    expect(complementary).toBeGreaterThan(0);
  });

  it("the bottleneck export: withheld mode has its complementary cells withheld, exact mode the sums", async () => {
    let complementary = 0;
    for (const s of scopes.slice(1)) {
      const data = await priorityHamlets({ db: o.db, scope: scopeOf(s.unit, "pre2025"), date: s.date });
      const summary = bottleneckSummary(data.hamlets);
      const csv = (await toCsv(bottleneckColumns("en"), bottleneckLines(summary, "withheld"), "comma", "withheld")).toString("utf8").replace(/^\uFEFF/, "");
      const exactCsv = (await toCsv(bottleneckColumns("en"), bottleneckLines(summary, "exact"), "comma", "exact")).toString("utf8").replace(/^\uFEFF/, "");
      // Column 5 (remaining): the lines are the bottlenecks, then the causes, then the total.
      const remaining = (text: string) =>
        text
          .trim()
          .split("\r\n")
          .slice(1)
          .map((l) => l.split(",").at(-2)!.replace(/"/g, ""));
      const shown = remaining(csv);
      const exact = remaining(exactCsv);
      const values = [...BOTTLENECKS.map((b) => summary.byBottleneck[b].remaining), ...GAP_CAUSES.map((c) => summary.byCause[c]), summary.remaining];
      expect(exact).toEqual(values.map(String));
      const cell = (i: number): Cell => ({ shown: /^\d+$/.test(shown[i]!) ? Number(shown[i]) : null, exact: values[i]! });
      values.forEach((v, i) => {
        if (v > 0 && v < T) expect(shown[i]).toBe("<5");
        if (shown[i] === "x") {
          expect(v).toBeGreaterThanOrEqual(T);
          complementary++;
        }
      });
      const nb = BOTTLENECKS.length;
      const total = cell(values.length - 1);
      expect(derivableIn({ name: "remaining = Σ bottlenecks", total, parts: BOTTLENECKS.map((_, i) => cell(i)) }), s.unit).toBe(false);
      expect(derivableIn({ name: "remaining = Σ causes", total, parts: GAP_CAUSES.map((_, i) => cell(nb + i)) }), s.unit).toBe(false);
    }
    expect(complementary).toBeGreaterThan(0);
  });
});

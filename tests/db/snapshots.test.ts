// Hamlet snapshots: the funnel order and the reasons partition hold on every row (and the database
// refuses rows that break them), cumulative totals never fall, and reports are monthly.
import { describe, it, expect, beforeAll } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { adminClosure, adminUnits, hamletSnapshots, type NewHamletSnapshot } from "../../db/schema";
import { REASON_KEYS as REASONS } from "../../geo/domain";
import { drivers, setupSeeded } from "../support/seeded-db";

const HAMLETS = 1448 + 128 + 122;
const MONTHS = 41; // 2022-08 … 2025-12

describe.each(drivers())("hamlet snapshots on %s", (driver) => {
  const o = setupSeeded(driver);

  it("on every row the funnel order holds and the reasons sum to eligible − activated", async () => {
    const rows = await o.db.select().from(hamletSnapshots);
    expect(rows).toHaveLength(HAMLETS * MONTHS);
    const bad: string[] = [];
    for (const r of rows) {
      const reasons = REASONS.map((k) => r[k]);
      const ok =
        r.eligible >= 0 &&
        r.cccdIssued <= r.eligible &&
        r.received <= r.eligible &&
        r.activated <= r.received &&
        r.level2 <= r.activated &&
        r.level2 >= 0 &&
        reasons.every((v) => v >= 0) &&
        reasons.reduce((s, v) => s + v, 0) === r.eligible - r.activated;
      if (!ok) bad.push(`${r.hamletId} ${r.asOf}: ${JSON.stringify(r)}`);
    }
    expect(bad.slice(0, 5), `${bad.length} bad rows`).toEqual([]);
    // The partition is not trivially zero: most rows have people not yet activated.
    expect(rows.filter((r) => r.eligible > r.activated).length).toBeGreaterThan(rows.length / 2);
  });

  describe("CHECK constraints reject rows that break the invariants", () => {
    let valid: NewHamletSnapshot;
    beforeAll(async () => {
      const [row] = await o.db
        .select()
        .from(hamletSnapshots)
        .where(and(eq(hamletSnapshots.hamletId, "h-03211-01"), eq(hamletSnapshots.asOf, "2023-09-15")));
      expect(row).toBeDefined();
      // A date no report has, so the primary key does not get in the way.
      valid = { ...row!, asOf: "2031-01-31", importId: null };
      // Each broken row below changes one thing and so breaks one constraint only; that needs these.
      expect(row!.activated).toBeGreaterThan(0);
      expect(row!.eligible).toBeGreaterThan(row!.activated);
    });

    /** Inserts one row in a transaction that is always rolled back; returns the error text, or null if the insert worked. */
    async function insertAndRollBack(row: NewHamletSnapshot): Promise<string | null> {
      const rollback = new Error("rollback");
      try {
        await o.db.transaction(async (tx) => {
          await tx.insert(hamletSnapshots).values(row);
          throw rollback;
        });
      } catch (err) {
        return err === rollback ? null : errorText(err);
      }
      throw new Error("the transaction was not rolled back");
    }

    it("a valid copy is accepted (and rolled back)", async () => {
      expect(await insertAndRollBack(valid)).toBeNull();
      const left = await o.db.select().from(hamletSnapshots).where(eq(hamletSnapshots.asOf, "2031-01-31"));
      expect(left).toEqual([]);
    });

    it.each([
      ["snap_funnel_order", "received below activated", (r: NewHamletSnapshot) => ({ ...r, received: r.activated - 1 })],
      ["snap_funnel_order", "level 2 above activated", (r: NewHamletSnapshot) => ({ ...r, level2: r.activated + 1 })],
      ["snap_reasons_partition", "reasons one short of eligible − activated", (r: NewHamletSnapshot) => ({ ...r, reasonOther: r.reasonOther! + 1 })],
      [
        "snap_reasons_nonneg",
        "a negative reason balanced by another",
        (r: NewHamletSnapshot) => ({ ...r, reasonAway: -1, reasonOther: r.reasonOther! + r.reasonAway! + 1 }),
      ],
      ["snap_population", "more eligible than residents", (r: NewHamletSnapshot) => ({ ...r, residents: r.eligible - 1 })],
    ] as const)("%s: %s", async (constraint, _what, breakRow) => {
      expect(await insertAndRollBack(breakRow(valid))).toMatch(new RegExp(`violates check constraint "${constraint}"`));
    });
  });

  it.each(["p-11", "d-396", "d-150"])("the totals of %s for received and activated never fall from one month to the next", async (unitId) => {
    const rows = await o.db
      .select({
        asOf: hamletSnapshots.asOf,
        received: sql<number>`sum(${hamletSnapshots.received})::int`,
        activated: sql<number>`sum(${hamletSnapshots.activated})::int`,
        n: sql<number>`count(*)::int`,
      })
      .from(hamletSnapshots)
      .innerJoin(
        adminClosure,
        and(eq(adminClosure.descendantId, hamletSnapshots.hamletId), eq(adminClosure.structure, "pre2025"), eq(adminClosure.ancestorId, unitId)),
      )
      .groupBy(hamletSnapshots.asOf)
      .orderBy(hamletSnapshots.asOf);
    expect(rows).toHaveLength(MONTHS);
    // Every hamlet reports every month, so each month's sum is the unit's total.
    expect(new Set(rows.map((r) => Number(r.n))).size).toBe(1);
    const falls = rows.slice(1).flatMap((r, i) => {
      const prev = rows[i]!;
      return (["received", "activated"] as const).filter((k) => Number(r[k]) < Number(prev[k])).map((k) => `${k} ${prev.asOf} ${prev[k]} → ${r.asOf} ${r[k]}`);
    });
    expect(falls).toEqual([]);
    expect(Number(rows.at(-1)!.received)).toBeGreaterThan(Number(rows[0]!.received));
  });

  it("every hamlet has 41 monthly reports, one in each month from 2022-08 to 2025-12", async () => {
    const rows = await o.db
      .select({ hamletId: hamletSnapshots.hamletId, dates: sql<string[]>`array_agg(${hamletSnapshots.asOf}::text order by ${hamletSnapshots.asOf})` })
      .from(hamletSnapshots)
      .innerJoin(adminUnits, eq(adminUnits.id, hamletSnapshots.hamletId))
      .where(eq(adminUnits.level, "hamlet"))
      .groupBy(hamletSnapshots.hamletId);
    expect(rows).toHaveLength(HAMLETS);
    const months = expectedMonths();
    expect(months).toHaveLength(MONTHS);
    const wrong = rows.filter((r) => JSON.stringify(toArray(r.dates).map((d) => d.slice(0, 7))) !== JSON.stringify(months));
    expect(wrong.slice(0, 3).map((r) => `${r.hamletId}: ${toArray(r.dates).join(", ")}`)).toEqual([]);
  });
});

/** "YYYY-MM" for each month from 2022-08 to 2025-12. */
function expectedMonths(): string[] {
  const out: string[] = [];
  for (let y = 2022, m = 8; y < 2025 || (y === 2025 && m <= 12); m === 12 ? ((m = 1), y++) : m++) out.push(`${y}-${String(m).padStart(2, "0")}`);
  return out;
}

/** postgres.js returns a text[] as an array, PGlite may return it as "{a,b}". */
function toArray(v: string[] | string): string[] {
  return Array.isArray(v) ? v : v.replace(/^\{|\}$/g, "").split(",");
}

/** The message of an error and of its causes (drizzle wraps the driver's error in `cause`). */
function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) parts.push(String(e.message ?? e));
  return parts.join(" | ");
}

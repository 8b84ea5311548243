// The admin tree in the seeded database: one parent per hamlet and structure, the published unit
// counts, a closure that agrees with the parent links, an exact crosswalk between the two
// structures (sums of children equal the parent), and scopes that do not leak.
import { describe, it, expect, beforeAll } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { adminUnits, adminParents, adminClosure, adminSuccessions, type Level, type Structure } from "../../db/schema";
import { ancestorsOf } from "../../db/queries/admin";
import { scopeTotals, hamletsWithFunnel } from "../../db/queries/indicators";
import type { Db } from "../../db/client";
import { drivers, setupSeeded } from "../support/seeded-db";
import { scopeOf } from "@/db/queries/scope";

const STRUCTURES: Structure[] = ["pre2025", "post2025"];
const CROSSWALK_DATES = ["2022-08-25", "2023-09-15", "2025-12-31"];
const SUMMED = ["eligible", "received", "activated"] as const;

/** Number of units of each level below `unitId` in a structure (through the closure). */
async function levelCounts(db: Db, structure: Structure, unitId: string): Promise<Partial<Record<Level, number>>> {
  const rows = await db
    .select({ level: adminUnits.level, n: sql<number>`count(*)::int` })
    .from(adminClosure)
    .innerJoin(adminUnits, eq(adminUnits.id, adminClosure.descendantId))
    .where(and(eq(adminClosure.structure, structure), eq(adminClosure.ancestorId, unitId), sql`${adminClosure.depth} > 0`))
    .groupBy(adminUnits.level);
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

/** Ids of the units of a level anywhere below `unitId` (through the closure). */
async function unitsBelow(db: Db, structure: Structure, unitId: string, level: Level): Promise<string[]> {
  const rows = await db
    .select({ id: adminUnits.id })
    .from(adminClosure)
    .innerJoin(adminUnits, eq(adminUnits.id, adminClosure.descendantId))
    .where(and(eq(adminClosure.structure, structure), eq(adminClosure.ancestorId, unitId), eq(adminUnits.level, level)))
    .orderBy(adminUnits.id);
  return rows.map((r) => r.id);
}

/** Ids of the units of a level directly below `parentId` (admin_parents, not the closure). */
async function childrenOf(db: Db, structure: Structure, parentId: string, level: Level): Promise<string[]> {
  const rows = await db
    .select({ id: adminUnits.id })
    .from(adminParents)
    .innerJoin(adminUnits, eq(adminUnits.id, adminParents.childId))
    .where(and(eq(adminParents.structure, structure), eq(adminParents.parentId, parentId), eq(adminUnits.level, level)))
    .orderBy(adminUnits.id);
  return rows.map((r) => r.id);
}

/** The chain of parents of a unit by following admin_parents one step at a time. */
async function parentChain(db: Db, structure: Structure, unitId: string): Promise<string[]> {
  const chain: string[] = [];
  for (let cur = unitId; ; ) {
    const [p] = await db
      .select({ parentId: adminParents.parentId })
      .from(adminParents)
      .where(and(eq(adminParents.structure, structure), eq(adminParents.childId, cur)));
    if (!p) return chain;
    if (chain.includes(p.parentId)) throw new Error(`cycle above ${unitId}: ${[...chain, p.parentId].join(" → ")}`);
    chain.push(p.parentId);
    cur = p.parentId;
  }
}

describe.each(drivers())("admin tree on %s", (driver) => {
  const o = setupSeeded(driver);

  it("every hamlet has exactly one parent, a commune, in each structure", async () => {
    const hamlets = await o.db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.level, "hamlet"));
    expect(hamlets.length).toBe(1448 + 128 + 122);
    const parent = alias(adminUnits, "parent");
    const links = await o.db
      .select({ structure: adminParents.structure, childId: adminParents.childId, parentLevel: parent.level })
      .from(adminParents)
      .innerJoin(adminUnits, eq(adminUnits.id, adminParents.childId))
      .innerJoin(parent, eq(parent.id, adminParents.parentId))
      .where(eq(adminUnits.level, "hamlet"));
    for (const structure of STRUCTURES) {
      const perHamlet = new Map<string, string[]>();
      for (const l of links.filter((x) => x.structure === structure)) perHamlet.set(l.childId, [...(perHamlet.get(l.childId) ?? []), l.parentLevel]);
      const wrong = hamlets.filter((h) => perHamlet.get(h.id)?.length !== 1 || perHamlet.get(h.id)![0] !== "commune");
      expect(
        wrong.map((h) => `${h.id}: ${JSON.stringify(perHamlet.get(h.id) ?? [])}`),
        structure,
      ).toEqual([]);
    }
  });

  it("Điện Biên (p-11): 1,448 hamlets in both structures; 10 districts and 129 communes before 2025, 45 communes after", async () => {
    expect(await levelCounts(o.db, "pre2025", "p-11")).toEqual({ district: 10, commune: 129, hamlet: 1448 });
    expect(await levelCounts(o.db, "post2025", "p-11")).toEqual({ commune: 45, hamlet: 1448 });
    // The same communes through admin_parents directly, not only through the closure.
    const districts = await childrenOf(o.db, "pre2025", "p-11", "district");
    expect(districts).toHaveLength(10);
    const communes19 = (await Promise.all(districts.map((d) => childrenOf(o.db, "pre2025", d, "commune")))).flat();
    expect(new Set(communes19).size).toBe(129);
    expect(await childrenOf(o.db, "post2025", "p-11", "commune")).toHaveLength(45);
  });

  it("Đà Bắc (d-150): 122 hamlets in 17 communes", async () => {
    expect(await levelCounts(o.db, "pre2025", "d-150")).toEqual({ commune: 17, hamlet: 122 });
  });

  it("the closure agrees with the parent links: commune → district → province before 2025, commune → province after", async () => {
    const all = await o.db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.level, "hamlet")).orderBy(adminUnits.id);
    // Every 37th hamlet covers all three areas (Điện Biên, Thường Xuân, Đà Bắc), plus a hamlet of each split commune.
    const sample = [...all.filter((_, i) => i % 37 === 0).map((h) => h.id), "h-15637-01", "h-04891-01"];
    expect(sample.length).toBeGreaterThan(40);
    for (const id of sample) {
      for (const [structure, levels] of [
        ["pre2025", ["commune", "district", "province"]],
        ["post2025", ["commune", "province"]],
      ] as const) {
        const anc = await ancestorsOf({ db: o.db, structure, unitId: id });
        expect(
          anc.map((a) => a.level),
          `${id} ${structure}`,
        ).toEqual(levels);
        expect(
          anc.map((a) => a.depth),
          `${id} ${structure}`,
        ).toEqual(levels.map((_, i) => i + 1));
        expect(
          anc.map((a) => a.id),
          `${id} ${structure}`,
        ).toEqual(await parentChain(o.db, structure, id));
      }
    }
  });

  describe.each(CROSSWALK_DATES)("crosswalk on %s: Điện Biên's totals equal the sums over its communes", (date) => {
    let province: Awaited<ReturnType<typeof scopeTotals>>;
    beforeAll(async () => {
      province = await scopeTotals({ db: o.db, scope: scopeOf("p-11", "pre2025"), date });
    });

    it("the province is the same in both structures and has data", async () => {
      const post = await scopeTotals({ db: o.db, scope: scopeOf("p-11", "post2025"), date });
      for (const k of SUMMED) expect(post[k], k).toBe(province[k]);
      expect(province.hamletsWithData).toBe(1448);
      expect(province.received).toBeGreaterThan(0);
    });

    it.each([
      ["pre2025", 129],
      ["post2025", 45],
    ] as const)("%s: the sum over its %i communes", async (structure, n) => {
      const communes = await unitsBelow(o.db, structure, "p-11", "commune");
      expect(communes).toHaveLength(n);
      const sums = { eligible: 0, received: 0, activated: 0, hamlets: 0 };
      for (const c of communes) {
        const t = await scopeTotals({ db: o.db, scope: scopeOf(c, structure), date });
        for (const k of [...SUMMED, "hamlets"] as const) sums[k] += t[k];
      }
      expect(sums).toEqual({ eligible: province.eligible, received: province.received, activated: province.activated, hamlets: 1448 });
    });
  });

  it.each([
    ["c19-15637", "Luận Khê"],
    ["c19-04891", "Vầy Nưa"],
  ])("split commune %s (%s): each hamlet goes to exactly one of its partial successors, and both get some", async (communeId, name) => {
    const [unit] = await o.db.select({ name: adminUnits.name }).from(adminUnits).where(eq(adminUnits.id, communeId));
    expect(unit?.name).toBe(name);
    const successions = await o.db.select().from(adminSuccessions).where(eq(adminSuccessions.predecessorId, communeId));
    expect(successions).toHaveLength(2);
    expect(successions.map((s) => s.kind)).toEqual(["partial", "partial"]);
    const successors = successions.map((s) => s.successorId).sort();
    const hamlets = await childrenOf(o.db, "pre2025", communeId, "hamlet");
    expect(hamlets.length).toBeGreaterThanOrEqual(2);
    const post = await o.db
      .select({ childId: adminParents.childId, parentId: adminParents.parentId })
      .from(adminParents)
      .where(and(eq(adminParents.structure, "post2025"), inArray(adminParents.childId, hamlets)));
    const parentsOf = new Map<string, string[]>();
    for (const p of post) parentsOf.set(p.childId, [...(parentsOf.get(p.childId) ?? []), p.parentId]);
    for (const h of hamlets) {
      expect(parentsOf.get(h), h).toHaveLength(1);
      expect(successors, h).toContain(parentsOf.get(h)![0]);
    }
    expect([...new Set(post.map((p) => p.parentId))].sort()).toEqual(successors);
  });

  it("scope isolation: Điện Biên Đông (d-101) has 198 hamlets, all below d-101, none of Nậm Pồ's (d-103)", async () => {
    const dbd = await hamletsWithFunnel({ db: o.db, scope: scopeOf("d-101", "pre2025") });
    expect(dbd).toHaveLength(198);
    expect(new Set(dbd.map((h) => h.id)).size).toBe(198);
    for (const h of dbd) {
      const anc = await ancestorsOf({ db: o.db, structure: "pre2025", unitId: h.id });
      expect(
        anc.map((a) => a.id),
        h.id,
      ).toContain("d-101");
    }
    const np = await hamletsWithFunnel({ db: o.db, scope: scopeOf("d-103", "pre2025") });
    expect(np).toHaveLength(121);
    const dbdIds = new Set(dbd.map((h) => h.id));
    expect(np.filter((h) => dbdIds.has(h.id)).map((h) => h.id)).toEqual([]);
  });
});

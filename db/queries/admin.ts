import "server-only";
import { and, eq, sql, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { adminUnits, adminClosure, adminParents } from "../schema";
import type { Level } from "../schema";
import { rowsOf, type Scope, type Structure } from "./scope";
import { inScope, inStructure } from "./sql/scope";

/**
 * Recomputes admin_closure from admin_parents (recursive CTE, the same on PGlite and PostgreSQL).
 * Call it inside the transaction that changed the tree.
 */
export async function rebuildClosure({ db }: { db: Db }): Promise<void> {
  await db.delete(adminClosure).where(sql`true`);
  await db.execute(sql`
    insert into admin_closure (structure, ancestor_id, descendant_id, depth)
    with recursive nodes(structure, id) as (
      select structure, child_id from admin_parents
      union select structure, parent_id from admin_parents
    ), c(structure, ancestor_id, descendant_id, depth) as (
      select structure, id, id, 0 from nodes
      union all
      select c.structure, p.parent_id, c.descendant_id, c.depth + 1
      from c join admin_parents p on p.structure = c.structure and p.child_id = c.ancestor_id
    )
    select structure, ancestor_id, descendant_id, depth from c`);
}

/**
 * Adds a new leaf under a parent in a structure: its admin_parents row and its closure rows (itself
 * at depth 0, then every ancestor of the parent one level deeper) — the incremental form of
 * rebuildClosure, in the caller's transaction.
 */
export async function addLeaf({ db, structure, unitId, parentId }: { db: Db; structure: Structure; unitId: string; parentId: string }): Promise<void> {
  await db.execute(sql`insert into admin_parents (structure, child_id, parent_id) values (${structure}, ${unitId}, ${parentId})`);
  await db.execute(sql`
    insert into admin_closure (structure, ancestor_id, descendant_id, depth)
    select ${structure}, ${unitId}, ${unitId}, 0
      where not exists (select 1 from admin_closure where structure = ${structure} and ancestor_id = ${unitId} and descendant_id = ${unitId})
    union all
    select c.structure, c.ancestor_id, ${unitId}, c.depth + 1 from admin_closure c where c.structure = ${structure} and c.descendant_id = ${parentId}`);
}

export type UnitSummary = Pick<
  typeof adminUnits.$inferSelect,
  | "id"
  | "code"
  | "level"
  | "type"
  | "name"
  | "fullName"
  | "validFrom"
  | "validTo"
  | "labelLon"
  | "labelLat"
  | "bboxWest"
  | "bboxSouth"
  | "bboxEast"
  | "bboxNorth"
>;
const summaryCols = {
  id: adminUnits.id,
  code: adminUnits.code,
  level: adminUnits.level,
  type: adminUnits.type,
  name: adminUnits.name,
  fullName: adminUnits.fullName,
  validFrom: adminUnits.validFrom,
  validTo: adminUnits.validTo,
  labelLon: adminUnits.labelLon,
  labelLat: adminUnits.labelLat,
  bboxWest: adminUnits.bboxWest,
  bboxSouth: adminUnits.bboxSouth,
  bboxEast: adminUnits.bboxEast,
  bboxNorth: adminUnits.bboxNorth,
};

/** The scope's own unit, if it exists in that structure. */
export async function getScopeUnit({ db, scope }: { db: Db; scope: Scope }): Promise<UnitSummary | null> {
  const rows = await db
    .select(summaryCols)
    .from(adminUnits)
    .where(and(eq(adminUnits.id, scope.unitId), inStructure(scope.structure, adminUnits.id)));
  return rows[0] ?? null;
}

/** Units of one level inside the scope (with geometry), optionally only those valid on a date. */
export async function unitsInScope({ db, scope, level, date }: { db: Db; scope: Scope; level: Level; date?: string }) {
  const valid = date ? sql`${adminUnits.validFrom} <= ${date} and (${adminUnits.validTo} is null or ${adminUnits.validTo} >= ${date})` : sql`true`;
  return db
    .select({ ...summaryCols, geometry: adminUnits.geometry })
    .from(adminUnits)
    .where(and(inScope(scope, adminUnits.id), eq(adminUnits.level, level), valid))
    .orderBy(adminUnits.code);
}

/** Number of units of a level in the scope valid on a date. */
export async function countUnits({ db, scope, level, date }: { db: Db; scope: Scope; level: Level; date: string }): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(adminUnits)
    .where(
      and(
        inScope(scope, adminUnits.id),
        eq(adminUnits.level, level),
        sql`${adminUnits.validFrom} <= ${date} and (${adminUnits.validTo} is null or ${adminUnits.validTo} >= ${date})`,
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Units of a level whose name matches, ignoring diacritics, case and type words (the caller folds
 * the name with geo/names.ts foldName) — inside the scope, or anywhere in the structure.
 */
export async function findUnitsByFoldedName({
  db,
  scope,
  structure,
  level,
  folded,
}: {
  db: Db;
  scope?: Scope;
  structure: Structure;
  level: Level;
  folded: string;
}): Promise<UnitSummary[]> {
  if (scope && scope.structure !== structure) throw new RangeError(`findUnitsByFoldedName: the scope is in ${scope.structure}, not ${structure}`);
  return db
    .select(summaryCols)
    .from(adminUnits)
    .where(and(scope ? inScope(scope, adminUnits.id) : inStructure(structure, adminUnits.id), eq(adminUnits.level, level), eq(adminUnits.nameFolded, folded)));
}

/** The ancestors of a unit in a structure, nearest first, with their levels. */
export async function ancestorsOf({ db, structure, unitId }: { db: Db; structure: Structure; unitId: string }) {
  // Not a scope filter: the ancestors of one unit (read from the closure like every tree lookup).
  return db
    .select({ ...summaryCols, depth: adminClosure.depth })
    .from(adminClosure)
    .innerJoin(adminUnits, eq(adminUnits.id, adminClosure.ancestorId))
    .where(and(eq(adminClosure.structure, structure), eq(adminClosure.descendantId, unitId), sql`${adminClosure.depth} > 0`))
    .orderBy(adminClosure.depth);
}

/** Parent of each of the given children in a structure. */
export async function parentsOf({ db, structure, childIds }: { db: Db; structure: Structure; childIds: string[] }) {
  if (childIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select()
    .from(adminParents)
    .where(and(eq(adminParents.structure, structure), inArray(adminParents.childId, childIds)));
  return new Map(rows.map((r) => [r.childId, r.parentId]));
}

export { rowsOf };

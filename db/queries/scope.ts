import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { scopeSchema, type Scope as ScopeFields } from "../../geo/scope";

export { scopeSchema, type ScopeFields };
export type Structure = ScopeFields["structure"];

/**
 * The viewer's scope — an admin-unit subtree in one structure — as every query function takes it.
 * Branded: route code cannot pass `{ unitId, structure }` built from loose strings; a Scope comes
 * only from {@link scopeOf} (what a request asks for) or {@link unitScope} (a unit db code found
 * itself). When authorization arrives, scopeOf's callers become "the request's unit intersected
 * with the session's", and no query needs to change. Data that merely describe a scope (an API
 * answer) use {@link ScopeFields}.
 */
export type Scope = Readonly<ScopeFields> & { readonly [SCOPE]: true };
declare const SCOPE: unique symbol;

/**
 * The scope a request asks for: `scopeOf("d-101", "pre2025")`. Throws a RangeError when the unit
 * id is not one (routes validate with scopeSchema before, so this is a programming error).
 */
export function scopeOf(unitId: string, structure: Structure): Scope {
  const parsed = scopeSchema.safeParse({ unitId, structure });
  if (!parsed.success) throw new RangeError(`scopeOf: ${JSON.stringify(unitId)} (${JSON.stringify(structure)}) is not a scope: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return Object.freeze({ unitId: parsed.data.unitId, structure: parsed.data.structure }) as Scope;
}

/**
 * A scope db code derives from the data rather than from a request: the province a coverage
 * layer was delivered for, the unit whose target applies to a hamlet. Never call it with ids from
 * a request (that is {@link scopeOf}'s job, and the one authorization will restrict).
 */
export function unitScope(unitId: string, structure: Structure): Scope {
  if (structure !== "pre2025" && structure !== "post2025") throw new RangeError(`unitScope: ${JSON.stringify(structure)} is not a structure`);
  return Object.freeze({ unitId, structure }) as Scope;
}

// ---------------------------------------------------------------------------------------------
// The scope filter: the only place that reads admin_closure for "what is inside the scope".

/**
 * FROM item: every unit of the scope's subtree (its own unit at depth 0), columns `id` and `depth`.
 * `from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'` lists the
 * scope's hamlets. The planner pulls the subquery up into the join (the same plan as a join on
 * admin_closure by its primary key).
 */
export function scopeUnits(scope: Scope): SQL {
  return sql`(select descendant_id as id, depth from admin_closure where structure = ${scope.structure} and ancestor_id = ${scope.unitId})`;
}

/** Predicate: `column` (a unit id) lies inside the scope (the scope's unit included). */
export function inScope(scope: Scope, column: SQL | AnyPgColumn): SQL {
  return sql`${column} in (select descendant_id from admin_closure where structure = ${scope.structure} and ancestor_id = ${scope.unitId})`;
}

/**
 * Subquery: the id of the province containing the scope (the unit itself when it is one), in the
 * scope's structure; no row when the unit is not in that structure. `l.province_id in ${scopeProvinceId(scope)}`.
 */
export function scopeProvinceId(scope: Scope): SQL {
  return sql`(select pc.ancestor_id from admin_closure pc join admin_units pu on pu.id = pc.ancestor_id and pu.level = 'province'
    where pc.structure = ${scope.structure} and pc.descendant_id = ${scope.unitId})`;
}

/**
 * Predicate: the scope and another one (given as SQL expressions, e.g. read from a row) share at
 * least one unit — in whichever structure each was chosen (a post-2025 commune shares hamlets with
 * the pre-2025 district they were in).
 */
export function sharesUnitsWith(scope: Scope, other: { unitId: SQL; structure: SQL }): SQL {
  return sql`exists (
    select 1 from admin_closure v join admin_closure o on o.descendant_id = v.descendant_id
    where v.structure = ${scope.structure} and v.ancestor_id = ${scope.unitId}
      and o.structure::text = ${other.structure} and o.ancestor_id = ${other.unitId})`;
}

// ---------------------------------------------------------------------------------------------
// Tree lookups that are not a scope filter (named so that a reader can tell them apart).

/** Predicate: the unit `column` belongs to the structure's tree (it has its own closure row). */
export function inStructure(structure: Structure | SQL, column: SQL | AnyPgColumn): SQL {
  return sql`exists (select 1 from admin_closure sx where sx.structure = ${structure} and sx.ancestor_id = ${column} and sx.descendant_id = ${column})`;
}

/**
 * FROM item (lateral): the ancestors of the unit `column` with their depth above it (0: itself),
 * columns `id`, `depth`, `structure` — in one structure, or in both when none is given.
 */
export function ancestorsOfUnit(column: SQL | AnyPgColumn, structure?: Structure | SQL): SQL {
  return sql`(select ancestor_id as id, depth, structure from admin_closure where descendant_id = ${column}${structure === undefined ? sql`` : sql` and structure = ${structure}`})`;
}

/** FROM item (lateral): the unit `column` and everything below it in a structure, columns `id`, `depth`. */
export function descendantsOfUnit(column: SQL | AnyPgColumn, structure: Structure | SQL): SQL {
  return sql`(select descendant_id as id, depth from admin_closure where ancestor_id = ${column} and structure = ${structure})`;
}

/** Result rows of db.execute(): PGlite returns { rows }, postgres.js an array (docs/DEVELOPING.md, "Two drivers, one schema"). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

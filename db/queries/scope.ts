/**
 * The viewer's scope as a value: the branded Scope every query takes, how one is made (scopeOf,
 * unitScope), and rowsOf. Pure (no runtime import of a driver), so that schemas and 'use client'
 * code may import it; the SQL that filters by a scope is in ./sql/scope.ts (server-only).
 */
import type { Db } from "../client";
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

/** The arguments of a query of the viewer's scope at a date (each hamlet at its latest report on or before it). */
export interface ScopeAtDate {
  db: Db;
  scope: Scope;
  date: string;
}

/**
 * The scope a request asks for: `scopeOf("d-101", "pre2025")`. Throws a RangeError when the unit
 * id is not one (routes validate with scopeSchema before, so this is a programming error).
 */
export function scopeOf(unitId: string, structure: Structure): Scope {
  const parsed = scopeSchema.safeParse({ unitId, structure });
  if (!parsed.success)
    throw new RangeError(
      `scopeOf: ${JSON.stringify(unitId)} (${JSON.stringify(structure)}) is not a scope: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
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

/** Result rows of db.execute(): PGlite returns { rows }, postgres.js an array (docs/DEVELOPING.md, "Two drivers, one schema"). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf, type Structure } from "./scope";

export interface UnitRef {
  unitId: string;
  structure: Structure;
}

export type Relation = "inside" | "contains" | "apart" | "missing";

/**
 * How a requested unit lies against a unit an account is bound to — the one admin-tree lookup
 * behind authorization (app/_auth/scope.ts). "inside": the requested unit is the bound unit or
 * below it; "contains": the bound unit lies inside the requested one; "apart": neither (disjoint
 * or overlapping); "missing": the requested unit does not exist in its structure.
 *
 * Across structures (a pre-2025 district against a post-2025 commune) "inside" means every hamlet
 * of the one is a hamlet of the other; in one structure it is the closure's ancestor relation.
 * A unit without hamlets is inside only by the closure.
 */
export async function relateUnits({ db, requested, bound }: { db: Db; requested: UnitRef; bound: UnitRef }): Promise<Relation> {
  const [row] = rowsOf<{ exists: boolean; inside: boolean; contains: boolean }>(
    await db.execute(sql`
    with r as (select c.descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
               where c.structure = ${requested.structure} and c.ancestor_id = ${requested.unitId}),
         b as (select c.descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
               where c.structure = ${bound.structure} and c.ancestor_id = ${bound.unitId})
    select
      exists (select 1 from admin_closure
              where structure = ${requested.structure} and ancestor_id = ${requested.unitId} and descendant_id = ${requested.unitId}) as "exists",
      (exists (select 1 from admin_closure where structure = ${requested.structure} and ancestor_id = ${bound.unitId} and descendant_id = ${requested.unitId})
        or (exists (select 1 from r) and not exists (select 1 from r where id not in (select id from b)))) as inside,
      (exists (select 1 from admin_closure where structure = ${bound.structure} and ancestor_id = ${requested.unitId} and descendant_id = ${bound.unitId})
        or (exists (select 1 from b) and not exists (select 1 from b where id not in (select id from r)))) as contains`),
  );
  if (!row?.exists) return "missing";
  if (row.inside) return "inside";
  if (row.contains) return "contains";
  return "apart";
}

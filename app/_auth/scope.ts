import "server-only";
import type { Db } from "@/db";
import { relateUnits, type UnitRef } from "@/db/queries/access";
import { provinceOfScope } from "@/db/queries/explorer";
import { scopeOf, type Scope, type Structure } from "@/db/queries/scope";
import type { ScopeRule } from "./policy";
import type { Viewer } from "./viewer";

/** The structure a telecom coordinator's provinces are read in when a request names none. */
export const DEFAULT_STRUCTURE: Structure = "post2025";

/** The units an account is bound to, for a scope rule: its unit ("unit"), its provinces ("provinces"), none otherwise. */
export function bindingsOf(viewer: Viewer, rule: ScopeRule, structure: Structure = DEFAULT_STRUCTURE): UnitRef[] {
  if (rule === "unit") return viewer.unitId && viewer.structure ? [{ unitId: viewer.unitId, structure: viewer.structure }] : [];
  if (rule === "provinces") return viewer.provinces.map((p) => ({ unitId: p, structure }));
  return [];
}

/** The unit a page opens on when its URL names none: the account's own unit (a coordinator's first province). */
export function defaultUnitOf(viewer: Viewer, rule: ScopeRule): UnitRef | null {
  return bindingsOf(viewer, rule)[0] ?? null;
}

/**
 * THE scope of a request: the requested unit intersected with what the viewer is bound to.
 * - requested unit inside a bound unit → the requested unit;
 * - a bound unit inside the requested unit → the bound unit (the answer covers only that);
 * - disjoint, overlapping, or not existing → null: answer 404 exactly as for a unit that does not
 *   exist ({@link unitNotFound}), so that a scope cannot be probed;
 * - no requested unit → the viewer's own unit (first province).
 * Rule "all" or null (administrator, or an action with no data) gives no data scope: null.
 */
export async function scopeFor(db: Db, viewer: Viewer, rule: ScopeRule, requested: UnitRef | null): Promise<Scope | null> {
  if (rule !== "unit" && rule !== "provinces") return null;
  const bound = bindingsOf(viewer, rule, requested?.structure ?? DEFAULT_STRUCTURE);
  if (!requested) return bound[0] ? scopeOf(bound[0].unitId, bound[0].structure) : null;
  let widerThanAsked: UnitRef | null = null;
  for (const b of bound) {
    const rel = await relateUnits({ db, requested, bound: b });
    if (rel === "missing") return null;
    if (rel === "inside") return scopeOf(requested.unitId, requested.structure);
    if (rel === "contains") widerThanAsked ??= b;
  }
  return widerThanAsked ? scopeOf(widerThanAsked.unitId, widerThanAsked.structure) : null;
}

/** The one 404 for a unit outside the scope and for a unit that does not exist (identical text). */
export function unitNotFoundMessage(unitId: string, structure: string): string {
  return `Không có đơn vị ${unitId} (${structure}). / Unit ${unitId} not found in the ${structure} structure.`;
}

/**
 * The widest unit the viewer may open around a scope: the province containing it when the viewer
 * may see all of it, else the viewer's own unit inside it. Pickers, unit trees and searches list
 * only what lies inside this root.
 */
export async function navigationRoot(db: Db, viewer: Viewer, rule: ScopeRule, scope: Scope): Promise<Scope> {
  const province = await provinceOfScope({ db, scope });
  return (province ? await scopeFor(db, viewer, rule, { unitId: province.id, structure: scope.structure }) : null) ?? scope;
}

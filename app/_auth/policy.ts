import type { Role } from "./viewer";

/**
 * Who may do what — the whole access policy on one screen, as data. Every route handler and page
 * names the one action it performs (app/api/<resource>/route.ts: `policy`; pages: requirePage),
 * and tests/auth/matrix.test.ts fails on a route or page that names none. Deny by default: a role
 * not listed for an action may not do it.
 *
 * Scope ("where"): `unit` — inside the unit the account is bound to (planner, chief, viewer; a
 * unit outside it answers exactly as a unit that does not exist: 404); `provinces` — inside one of
 * the telecom coordinator's provinces, and for writes only their own operator; `all` — everywhere
 * (the administrator, for accounts and the audit log only; administrators see no hamlet data).
 *
 * Counts ("how exact"): `exact` — counts of people as stored; `withheld` — counts from 1 to 4
 * withheld, and where a total is shown with its parts one more part withheld (complementary
 * suppression) so the first cannot be derived by subtraction.
 */
export const ACTIONS = {
  //                      administrator  planner   chief     telecom      viewer
  "map.read": [null, "unit", "unit", "provinces", "unit"],
  "dashboard.read": [null, "unit", "unit", null, "unit"],
  "priorities.read": [null, "unit", "unit", null, null],
  "telecom.read": [null, "unit", "unit", "provinces", null],
  "coverage.review": [null, "unit", null, "provinces", null],
  "plans.read": [null, "unit", "unit", null, null],
  "plans.run": [null, "unit", "unit", null, null],
  "scenario.save": [null, "unit", "unit", null, null],
  "scenario.delete": [null, "unit", null, null, null],
  "briefing.read": [null, "unit", "unit", null, null],
  "export.rows": [null, "unit", "unit", "provinces", null],
  "import.read": [null, "unit", null, "provinces", null],
  "import.write": [null, "unit", null, "provinces", null],
  "import.undo": [null, "unit", null, "provinces", null],
  "audit.read": ["all", "unit", null, null, null],
  "users.manage": ["all", null, null, null, null],
  "account.self": ["all", "all", "all", "all", "all"],
} as const satisfies Record<string, readonly [ScopeRule, ScopeRule, ScopeRule, ScopeRule, ScopeRule]>;

export type Action = keyof typeof ACTIONS;
export type ScopeRule = "unit" | "provinces" | "all" | null;

/** Column order of ACTIONS. */
export const ROLES = ["administrator", "planner", "chief", "telecom", "viewer"] as const satisfies readonly Role[];

/** Exact counts of people for planners inside their unit; withheld small counts for everyone else. */
export const EXACT_COUNTS: Readonly<Record<Role, boolean>> = { administrator: false, planner: true, chief: false, telecom: false, viewer: false };

/** Telecom coordinators may import only coverage layers (of their own operator). */
export const TELECOM_IMPORT_KINDS = ["coverage"] as const;

/** The scope rule of a role for an action; null = not allowed. */
export function ruleFor(role: Role, action: Action): ScopeRule {
  return ACTIONS[action][ROLES.indexOf(role)] ?? null;
}

export function allowed(role: Role, action: Action): boolean {
  return ruleFor(role, action) !== null;
}

import { ruleFor, type Action } from "./policy";
import type { Role } from "./viewer";

/**
 * Every page of the app and the action it performs (app/_auth/policy.ts), or "public". A page calls
 * `requirePage("<its path>", searchParams)` (app/_auth/page.ts), which reads its action here; the
 * NavBar shows only the pages the role may open; tests/auth/matrix.test.ts walks app/**\/page.tsx
 * and fails on a page missing here.
 */
export const PAGE_ACTIONS = {
  "/": "map.read",
  "/dashboard": "dashboard.read",
  "/priorities": "priorities.read",
  "/telecom": "telecom.read",
  "/plans": "plans.read",
  "/briefing": "briefing.read",
  "/import": "import.read",
  "/audit": "audit.read",
  "/admin/users": "users.manage",
  "/account": "account.self",
  "/login": "public",
} as const satisfies Record<string, Action | "public">;

export type PagePath = keyof typeof PAGE_ACTIONS;

/** Where a role lands when it opens the home page "/" without access to the map: the first of these it may open. */
const HOME_PAGES = ["/", "/dashboard", "/telecom", "/admin/users", "/account"] as const satisfies readonly PagePath[];

/**
 * The home page of a role: "/" (the map) when it may open it, otherwise the first of HOME_PAGES it
 * may (an administrator: /admin/users) — so that signing in never ends on a 404.
 */
export function homePageFor(role: Role): PagePath {
  return HOME_PAGES.find((p) => ruleFor(role, PAGE_ACTIONS[p]) !== null) ?? "/account";
}

import type { Action } from "./policy";

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

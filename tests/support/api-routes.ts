// The app's routes as its files declare them: app/api/**/route.ts and each exported method's handler,
// with the action route() gave it (and its zod schemas, `handler.input`). Shared by the
// authorization matrix (tests/auth/matrix.test.ts) and the fuzz test (tests/api/fuzz.test.ts).
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Action } from "../../app/_auth/policy";
import type { Handler } from "../../app/api/_lib/route";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every file named `file` under dirPath, recursively. */
export function walk(dirPath: string, file: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dirPath, { withFileTypes: true })) {
    const p = path.join(dirPath, e.name);
    if (e.isDirectory()) out.push(...walk(p, file));
    else if (e.name === file) out.push(p);
  }
  return out;
}

/** app/api/import/jobs/[id]/route.ts → /api/import/jobs/[id]; app/(x)/page.tsx → / (route groups dropped). */
export function urlPathOf(file: string, suffix: "route" | "page"): string {
  const rel = path
    .relative(path.join(REPO_ROOT, "app"), file)
    .split(path.sep)
    .slice(0, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${rel.join("/")}`.replace(/\/$/, "") || (suffix === "page" ? "/" : "");
}

export interface RouteEntry {
  /** The URL path, with its dynamic segments as in the file tree (`/api/import/jobs/[id]`). */
  path: string;
  method: (typeof METHODS)[number];
  action: Action | "public" | undefined;
  handler: Handler;
}

/**
 * Every exported method of every app/api/**\/route.ts, in file order. Importing a route module opens
 * nothing: the database is opened by the first request (set PGLITE_DIR before that).
 */
export async function routeEntries(): Promise<RouteEntry[]> {
  const out: RouteEntry[] = [];
  for (const f of walk(path.join(REPO_ROOT, "app", "api"), "route.ts").sort()) {
    const mod = (await import(/* @vite-ignore */ f)) as Record<string, unknown>;
    for (const m of METHODS) {
      const h = mod[m];
      if (typeof h === "function") out.push({ path: urlPathOf(f, "route"), method: m, action: (h as Handler).action, handler: h as Handler });
    }
  }
  return out;
}

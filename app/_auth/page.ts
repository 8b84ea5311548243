import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import { scopeSchema, type Scope } from "@/db/queries/scope";
import { homePageFor, PAGE_ACTIONS, type PagePath } from "./pages";
import { ruleFor, type ScopeRule } from "./policy";
import { DEFAULT_STRUCTURE, navigationRoot, scopeFor } from "./scope";
import { currentViewer, type Viewer } from "./viewer";

type Params = Record<string, string | string[] | undefined>;

export interface PageAccess {
  viewer: Viewer;
  rule: Exclude<ScopeRule, null>;
  /** The unit the page shows: the URL's unit ∩ the viewer's (the viewer's own unit when the URL names none); null for pages without data. */
  scope: Scope | null;
  /** The widest unit the viewer may open around the scope (app/_auth/scope.ts navigationRoot): what pickers may offer. */
  root: Scope | null;
  /** The URL's parameters with `unit` and `structure` replaced by the scope's: what the page parses. */
  params: Params;
}

/**
 * THE guard of a server-component page (its action: app/_auth/pages.ts). Without a session:
 * redirect to /login?next=<this page>. A role the policy does not list, or a unit outside the
 * viewer's scope (or one that does not exist): notFound() — the same answer, so nothing can be
 * probed — except the home page "/", which sends a role without the map to its home page
 * (app/_auth/pages.ts homePageFor). Otherwise the viewer, the scope and the parameters to render with.
 *
 * @example
 * const { params } = await requirePage("/dashboard", await searchParams);
 * const parsed = parseProgressParams(params);
 */
export async function requirePage(path: Exclude<PagePath, "/login">, searchParams: Params = {}): Promise<PageAccess> {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(path + queryOf(searchParams))}`);
  const rule = ruleFor(viewer.role, PAGE_ACTIONS[path]);
  if (rule === null) {
    // The home page (where sign-in lands) sends a role without the map to its own home page.
    if (path === "/" && homePageFor(viewer.role) !== "/") redirect(homePageFor(viewer.role));
    notFound();
  }
  if (rule !== "unit" && rule !== "provinces") return { viewer, rule, scope: null, root: null, params: searchParams };
  const unit = first(searchParams.unit);
  const structure = first(searchParams.structure) ?? (unit ? DEFAULT_STRUCTURE : undefined);
  const asked = unit ? scopeSchema.safeParse({ unitId: unit, structure }) : null;
  // A malformed unit or structure is left to the page's own parser (it explains what is wrong).
  if (asked && !asked.success) return { viewer, rule, scope: null, root: null, params: searchParams };
  const db = await getDb();
  const scope = await scopeFor(db, viewer, rule, asked ? { unitId: asked.data.unitId, structure: asked.data.structure } : null);
  if (!scope) notFound();
  const params = { ...searchParams, unit: scope.unitId, structure: scope.structure };
  return { viewer, rule, scope, root: await navigationRoot(db, viewer, rule, scope), params };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function queryOf(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, x);
  const s = q.toString();
  return s ? `?${s}` : "";
}

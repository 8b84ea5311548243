import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getAuth, isHttps } from "./auth";

export type Role = "administrator" | "planner" | "chief" | "telecom" | "viewer";
export type Operator = "viettel" | "vnpt" | "mobifone";

/** Who is asking: the signed-in user, their role and what they are bound to. */
export interface Viewer {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** planner, chief, viewer: their unit and its structure (administrator: null = no data scope). */
  unitId: string | null;
  structure: "pre2025" | "post2025" | null;
  /** telecom: their operator and provinces. */
  operator: Operator | null;
  provinces: string[];
  sessionId: string;
}

/**
 * The viewer of a route handler's request: its session cookie looked up in the database (sessions
 * row not expired, account not disabled), or null — answer 401 then. Every call reads the
 * database, so a revoked session or a disabled account stops working at the next request.
 *
 * @example
 * const viewer = await viewerFromRequest(request);
 * if (!viewer) return Response.json({ error: "Sign in first", issues: [] }, { status: 401 });
 */
export async function viewerFromRequest(request: Request): Promise<Viewer | null> {
  return viewerFromHeaders(request.headers, request.url);
}

/** The viewer of the page being rendered (server components; once per render, React cache). */
export const currentViewer: () => Promise<Viewer | null> = cache(async () => viewerFromHeaders(new Headers(await headers())));

/** The same lookup from bare headers (proxy.ts, scripts). */
export async function viewerFromHeaders(h: Headers, url?: string): Promise<Viewer | null> {
  if (!h.get("cookie")) return null;
  const auth = await getAuth(isHttps(h, url));
  // disableRefresh: a lookup never writes; the expiry is pushed forward by proxy.ts (refreshSession).
  const found = await auth.api.getSession({ headers: h, query: { disableRefresh: true } });
  if (!found || found.user.disabled) return null;
  const u = found.user;
  return {
    userId: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    unitId: u.unitId ?? null,
    structure: (u.structure ?? null) as Viewer["structure"],
    operator: (u.operator ?? null) as Operator | null,
    provinces: u.provinces ?? [],
    sessionId: found.session.id,
  };
}

/**
 * For proxy.ts: whether the request has a valid session, and the Set-Cookie headers better-auth
 * wants sent when it pushed the session's expiry forward (once per SESSION_POLICY.updateAge) or
 * cleared a stale cookie.
 */
export async function sessionForProxy(h: Headers, url: string): Promise<{ valid: boolean; setCookies: string[] }> {
  if (!h.get("cookie")) return { valid: false, setCookies: [] };
  const auth = await getAuth(isHttps(h, url));
  const { headers: out, response } = await auth.api.getSession({ headers: h, returnHeaders: true });
  return { valid: !!response && !response.user.disabled, setCookies: out?.getSetCookie() ?? [] };
}

import "server-only";
import type { Role, Viewer } from "./viewer";
import { viewerFromRequest } from "./viewer";
import { csrfRefusal } from "./csrf";

/**
 * For route handlers: the viewer, or the response to send — 401 without a valid session, 403 when
 * the role is not among `roles` (omit it for "any signed-in user").
 *
 * @example
 * const g = await requireViewer(request, ["administrator"]);
 * if (!g.ok) return g.response;
 */
export async function requireViewer(request: Request, roles?: readonly Role[]): Promise<{ ok: true; viewer: Viewer } | { ok: false; response: Response }> {
  const viewer = await viewerFromRequest(request);
  if (!viewer) return { ok: false, response: Response.json({ error: "Chưa đăng nhập. / Not signed in: sign in first (POST /api/auth/sign-in/email).", issues: [] }, { status: 401 }) };
  if (roles && !roles.includes(viewer.role)) {
    return { ok: false, response: Response.json({ error: `Không được phép. / Forbidden: this needs the role ${roles.join(" or ")} (you are ${viewer.role}).`, issues: [] }, { status: 403 }) };
  }
  return { ok: true, viewer };
}

/**
 * What proxy.ts does for every other /api route, for a route it does not see (excluded by proxy.ts's matcher:
 * the file upload, whose body must not be buffered): the CSRF origin check, then the session.
 */
export async function guardUnproxied(request: Request, roles?: readonly Role[]): Promise<{ ok: true; viewer: Viewer } | { ok: false; response: Response }> {
  const refusal = csrfRefusal({ method: request.method, headers: request.headers, url: request.url, trusted: (process.env.APP_ORIGINS ?? "").split(",").filter(Boolean) });
  if (refusal) return { ok: false, response: Response.json({ error: refusal, issues: [] }, { status: 403 }) };
  return requireViewer(request, roles);
}

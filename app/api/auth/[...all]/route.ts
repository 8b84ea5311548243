import { getAuth, isHttps } from "@/app/_auth/auth";
import { serverError } from "../../_lib/respond";
import { publicRoute } from "../../_lib/route";

export const dynamic = "force-dynamic";

/**
 * better-auth's endpoints that GapMap uses; every other one (sign-up, password-reset e-mails,
 * user updates, …) answers 404 — accounts are managed at /api/admin/users.
 * - POST /api/auth/sign-in/email {email, password} → the session cookie (scripts and tests use it too)
 * - POST /api/auth/sign-out
 * - GET  /api/auth/get-session
 * - POST /api/auth/change-password {currentPassword, newPassword, revokeOtherSessions?}
 */
const ALLOWED: Record<string, "GET" | "POST"> = {
  "/api/auth/sign-in/email": "POST",
  "/api/auth/sign-out": "POST",
  "/api/auth/get-session": "GET",
  "/api/auth/change-password": "POST",
};

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const method = ALLOWED[pathname];
  if (!method) return Response.json({ error: `${pathname} is not an endpoint of this app`, issues: [] }, { status: 404 });
  if (request.method !== method) return Response.json({ error: `${pathname} takes ${method}`, issues: [] }, { status: 405, headers: { allow: method } });
  try {
    const auth = await getAuth(isHttps(request.headers, request.url));
    return withErrorShape(await auth.handler(request));
  } catch (err) {
    return serverError(err);
  }
}

/** better-auth answers errors as {message, code}; the app's shape is {error, issues} (code and the rest kept). */
async function withErrorShape(res: Response): Promise<Response> {
  if (res.ok || !(res.headers.get("content-type") ?? "").includes("application/json")) return res;
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  const message = typeof body?.message === "string" ? body.message : res.statusText || "Request refused";
  return Response.json({ ...body, error: message, issues: Array.isArray(body?.issues) ? body.issues : [] }, { status: res.status, headers });
}

/** Public: these are how one gets a session (the matrix test knows them by the "public" mark). */
export const GET = publicRoute(handle);
export const POST = publicRoute(handle);

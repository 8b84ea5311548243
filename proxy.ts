import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, LOCALE_HEADER, parseLocale } from "./app/_i18n/config";
// ---- auth (accounts, roles and access): session, CSRF and security headers for every request ----
import { isHttps } from "./app/_auth/auth";
import { appOrigins, csrfRefusal } from "./app/_auth/csrf";
import { loginPathFor } from "./app/_auth/next-path";
import { API_CSP, applySecurityHeaders, newNonce, pageCsp } from "./app/_auth/security-headers";
import { sessionForProxy } from "./app/_auth/viewer";
// ---- operations: the request id and the log line of what the proxy answers itself ----
import { log } from "./server/log";
import { REQUEST_ID_HEADER, requestIdFrom } from "./server/request-id";

/** Pages anyone may open (the sign-in page itself). */
const PUBLIC_PAGES = new Set(["/login"]);
/**
 * API paths without a session — the routes that are `publicRoute` (app/api/_lib/route.ts): better-auth's
 * own (sign-in answers 401/429 itself), and the probes of the load balancer (liveness, readiness).
 */
const PUBLIC_API_PREFIX = "/api/auth/";
const PUBLIC_API_PATHS = new Set(["/api/health", "/api/ready"]);

/**
 * Runs before every page and API route (Next.js 16 proxy, on Node):
 * - a state-changing /api request from another origin → 403 (app/_auth/csrf.ts);
 * - /api/* (but /api/auth/*) without a valid session → 401 JSON {error, issues: []};
 * - a page without a valid session → /login?next=<the page>;
 * - every response: CSP (pages: a fresh nonce, passed to Next.js in the request's headers), nosniff,
 *   Referrer-Policy, frame-ancestors 'none' …;
 * - `?lang=vi|en` on a page: answer in that language now (header) and remember it (cookie);
 * - every request: its `x-request-id` (a sane one from the client or the reverse proxy, else a new
 *   UUID: server/request-id.ts), on the request the route sees and on the response; an API request
 *   the proxy answers itself (403, 401) gets its log line here, the others in route().
 * Route handlers still look the viewer up themselves (viewerFromRequest) for their policy checks.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = isHttps(request.headers, request.url);
  const requestId = requestIdFrom(request.headers);
  const t0 = performance.now();

  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const finish = (res: NextResponse) => {
      applySecurityHeaders(res.headers, { csp: API_CSP, https });
      res.headers.set(REQUEST_ID_HEADER, requestId);
      return res;
    };
    /** An answer of the proxy's own: logged here (route() never sees the request). */
    const answer = (res: NextResponse) => {
      log.info("request", { requestId, method: request.method, path: pathname, status: res.status, ms: Math.round(performance.now() - t0), by: "proxy" });
      return finish(res);
    };
    const refusal = csrfRefusal({ method: request.method, headers: request.headers, url: request.url, trusted: appOrigins() });
    if (refusal) return answer(NextResponse.json({ error: refusal, issues: [] }, { status: 403 }));
    if (pathname.startsWith(PUBLIC_API_PREFIX) || PUBLIC_API_PATHS.has(pathname)) return finish(nextWithRequestId(request, requestId));
    const session = await sessionForProxy(request.headers, request.url);
    if (!session.valid) {
      return answer(
        withCookies(
          NextResponse.json({ error: "Chưa đăng nhập. / Not signed in: sign in first (POST /api/auth/sign-in/email).", issues: [] }, { status: 401 }),
          session.setCookies,
        ),
      );
    }
    return finish(withCookies(nextWithRequestId(request, requestId), session.setCookies));
  }

  const nonce = newNonce();
  const csp = pageCsp({ nonce, dev: process.env.NODE_ENV === "development", https });
  const finish = (res: NextResponse) => {
    applySecurityHeaders(res.headers, { csp, https });
    res.headers.set(REQUEST_ID_HEADER, requestId);
    return res;
  };

  if (!PUBLIC_PAGES.has(pathname)) {
    const session = await sessionForProxy(request.headers, request.url);
    if (!session.valid) {
      const to = new URL(loginPathFor(pathname, search), request.url);
      const res = withCookies(NextResponse.redirect(to, 303), session.setCookies);
      rememberLang(request, res); // the login page then speaks the language asked for
      return finish(res);
    }
    return finish(withCookies(nextWithNonce(request, nonce, csp, requestId), session.setCookies));
  }
  return finish(nextWithNonce(request, nonce, csp, requestId));
}

/** NextResponse.next() with the request id in the request's headers (route() reads it from there). */
function nextWithRequestId(request: NextRequest, requestId: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  return NextResponse.next({ request: { headers } });
}

/** NextResponse.next() with the nonce, CSP and request id in the request's headers (Next.js reads them while rendering) and `?lang=`. */
function nextWithNonce(request: NextRequest, nonce: string, csp: string, requestId: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const lang = parseLocale(request.nextUrl.searchParams.get("lang"));
  if (lang) headers.set(LOCALE_HEADER, lang);
  const res = NextResponse.next({ request: { headers } });
  rememberLang(request, res);
  return res;
}

function rememberLang(request: NextRequest, res: NextResponse): void {
  const lang = parseLocale(request.nextUrl.searchParams.get("lang"));
  if (lang) res.cookies.set(LOCALE_COOKIE, lang, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
}

function withCookies(res: NextResponse, setCookies: string[]): NextResponse {
  for (const c of setCookies) res.headers.append("Set-Cookie", c);
  return res;
}

/**
 * Everything but Next.js's static files and the public assets (next.config.mjs gives them the common
 * headers) — and the file upload: Next.js buffers the body of every request the proxy sees (and cuts
 * it at 10 MB, proxyClientMaxBodySize), which would break 100 MB uploads and their refusal before
 * reading. /api/import/upload checks the session and the origin itself (route() with
 * `unproxied: true`, app/api/_lib/route.ts); keep the two lists in step. robots.txt must reach
 * crawlers without a session.
 */
export const config = { matcher: ["/((?!_next/static|_next/image|maplibre-gl-worker.mjs|favicon.ico|icon.svg|robots.txt|api/import/upload).*)"] };

import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, LOCALE_HEADER, parseLocale } from "./app/_i18n/config";
// ---- auth (accounts, roles and access): session, CSRF and security headers for every request ----
import { isHttps } from "./app/_auth/auth";
import { appOrigins, csrfRefusal } from "./app/_auth/csrf";
import { loginPathFor } from "./app/_auth/next-path";
import { API_CSP, applySecurityHeaders, newNonce, pageCsp } from "./app/_auth/security-headers";
import { sessionForProxy } from "./app/_auth/viewer";

/** Pages anyone may open (the sign-in page itself). */
const PUBLIC_PAGES = new Set(["/login"]);
/** API paths without a session: better-auth's own routes (sign-in answers 401/429 itself). */
const PUBLIC_API_PREFIX = "/api/auth/";

/**
 * Runs before every page and API route (Next.js 16 proxy, on Node):
 * - a state-changing /api request from another origin → 403 (app/_auth/csrf.ts);
 * - /api/* (but /api/auth/*) without a valid session → 401 JSON {error, issues: []};
 * - a page without a valid session → /login?next=<the page>;
 * - every response: CSP (pages: a fresh nonce, passed to Next.js in the request's headers), nosniff,
 *   Referrer-Policy, frame-ancestors 'none' …;
 * - `?lang=vi|en` on a page: answer in that language now (header) and remember it (cookie).
 * Route handlers still look the viewer up themselves (viewerFromRequest) for their policy checks.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = isHttps(request.headers, request.url);

  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const finish = (res: NextResponse) => {
      applySecurityHeaders(res.headers, { csp: API_CSP, https });
      return res;
    };
    const refusal = csrfRefusal({ method: request.method, headers: request.headers, url: request.url, trusted: appOrigins() });
    if (refusal) return finish(NextResponse.json({ error: refusal, issues: [] }, { status: 403 }));
    if (pathname.startsWith(PUBLIC_API_PREFIX)) return finish(NextResponse.next());
    const session = await sessionForProxy(request.headers, request.url);
    if (!session.valid) {
      return finish(
        withCookies(
          NextResponse.json({ error: "Chưa đăng nhập. / Not signed in: sign in first (POST /api/auth/sign-in/email).", issues: [] }, { status: 401 }),
          session.setCookies,
        ),
      );
    }
    return finish(withCookies(NextResponse.next(), session.setCookies));
  }

  const nonce = newNonce();
  const csp = pageCsp({ nonce, dev: process.env.NODE_ENV === "development", https });
  const finish = (res: NextResponse) => {
    applySecurityHeaders(res.headers, { csp, https });
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
    return finish(withCookies(nextWithNonce(request, nonce, csp), session.setCookies));
  }
  return finish(nextWithNonce(request, nonce, csp));
}

/** NextResponse.next() with the nonce and CSP in the request's headers (Next.js reads them while rendering) and `?lang=`. */
function nextWithNonce(request: NextRequest, nonce: string, csp: string): NextResponse {
  const headers = new Headers(request.headers);
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

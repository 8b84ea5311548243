import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, LOCALE_HEADER, parseLocale } from "./app/_i18n/config";

/** `?lang=vi|en` on any page: answer in that language now (header) and remember it (cookie). */
export function proxy(request: NextRequest) {
  const lang = parseLocale(request.nextUrl.searchParams.get("lang"));
  if (!lang) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(LOCALE_HEADER, lang);
  const res = NextResponse.next({ request: { headers } });
  res.cookies.set(LOCALE_COOKIE, lang, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
  return res;
}

export const config = { matcher: ["/((?!api|_next|maplibre-gl-worker.mjs|favicon.ico).*)"] };

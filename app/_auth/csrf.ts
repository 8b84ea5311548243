/**
 * Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) to /api must come
 * from a page of this app. Browsers send `Origin` on every such request (and `Sec-Fetch-Site`), so:
 * - `Sec-Fetch-Site: cross-site` or `same-site` → refused (a sibling subdomain is another app);
 * - an `Origin` (or, when absent, a `Referer`) naming another origin, or `Origin: null` → refused,
 *   whatever the content type (a foreign form's text/plain or urlencoded POST included);
 * - neither header → accepted: that is not a browser (curl, scripts and tests with a cookie), and a
 *   browser cannot be made to send a cross-site POST without them.
 * The app's own origin is the request's (scheme from X-Forwarded-Proto, host from Host /
 * X-Forwarded-Host), plus those listed in APP_ORIGINS (comma-separated) for a public name behind a proxy.
 */
export const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** APP_ORIGINS: further origins of this app (a public name behind a reverse proxy), comma-separated. */
export function appOrigins(): string[] {
  return (process.env.APP_ORIGINS ?? "").split(",").filter(Boolean);
}

export interface CsrfInput {
  method: string;
  headers: Headers;
  /** The URL the server sees (request.url / nextUrl). */
  url: string;
  /** Extra trusted origins (APP_ORIGINS). */
  trusted?: string[];
}

/** Why the request is refused (a message naming the header), or null when it may proceed. */
export function csrfRefusal({ method, headers, url, trusted = [] }: CsrfInput): string | null {
  if (!STATE_CHANGING.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return `Sec-Fetch-Site is ${site}: a state-changing request must come from this app's own pages`;
  const own = ownOrigins(headers, url, trusted);
  const origin = headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return "Origin is null: a state-changing request must come from this app's own pages";
    return own.has(origin.toLowerCase()) ? null : `Origin ${origin} is not this app (${[...own][0]}): cross-site request refused`;
  }
  const referer = headers.get("referer");
  if (referer !== null) {
    const from = originOf(referer);
    return from && own.has(from) ? null : `Referer ${from ?? "(unreadable)"} is not this app (${[...own][0]}): cross-site request refused`;
  }
  return null;
}

/** The app's own origins for a request: its scheme and host as the browser addressed it, plus `trusted` (APP_ORIGINS). */
export function ownOrigins(headers: Headers, url: string, trusted: string[] = []): Set<string> {
  const u = new URL(url);
  const proto = (headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || u.protocol.replace(":", "")).toLowerCase();
  const hosts = [headers.get("x-forwarded-host")?.split(",")[0]?.trim(), headers.get("host"), u.host].filter((h): h is string => !!h);
  const set = new Set(hosts.map((h) => `${proto}://${h}`.toLowerCase()));
  for (const t of trusted) {
    const o = originOf(t.trim());
    if (o) set.add(o);
  }
  return set;
}

function originOf(value: string): string | null {
  try {
    const o = new URL(value).origin;
    return o === "null" ? null : o.toLowerCase();
  } catch {
    return null;
  }
}

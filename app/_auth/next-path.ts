/**
 * The page to return to after signing in (`/login?next=…`): only a path of this app — it must start
 * with a single "/" (not "//" or "/\", which browsers read as another host), contain no control
 * characters or backslashes, and resolve to the same origin. Anything else, and the login page
 * itself, becomes "/". No open redirect.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a return path with a control character is refused
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return "/";
  const base = "http://gapmap.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /login?next=<this page> for a page request without a session. */
export function loginPathFor(pathname: string, search: string): string {
  const next = safeNextPath(`${pathname}${search}`);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}

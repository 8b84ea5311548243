/**
 * Security headers. Pages get a Content-Security-Policy with a fresh nonce per response (Next.js
 * reads it from the request's CSP header and puts it on its own <script> tags; 'strict-dynamic'
 * lets those load the rest), so no inline script runs without it. Styles may be inline (MapLibre and
 * charts set them; the issue forbids inline scripts only). MapLibre's worker is /maplibre-gl-worker.mjs
 * (worker-src 'self'; blob: kept for its fallback) and its canvas exports are data:/blob: images.
 */
export function pageCsp({ nonce, dev, https }: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only under `next dev` (React's dev build needs it); never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API answers are data, never documents: nothing may load from or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The headers every response carries (next.config.mjs sets the same on static files). */
export const COMMON_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Over HTTPS: browsers remember to use it (one year). */
export const HSTS = "max-age=31536000";

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function applySecurityHeaders(headers: Headers, { csp, https }: { csp: string; https: boolean }): void {
  for (const [k, v] of Object.entries(COMMON_SECURITY_HEADERS)) headers.set(k, v);
  headers.set("Content-Security-Policy", csp);
  if (https) headers.set("Strict-Transport-Security", HSTS);
  headers.delete("X-Powered-By");
}

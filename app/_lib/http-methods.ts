import http from "node:http";
import https from "node:https";

/**
 * HTTP methods the server answers. TRACE, TRACK and CONNECT never reach Next.js: the Fetch
 * standard forbids them, so undici's `new Request()` — which Next.js builds for the proxy and for
 * every route — throws "'TRACE' HTTP method is unsupported" and the client got a 500. They are
 * answered 405 with an Allow header before Next.js sees the request ({@link guardHttpMethods},
 * installed from instrumentation.ts). {@link methodNotAllowed} is the same answer for any other
 * method a proxy wants to refuse (PROPFIND …).
 */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOW = ALLOWED_METHODS.join(", ");
/** Methods a web Request cannot carry (Fetch standard: forbidden methods). */
const UNREPRESENTABLE = new Set(["TRACE", "TRACK", "CONNECT"]);

const body = (method: string) => JSON.stringify({ error: `Method ${method} not allowed`, issues: [{ path: "(method)", message: `must be one of ${ALLOW}` }] });

/**
 * The 405 answer for a method the server does not serve, or null when the method is allowed.
 * For the proxy: `const refused = methodNotAllowed(request); if (refused) return refused;`.
 */
export function methodNotAllowed(request: { method: string }): Response | null {
  if ((ALLOWED_METHODS as readonly string[]).includes(request.method.toUpperCase())) return null;
  return new Response(body(request.method), { status: 405, headers: { allow: ALLOW, "content-type": "application/json; charset=utf-8" } });
}

const GUARDED = Symbol.for("gapmap06.httpMethodGuard");

/**
 * Makes every Node HTTP(S) server of this process answer TRACE, TRACK and CONNECT with 405 and an
 * Allow header, before its own request handler runs. Idempotent.
 */
export function guardHttpMethods(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as (NodeJS.EventEmitter & { [GUARDED]?: true })[]) {
    if (proto[GUARDED]) continue;
    const emit = proto.emit;
    proto.emit = function (this: NodeJS.EventEmitter, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
        const method = (req.method ?? "").toUpperCase();
        if (UNREPRESENTABLE.has(method)) {
          req.resume();
          res.writeHead(405, { allow: ALLOW, "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
          res.end(body(method));
          return true;
        }
      }
      return emit.call(this, event, ...args);
    } as typeof proto.emit;
    proto[GUARDED] = true;
  }
}

import "server-only";
import { gzipSync } from "node:zlib";
import type { z } from "zod";

/** A request that did not parse: HTTP 400 with what was wrong and where. */
export function badRequest(error: z.ZodError, message = "Invalid query") {
  const issues = error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message }));
  return Response.json({ error: message, issues }, { status: 400 });
}

/** Parses the URL's query parameters with a zod schema; duplicate parameters keep the first value. */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) if (!(k in params)) params[k] = v;
  const parsed = schema.safeParse(params);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: badRequest(parsed.error) };
}

export function notFound(message: string) {
  return Response.json({ error: message, issues: [] }, { status: 404 });
}

/** Logs the full error on the server and answers with a generic message (no internals leak). */
export function serverError(err: unknown) {
  console.error("[api]", err);
  return Response.json({ error: "Internal error: the request could not be completed", issues: [] }, { status: 500 });
}

/**
 * A JSON response, gzip-compressed when the client accepts it: `next start` does not compress
 * route handler responses, and map payloads (GeoJSON, attribute tables) shrink 4–6×.
 */
export function json(request: Request, body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.append("vary", "accept-encoding");
  const accepts = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
  if (!accepts || text.length < 1024) return new Response(text, { ...init, headers });
  headers.set("content-encoding", "gzip");
  return new Response(gzipSync(text), { ...init, headers });
}

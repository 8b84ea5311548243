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

/** Parses a JSON request body with a zod schema; a body that is not JSON, or does not fit, is a 400 saying where. */
export async function parseBody<S extends z.ZodType>(schema: S, request: Request): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return {
      ok: false,
      response: Response.json({ error: "Invalid body: not JSON", issues: [{ path: "(body)", message: "must be a JSON object" }] }, { status: 400 }),
    };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: badRequest(parsed.error, "Invalid body") };
}

/** The media type of a gzip-compressed JSON body, for clients that ask for it (see {@link json}). */
export const GZIP_JSON = "application/gzip";

/**
 * A JSON response — gzip-compressed when the client lists `application/gzip` in Accept.
 * Why not Content-Encoding: `next start` neither compresses route handler responses nor lets one
 * set Content-Encoding (it drops the header: vercel/next.js#98007, #73693), and map payloads
 * (GeoJSON, attribute tables) shrink 4–6× with gzip. The map client decompresses with the
 * browser's DecompressionStream; any other client (curl, tests) gets plain JSON.
 */
export function json(request: Request, body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.append("vary", "accept");
  if (!(request.headers.get("accept") ?? "").includes(GZIP_JSON)) {
    headers.set("content-type", "application/json; charset=utf-8");
    return new Response(text, { ...init, headers });
  }
  headers.set("content-type", GZIP_JSON);
  return new Response(gzipSync(text), { ...init, headers });
}

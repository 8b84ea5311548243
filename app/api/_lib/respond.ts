import "server-only";
import { gzipSync } from "node:zlib";
import type { z } from "zod";
import { log } from "@/server/log";
import { chunksUpTo } from "./body-stream";

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

/** Logs the full error on the server (server/log.ts, with the request id) and answers with a generic message (no internals leak). */
export function serverError(err: unknown) {
  log.error("unhandled error in an API route", { err });
  return Response.json({ error: "Internal error: the request could not be completed", issues: [] }, { status: 500 });
}

/**
 * Limits of a JSON request body: its size (the largest valid one, a plan naming 5 000 hamlets, is a
 * few hundred KB; files go through the upload route) and how deep it nests (the deepest valid one
 * is 4 levels).
 */
export const JSON_BODY_LIMITS = { maxBytes: 2 * 1024 * 1024, maxDepth: 32 } as const;

/**
 * Parses a JSON request body with a zod schema; a body that is not JSON, or does not fit, is a 400
 * saying where. A body over {@link JSON_BODY_LIMITS}.maxBytes is a 413 (refused from its declared
 * length before it is read, else cut off as soon as it passes), one nested deeper than maxDepth a 400.
 */
export async function parseBody<S extends z.ZodType>(schema: S, request: Request): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  const text = await readText(request, JSON_BODY_LIMITS.maxBytes);
  if (text === null) {
    const mb = JSON_BODY_LIMITS.maxBytes / 1024 / 1024;
    const issues = [{ path: "(body)", message: `larger than ${mb} MB` }];
    return { ok: false, response: Response.json({ error: `Nội dung quá lớn: tối đa ${mb} MB. / Body too large: at most ${mb} MB`, issues }, { status: 413 }) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: Response.json({ error: "Invalid body: not JSON", issues: [{ path: "(body)", message: "must be a JSON object" }] }, { status: 400 }),
    };
  }
  if (depthOver(body, JSON_BODY_LIMITS.maxDepth)) {
    const issues = [{ path: "(body)", message: `nested deeper than ${JSON_BODY_LIMITS.maxDepth} levels` }];
    return { ok: false, response: Response.json({ error: "Invalid body", issues }, { status: 400 }) };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: badRequest(parsed.error, "Invalid body") };
}

/** The body as UTF-8 text (a BOM dropped, as request.json() does), or null past `max` bytes. */
async function readText(request: Request, max: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  const tooLarge = new Error("body too large");
  try {
    for await (const chunk of chunksUpTo(request.body, max, () => tooLarge)) chunks.push(chunk);
  } catch (err) {
    if (err === tooLarge) return null;
    throw err;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Whether a parsed JSON value nests deeper than `max` (walked without recursion: the value may be 100 000 deep). */
function depthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    if (depth >= max) return true;
    for (const x of Object.values(v)) if (x && typeof x === "object") stack.push([x, depth + 1]);
  }
  return false;
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

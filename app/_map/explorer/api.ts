import { z } from "zod";
import type { FeatureCollection, Geometry } from "geojson";

/**
 * The explorer's view of its JSON APIs, parsed on arrival so that a changed contract fails loudly
 * here. Attributes are loaded per date (/api/explorer/attributes) and joined by id on the client to
 * the geometry, which the maps load from the URLs of the source table (app/_map/sources.ts).
 */

const structure = z.enum(["pre2025", "post2025"]);
const level = z.enum(["province", "district", "commune", "hamlet"]);

export const unitSchema = z.object({
  id: z.string(),
  code: z.string(),
  level,
  type: z.string(),
  name: z.string(),
  fullName: z.string(),
  nameFolded: z.string(),
  aliases: z.array(z.string()),
  parentId: z.string().nullable(),
  labelLon: z.number().nullable(),
  labelLat: z.number().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type Unit = z.infer<typeof unitSchema>;

const unitsResponse = z.object({
  province: z.object({ id: z.string(), name: z.string(), fullName: z.string() }),
  structure,
  units: z.array(unitSchema),
});
export type UnitsResponse = z.infer<typeof unitsResponse>;

const column = z.array(z.number().nullable());
const table = z.object({
  ids: z.array(z.string()),
  columns: z.record(z.string(), column),
  withheld: z.record(z.string(), z.array(z.number().int())),
});

const attributesResponse = z.object({
  scope: z.object({ unitId: z.string(), structure }),
  date: z.string().nullable(),
  asOf: z.string().nullable(),
  dates: z.array(z.string()),
  coverageVersions: z.array(z.string()),
  coverageAsOf: z.string().nullable(),
  synthetic: z.boolean(),
  source: z.string(),
  hamlets: table.extend({ asOf: z.array(z.string().nullable()), infraAsOf: z.array(z.string().nullable()) }),
  units: table.extend({ targetPeriod: z.array(z.string().nullable()) }),
});
export type Attributes = z.infer<typeof attributesResponse>;
export type AttributeTable = z.infer<typeof table>;

const featureCollection = z.object({
  type: z.literal("FeatureCollection"),
  // Coordinates are not walked (too slow for thousands of rings): the geometry type is checked.
  features: z.array(
    z.object({ type: z.literal("Feature"), geometry: z.object({ type: z.string(), coordinates: z.unknown() }), properties: z.record(z.string(), z.unknown()) }),
  ),
});
export type Collection = FeatureCollection<Geometry, Record<string, unknown>>;

const historyResponse = z.object({
  unit: z.string(),
  points: z.array(
    z.object({
      date: z.string(),
      hamlets: z.number(),
      eligible: z.number().nullable(),
      received: z.number().nullable(),
      activated: z.number().nullable(),
      level2: z.number().nullable(),
      withheld: z.array(z.string()),
    }),
  ),
});
export type History = z.infer<typeof historyResponse>;

const apiError = z.object({ error: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).default([]) });

/** A failed API call, with the server's issues when it sent any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

type Structure = z.infer<typeof structure>;
const qs = (o: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)).toString();

export const api = {
  units: (unit: string, s: Structure, signal?: AbortSignal) => getJson(`/api/explorer/units?${qs({ unit, structure: s })}`, unitsResponse, signal),
  attributes: (unit: string, s: Structure, date: string | undefined, signal?: AbortSignal) =>
    getJson(`/api/explorer/attributes?${qs({ unit, structure: s, date })}`, attributesResponse, signal),
  /** GeoJSON of a map source, from the URL the source table gives it (app/_map/sources.ts). */
  collection: (url: string, signal?: AbortSignal) => getJson(url, featureCollection, signal) as Promise<Collection>,
  history: (unit: string, s: Structure, signal?: AbortSignal) => getJson(`/api/explorer/history?${qs({ unit, structure: s })}`, historyResponse, signal),
};

/**
 * Fetches JSON, asking for it gzip-compressed: the API then sends `application/gzip` (next start
 * does not compress route handlers; see app/api/_lib/respond.ts) and the browser inflates it.
 */
async function getJson<S extends z.ZodType>(url: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  const gzip = typeof DecompressionStream !== "undefined";
  const res = await fetch(url, { signal, headers: { accept: gzip ? "application/gzip, application/json;q=0.9" : "application/json" } });
  const compressed = gzip && res.body && (res.headers.get("content-type") ?? "").startsWith("application/gzip");
  const text = compressed ? await new Response(res.body!.pipeThrough(new DecompressionStream("gzip"))).text() : await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: handled below as an error
  }
  if (!res.ok) {
    const parsed = apiError.safeParse(body);
    throw parsed.success ? new ApiError(res.status, parsed.data.error, parsed.data.issues) : new ApiError(res.status, `${url}: HTTP ${res.status}`);
  }
  return schema.parse(body);
}

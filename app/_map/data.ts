import { z } from "zod";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";

/**
 * The map's view of the two JSON APIs (/api/hamlets, /api/boundaries), parsed on arrival so that a
 * changed contract fails loudly here instead of drawing a silently wrong map. Coordinates are not
 * walked (too slow for thousands of rings); only the geometry type is checked.
 */

const count = z.number().nonnegative().nullable();

const areaGeometry = z.object({
  type: z.enum(["Polygon", "MultiPolygon"]),
  coordinates: z.array(z.unknown()),
});

export const hamletProperties = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  communeName: z.string(),
  districtName: z.string().nullable(),
  labelLon: z.number(),
  labelLat: z.number(),
  asOf: z.string().nullable(),
  eligible: count,
  cccdIssued: count,
  received: count,
  activated: count,
  level2: count,
  activationRate: z.number().nullable(),
  /** Counts the server withheld because they are small (1–4). */
  suppressed: z.array(z.string()).default([]),
});
export type HamletProperties = z.infer<typeof hamletProperties>;

const hamletsResponse = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(z.object({ type: z.literal("Feature"), geometry: areaGeometry, properties: hamletProperties })),
  meta: z.object({
    unit: z.object({ id: z.string(), name: z.string(), bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]) }),
    asOf: z.string().nullable(),
    synthetic: z.boolean(),
    source: z.string(),
  }),
});
export type HamletsMeta = z.infer<typeof hamletsResponse>["meta"];
export type Hamlets = FeatureCollection<Polygon | MultiPolygon, HamletProperties>;

const boundariesResponse = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      geometry: areaGeometry,
      properties: z.object({ id: z.string(), code: z.string(), name: z.string(), level: z.string() }),
    }),
  ),
});
export type Boundaries = FeatureCollection<Polygon | MultiPolygon, { id: string; code: string; name: string; level: string }>;

const apiError = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
});

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

export interface MapData {
  hamlets: Hamlets;
  meta: HamletsMeta;
  province: Boundaries;
  communes: Boundaries;
}

/** Loads everything the map draws for one unit and structure, in parallel. */
export async function loadMapData(unit: string, structure: string, signal: AbortSignal): Promise<MapData> {
  const query = (extra: Record<string, string>) => new URLSearchParams({ unit, structure, ...extra }).toString();
  const [hamlets, province, communes] = await Promise.all([
    getJson(`/api/hamlets?${query({})}`, signal).then((j) => hamletsResponse.parse(j)),
    getJson(`/api/boundaries?${query({ level: "province" })}`, signal).then((j) => boundariesResponse.parse(j)),
    getJson(`/api/boundaries?${query({ level: "commune" })}`, signal).then((j) => boundariesResponse.parse(j)),
  ]);
  return {
    // The schemas checked the geometry type; the coordinates are trusted as GeoJSON.
    hamlets: hamlets as unknown as Hamlets,
    meta: hamlets.meta,
    province: province as unknown as Boundaries,
    communes: communes as unknown as Boundaries,
  };
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = apiError.safeParse(body);
    throw parsed.success
      ? new ApiError(res.status, parsed.data.error, parsed.data.issues)
      : new ApiError(res.status, `${url}: HTTP ${res.status}`);
  }
  return body;
}

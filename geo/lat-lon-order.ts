/** Defaults for {@link orderLatLon}. */
export const LAT_LON_ORDER_DEFAULTS = {
  /** Degrees added around the bounding box: a site just over the border (a bbox is tight) still counts. */
  margin: 0.05,
} as const;

/**
 * Which way round a coordinate pair is, judged against a bounding box: `[lat, lon]` (as most
 * Vietnamese lists write it, "21.43, 103.12"), `[lon, lat]`, or neither ("outside"). In Vietnam
 * latitudes (8–24°) and longitudes (102–110°) never overlap, so the answer is never ambiguous there;
 * where both orders fit, `[lat, lon]` wins. Returns a new object; the input is not changed.
 *
 * @example
 * orderLatLon([21.43, 103.12], [102.9, 20.9, 103.6, 22.4]); // { order: "latLon", lonLat: [103.12, 21.43] }
 * orderLatLon([103.12, 21.43], [102.9, 20.9, 103.6, 22.4]); // { order: "lonLat", lonLat: [103.12, 21.43] }
 * @throws TypeError for a pair or bbox with non-finite numbers, or a bbox whose west > east or south > north.
 */
export function orderLatLon(
  pair: readonly [number, number],
  bbox: readonly [number, number, number, number],
  options: { margin?: number } = {},
): { order: "latLon" | "lonLat" | "outside"; lonLat: [number, number] } {
  const margin = options.margin ?? LAT_LON_ORDER_DEFAULTS.margin;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isFinite))
    throw new TypeError(`orderLatLon: pair must be two finite numbers, got ${JSON.stringify(pair)}`);
  const [w, s, e, n] = bbox;
  if (![w, s, e, n].every(Number.isFinite) || w > e || s > n)
    throw new TypeError(`orderLatLon: bbox must be [west, south, east, north], got ${JSON.stringify(bbox)}`);
  if (!Number.isFinite(margin) || margin < 0) throw new TypeError(`orderLatLon: margin must be a finite number >= 0, got ${margin}`);
  const inside = (lon: number, lat: number) => lon >= w - margin && lon <= e + margin && lat >= s - margin && lat <= n + margin;
  const [a, b] = pair;
  if (inside(b, a)) return { order: "latLon", lonLat: [b, a] };
  if (inside(a, b)) return { order: "lonLat", lonLat: [a, b] };
  return { order: "outside", lonLat: [b, a] };
}

/** Mean Earth radius used by turf (`earthRadius` in @turf/helpers), km. */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in km between two points given as plain numbers (lon, lat in degrees).
 *
 * The same haversine formula and Earth radius as turf `distance`, written out on numbers because
 * the planners call it in hot loops (candidate → hamlet coverage, travel-time matrices: up to a
 * million calls) where turf's per-call point wrapping and unit conversion show up in the profile.
 * tests/geo/haversine.test.ts checks it against turf.
 *
 * @example
 * haversineKm(103.0, 21.0, 103.01, 21.0); // ≈ 1.038 (0.01° of longitude at 21° N)
 * @throws RangeError for a non-finite coordinate or a latitude outside [−90, 90].
 */
export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  if (!Number.isFinite(lon1) || !Number.isFinite(lat1) || !Number.isFinite(lon2) || !Number.isFinite(lat2)) {
    throw new RangeError(`haversineKm: coordinates must be finite, got [${lon1}, ${lat1}] → [${lon2}, ${lat2}]`);
  }
  if (Math.abs(lat1) > 90 || Math.abs(lat2) > 90) {
    throw new RangeError(`haversineKm: latitude must be within [-90, 90], got ${Math.abs(lat1) > 90 ? lat1 : lat2}`);
  }
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/** Degrees of latitude per km (for search boxes around a point). */
export const DEG_LAT_PER_KM = 1 / (EARTH_RADIUS_KM * RAD);

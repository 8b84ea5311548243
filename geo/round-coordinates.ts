import type { Geometry, Position } from "geojson";

/** Defaults for {@link roundCoordinates}. */
export const ROUND_COORDINATES_DEFAULTS = {
  /** Decimals kept: 5 ≈ 1 m, 4 ≈ 11 m at the equator — enough for service areas and cells on a province map. */
  decimals: 5,
} as const;

/**
 * A copy of a geometry with every coordinate rounded to `decimals` places, so that what is sent
 * to the map is no bigger than its accuracy warrants. The input is not changed. Rounding may
 * leave consecutive equal positions; renderers draw them fine.
 *
 * @example
 * roundCoordinates({ type: "Point", coordinates: [103.123456, 21.987654] }, 4);
 * // { type: "Point", coordinates: [103.1235, 21.9877] }
 * @throws RangeError for decimals that are not an integer from 0 to 15, or a non-finite coordinate.
 */
export function roundCoordinates<G extends Geometry>(geometry: G, decimals: number = ROUND_COORDINATES_DEFAULTS.decimals): G {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`roundCoordinates: decimals must be an integer from 0 to 15, got ${decimals}`);
  }
  const f = 10 ** decimals;
  const pos = (p: Position): Position =>
    p.map((v) => {
      if (!Number.isFinite(v)) throw new RangeError(`roundCoordinates: coordinate ${String(v)} is not a finite number`);
      return Math.round(v * f) / f;
    });
  return walk(geometry, pos) as G;
}

function walk(g: Geometry, pos: (p: Position) => Position): Geometry {
  switch (g.type) {
    case "Point":
      return { ...g, coordinates: pos(g.coordinates) };
    case "MultiPoint":
    case "LineString":
      return { ...g, coordinates: g.coordinates.map(pos) };
    case "MultiLineString":
    case "Polygon":
      return { ...g, coordinates: g.coordinates.map((r) => r.map(pos)) };
    case "MultiPolygon":
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.map(pos))) };
    case "GeometryCollection":
      return { ...g, geometries: g.geometries.map((x) => walk(x, pos)) };
    default:
      throw new RangeError(`roundCoordinates: unknown geometry type ${String((g as { type?: unknown }).type)}`);
  }
}

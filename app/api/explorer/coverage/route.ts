import { coverageAt } from "@/db/queries/coverage";
import { roundCoordinates } from "@/geo/round-coordinates";
import { json } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { coverageQuery } from "./schema";

export const dynamic = "force-dynamic";

/** Coordinate decimals sent to the map: 4 decimals ≈ 11 m, far below the service areas' accuracy. */
const DECIMALS = 4;

/**
 * The coverage polygons (grid, 2G/3G/4G per operator with their signal level, fiber) in effect at
 * the date for the province that contains the scope, as GeoJSON.
 */
export const GET = route({ action: "map.read", query: coverageQuery }, async ({ request, db, scope, query }) => {
  const rows = await coverageAt({ db, scope, date: query.date });
  return json(request, {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      id: r.id,
      geometry: roundCoordinates(r.geometry, DECIMALS),
      properties: { kind: r.kind, operator: r.operator, level: r.level, asOf: r.asOf },
    })),
  });
});

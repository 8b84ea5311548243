import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { coverageAt } from "@/db/queries/coverage";
import { roundCoordinates } from "@/geo/round-coordinates";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { coverageQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** Coordinate decimals sent to the map: 4 decimals ≈ 11 m, far below the service areas' accuracy. */
const DECIMALS = 4;

/**
 * The coverage polygons (grid, 2G/3G/4G per operator with their signal level, fiber) in effect at
 * the date for the province that contains the scope, as GeoJSON.
 */
export async function GET(request: Request) {
  const q = parseQuery(coverageQuery, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const scope = scopeOf(q.data.unit, q.data.structure);
    if (!(await getScopeUnit({ db, scope }))) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    const rows = await coverageAt({ db, scope, date: q.data.date });
    return json(request, {
      type: "FeatureCollection",
      features: rows.map((r) => ({
        type: "Feature", id: r.id,
        geometry: roundCoordinates(r.geometry, DECIMALS),
        properties: { kind: r.kind, operator: r.operator, level: r.level, asOf: r.asOf },
      })),
    });
  } catch (err) {
    return serverError(err);
  }
}

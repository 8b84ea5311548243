import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { sitesInScope } from "@/db/queries/explorer";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { sitesQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** Sites in the scope (schools, cultural houses, commune HQ, health stations, Wi-Fi points) with power and backhaul, as GeoJSON points. */
export async function GET(request: Request) {
  const q = parseQuery(sitesQuery, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const scope = scopeOf(q.data.unit, q.data.structure);
    if (!(await getScopeUnit({ db, scope }))) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    const rows = await sitesInScope({ db, scope });
    return json(request, {
      type: "FeatureCollection",
      features: rows.map(({ lon, lat, ...p }) => ({ type: "Feature", id: p.id, geometry: { type: "Point", coordinates: [lon, lat] }, properties: p })),
    });
  } catch (err) {
    return serverError(err);
  }
}

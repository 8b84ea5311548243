import { sitesInScope } from "@/db/queries/explorer";
import { json } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { sitesQuery } from "./schema";

export const dynamic = "force-dynamic";

/** Sites in the scope (schools, cultural houses, commune HQ, health stations, Wi-Fi points) with power and backhaul, as GeoJSON points. */
export const GET = route({ action: "map.read", query: sitesQuery }, async ({ request, db, scope }) => {
  const rows = await sitesInScope({ db, scope });
  return json(request, {
    type: "FeatureCollection",
    features: rows.map(({ lon, lat, ...p }) => ({ type: "Feature", id: p.id, geometry: { type: "Point", coordinates: [lon, lat] }, properties: p })),
  });
});

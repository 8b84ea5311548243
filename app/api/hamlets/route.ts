import { hamletMap } from "@/db/queries/map";
import { json, notFound } from "../_lib/respond";
import { route } from "../_lib/route";
import { unitNotFoundMessage } from "@/app/_auth/scope";
import { hamletsQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The scope's hamlets as GeoJSON, with their funnel at the latest snapshot on or before the date. */
export const GET = route({ action: "map.read", query: hamletsQuery }, async ({ request, db, scope, query }) => {
  const map = await hamletMap({ db, scope, date: query.date });
  return map ? json(request, map) : notFound(unitNotFoundMessage(scope.unitId, scope.structure));
});

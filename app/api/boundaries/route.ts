import { boundaryMap } from "@/db/queries/map";
import { json, notFound } from "../_lib/respond";
import { route } from "../_lib/route";
import { unitNotFoundMessage } from "@/app/_auth/scope";
import { boundariesQuery } from "./schema";

export const dynamic = "force-dynamic";

/** Boundaries of one level inside the scope (the scope's own outline when the level is its own). */
export const GET = route({ action: "map.read", query: boundariesQuery }, async ({ request, db, scope, query }) => {
  const map = await boundaryMap({ db, scope, level: query.level, date: query.date });
  return map ? json(request, map) : notFound(unitNotFoundMessage(scope.unitId, scope.structure));
});

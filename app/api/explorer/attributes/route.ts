import { explorerAttributes } from "@/app/_screens/explorer";
import { countsFor } from "@/app/_auth/counts";
import { json } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { attributesQuery } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Per-hamlet and per-unit attributes of the scope at a date, as column tables keyed by id (no
 * geometry): what changes with the date. Small counts are withheld.
 */
export const GET = route({ action: "map.read", query: attributesQuery }, async ({ request, db, viewer, scope, query }) =>
  json(request, await explorerAttributes({ db, scope, date: query.date, counts: countsFor(viewer) })),
);

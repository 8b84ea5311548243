import { getDb } from "@/db";
import { hamletMap } from "@/db/queries/map";
import { json, parseQuery, notFound, serverError } from "../_lib/respond";
import { hamletsQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** The scope's hamlets as GeoJSON, with their funnel at the latest snapshot on or before the date. */
export async function GET(request: Request) {
  const q = parseQuery(hamletsQuery, request);
  if (!q.ok) return q.response;
  try {
    const map = await hamletMap({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure), date: q.data.date });
    return map ? json(request, map) : notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
  } catch (err) {
    return serverError(err);
  }
}

import { getDb } from "@/db";
import { explorerAttributes } from "@/app/_screens/explorer";
import { getScopeUnit } from "@/db/queries/admin";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { attributesQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/**
 * Per-hamlet and per-unit attributes of the scope at a date, as column tables keyed by id (no
 * geometry): what changes with the date. Small counts are withheld.
 */
export async function GET(request: Request) {
  const q = parseQuery(attributesQuery, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const scope = scopeOf(q.data.unit, q.data.structure);
    if (!(await getScopeUnit({ db, scope }))) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    return json(request, await explorerAttributes({ db, scope, date: q.data.date }));
  } catch (err) {
    return serverError(err);
  }
}

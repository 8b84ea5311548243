import { getDb } from "@/db";
import { boundaryMap } from "@/db/queries/map";
import { json, parseQuery, notFound, serverError } from "../_lib/respond";
import { boundariesQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** Boundaries of one level inside the scope (the scope's own outline when the level is its own). */
export async function GET(request: Request) {
  const q = parseQuery(boundariesQuery, request);
  if (!q.ok) return q.response;
  try {
    const map = await boundaryMap({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure), level: q.data.level, date: q.data.date });
    return map ? json(request, map) : notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
  } catch (err) {
    return serverError(err);
  }
}

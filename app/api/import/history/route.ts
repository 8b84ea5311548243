import { getDb } from "@/db";
import { listImports } from "@/db/queries/imports";
import { parseQuery, serverError } from "../../_lib/respond";
import { historyQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** The imports, newest first. */
export async function GET(request: Request) {
  const q = parseQuery(historyQuery, request);
  if (!q.ok) return q.response;
  try {
    return Response.json({ imports: await listImports({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure) }) });
  } catch (err) {
    return serverError(err);
  }
}

import { getDb } from "@/db";
import { undoImport } from "@/db/queries/imports";
import { parseBody, serverError } from "../../_lib/respond";
import { undoBody } from "./schema";
import { scopeOf } from "@/db/queries/scope";
import { actorFrom } from "../../_lib/actor";

export const dynamic = "force-dynamic";

/** Undoes an import exactly (one transaction); 404 unknown, 409 when a later import changed the same rows. */
export async function POST(request: Request) {
  const b = await parseBody(undoBody, request);
  if (!b.ok) return b.response;
  try {
    const out = await undoImport({ db: await getDb(), scope: scopeOf(b.data.unit, b.data.structure), importId: b.data.importId, actor: actorFrom(request) });
    const status = out.status === "undone" ? 200 : out.status === "notFound" ? 404 : 409;
    return Response.json(out, { status });
  } catch (err) {
    return serverError(err);
  }
}

import { undoImport } from "@/db/queries/imports";
import { TELECOM_IMPORT_KINDS } from "@/app/_auth/policy";
import { route } from "../../_lib/route";
import { undoBody } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Undoes an import exactly (one transaction); 404 for an import unknown or outside the scope (for
 * a telecom coordinator also one that is not a coverage layer of their operator), 409 when a later
 * import changed the same rows.
 */
export const POST = route({ action: "import.undo", body: undoBody }, async ({ db, viewer, scope, body, actor }) => {
  const only = viewer.role === "telecom" ? { kinds: TELECOM_IMPORT_KINDS, operator: viewer.operator ?? "" } : undefined;
  const out = await undoImport({ db, scope, importId: body.importId, actor, only });
  const status = out.status === "undone" ? 200 : out.status === "notFound" ? 404 : 409;
  return Response.json(out, { status });
});

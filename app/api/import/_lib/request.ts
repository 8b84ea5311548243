import "server-only";
import type { ImportRequest } from "@/db/ingest/types";
import type { JobKind } from "@/db/queries/jobs";
import type { Scope } from "@/db/queries/scope";
import { TELECOM_IMPORT_KINDS } from "@/app/_auth/policy";
import { notFound } from "../../_lib/respond";
import { forbidden, type Handler, route } from "../../_lib/route";
import { importBody, type ImportBody } from "../schema";
import { enqueueJob } from "./jobs";
import { getUpload, type Upload } from "./uploads";

/** Today in Vietnam (YYYY-MM-DD), for "date in the future". */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The import request for the ingest code; `scope` is the authorized one (app/_auth/scope.ts), not the body's. */
export function toImportRequest(body: ImportBody, upload: Upload, scope: Scope): ImportRequest {
  return {
    kind: body.kind,
    filePath: upload.path,
    fileName: upload.fileName,
    sha256: upload.sha256,
    scope,
    today: todayInVietnam(),
    mapping: body.mapping,
    asOf: body.asOf,
    communeId: body.communeId,
    resolutions: body.resolutions,
    decisions: body.decisions,
    skipInvalid: body.skipInvalid,
    acceptFlags: body.acceptFlags,
    coverage: body.coverage,
  };
}

/**
 * The dry run's and the commit's shared route (action import.write): validates the body, finds the
 * viewer's own upload, and queues the job (./jobs.ts: any server process may run it); answers 202 with the job to poll
 * (GET /api/import/jobs/<id>). A telecom coordinator may import only coverage layers
 * (TELECOM_IMPORT_KINDS) of their own operator: anything else is 403.
 */
export function importJobRoute(kind: JobKind): Handler {
  return route({ action: "import.write", body: importBody }, async ({ db, viewer, scope, body, actor }) => {
    if (viewer.role === "telecom") {
      if (!(TELECOM_IMPORT_KINDS as readonly string[]).includes(body.kind)) {
        return forbidden(
          `Điều phối viên nhà mạng chỉ được nhập lớp vùng phủ. / Forbidden: a telecom coordinator may import only coverage layers (${TELECOM_IMPORT_KINDS.join(", ")}), not ${body.kind}.`,
        );
      }
      if (!body.coverage || body.coverage.operator !== viewer.operator) {
        return forbidden(
          `Chỉ được nhập vùng phủ của nhà mạng mình (${viewer.operator}). / Forbidden: you may import only ${viewer.operator}'s coverage (coverage.operator).`,
        );
      }
    }
    const upload = await getUpload(db, body.uploadId, viewer.userId);
    if (!upload) return notFound(`Upload ${body.uploadId} not found (uploads are kept for a day)`);
    const req = toImportRequest(body, upload, scope);
    // Who: built now, from the session (the job outlives the request); the dry run does not write and ignores it.
    const jobId = await enqueueJob({ db, owner: viewer.userId, kind, uploadId: upload.id, req, actor });
    return Response.json({ jobId }, { status: 202 });
  });
}

import "server-only";
import type { Db } from "@/db";
import type { ImportRequest, Progress } from "@/db/ingest/types";
import type { Scope } from "@/db/queries/scope";
import type { Actor } from "@/db/queries/audit";
import { TELECOM_IMPORT_KINDS } from "@/app/_auth/policy";
import { notFound } from "../../_lib/respond";
import { forbidden, type Handler, route } from "../../_lib/route";
import { importBody, type ImportBody } from "../schema";
import { startJob } from "./jobs";
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
 * viewer's own upload, and starts `work` as a job; answers 202 with the job to poll
 * (GET /api/import/jobs/<id>). A telecom coordinator may import only coverage layers
 * (TELECOM_IMPORT_KINDS) of their own operator: anything else is 403.
 */
export function importJobRoute(work: (args: { db: Db; req: ImportRequest; actor: Actor; onProgress: Progress }) => Promise<unknown>): Handler {
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
    const upload = await getUpload(body.uploadId, viewer.userId);
    if (!upload) return notFound(`Upload ${body.uploadId} not found (uploads are kept for a day)`);
    const req = toImportRequest(body, upload, scope);
    // Who: built now, from the session (the job outlives the request); the dry run does not write and ignores it.
    const job = startJob((progress) => work({ db, req, actor, onProgress: progress }), viewer.userId);
    return Response.json({ jobId: job.id }, { status: 202 });
  });
}

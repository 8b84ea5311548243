import "server-only";
import { type Db, getDb } from "@/db";
import type { ImportRequest, Progress } from "@/db/ingest/types";
import { notFound, parseBody, serverError } from "../../_lib/respond";
import { importBody, type ImportBody } from "../schema";
import { startJob } from "./jobs";
import { getUpload, type Upload } from "./uploads";
import { scopeOf } from "@/db/queries/scope";
import type { Actor } from "@/db/queries/audit";
import { actorFrom } from "../../_lib/actor";

/** Today in Vietnam (YYYY-MM-DD), for "date in the future". */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function toImportRequest(body: ImportBody, upload: Upload): ImportRequest {
  return {
    kind: body.kind, filePath: upload.path, fileName: upload.fileName, sha256: upload.sha256,
    scope: scopeOf(body.unit, body.structure), today: todayInVietnam(),
    mapping: body.mapping, asOf: body.asOf, communeId: body.communeId, resolutions: body.resolutions, decisions: body.decisions,
    skipInvalid: body.skipInvalid, acceptFlags: body.acceptFlags, coverage: body.coverage,
  };
}

/**
 * The dry run's and the commit's shared route: validates the body, finds the upload, and starts
 * `work` as a job; answers 202 with the job to poll (GET /api/import/jobs/<id>).
 */
export async function startImportJob(request: Request, schema: typeof importBody, work: (args: { db: Db; req: ImportRequest; actor: Actor; onProgress: Progress }) => Promise<unknown>): Promise<Response> {
  const b = await parseBody(schema, request);
  if (!b.ok) return b.response;
  try {
    const upload = await getUpload(b.data.uploadId);
    if (!upload) return notFound(`Upload ${b.data.uploadId} not found (uploads are kept for a day)`);
    const db = await getDb();
    const req = toImportRequest(b.data, upload);
    // Who: built now, from the request (the job outlives it); the dry run does not write and ignores it.
    const actor = actorFrom(request, b.data.importedBy);
    const job = startJob((progress) => work({ db, req, actor, onProgress: progress }));
    return Response.json({ jobId: job.id }, { status: 202 });
  } catch (err) {
    return serverError(err);
  }
}

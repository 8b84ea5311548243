import { getDb } from "@/db";
import { dryRun } from "@/db/ingest/run";
import { notFound, parseBody, serverError } from "../../_lib/respond";
import { startJob } from "../_lib/jobs";
import { toImportRequest } from "../_lib/request";
import { getUpload } from "../_lib/uploads";
import { importBody } from "../schema";

export const dynamic = "force-dynamic";

/** Starts a dry run of an uploaded file; answers the job to poll (GET /api/import/jobs/<id>). Nothing is written. */
export async function POST(request: Request) {
  const b = await parseBody(importBody, request);
  if (!b.ok) return b.response;
  try {
    const upload = await getUpload(b.data.uploadId);
    if (!upload) return notFound(`Upload ${b.data.uploadId} not found (uploads are kept for a day)`);
    const db = await getDb();
    const req = toImportRequest(b.data, upload);
    const job = startJob((progress) => dryRun({ db, req, onProgress: progress }));
    return Response.json({ jobId: job.id }, { status: 202 });
  } catch (err) {
    return serverError(err);
  }
}

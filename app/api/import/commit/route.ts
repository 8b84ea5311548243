import { getDb } from "@/db";
import { commitImport } from "@/db/ingest/run";
import { CommitRefused } from "@/db/ingest/types";
import { notFound, parseBody, serverError } from "../../_lib/respond";
import { startJob } from "../_lib/jobs";
import { toImportRequest } from "../_lib/request";
import { getUpload } from "../_lib/uploads";
import { commitBody } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Commits an uploaded file in one transaction (the dry run is repeated inside it with the same
 * choices). Answers a job; its result is { status: "committed" | "nothing" | "refused", … }.
 */
export async function POST(request: Request) {
  const b = await parseBody(commitBody, request);
  if (!b.ok) return b.response;
  try {
    const upload = await getUpload(b.data.uploadId);
    if (!upload) return notFound(`Upload ${b.data.uploadId} not found (uploads are kept for a day)`);
    const db = await getDb();
    const req = toImportRequest(b.data, upload);
    const job = startJob(async (progress) => {
      try {
        return await commitImport({ db, req, onProgress: progress });
      } catch (err) {
        if (err instanceof CommitRefused) return { status: "refused", preview: err.preview };
        throw err;
      }
    });
    return Response.json({ jobId: job.id }, { status: 202 });
  } catch (err) {
    return serverError(err);
  }
}

import { notFound } from "../../../_lib/respond";
import { route } from "../../../_lib/route";
import { readJob } from "../../_lib/jobs";
import { jobParams } from "./schema";

export const dynamic = "force-dynamic";

/**
 * A job's progress (status queued | running | done | failed, phase, done/total) and, once done, its
 * result; failed: `error` says what and where, `errorCode` "stopped" (its server process died: retry
 * it), "shutdown", "upload" or "internal". Answered by any server process, to the user who started
 * it only (404 for anyone else).
 */
export const GET = route({ action: "import.read", params: jobParams, scoped: false }, async ({ db, viewer, params }) => {
  const job = await readJob(db, params.id, viewer.userId);
  if (!job) return notFound(`Job ${params.id} not found`);
  return Response.json(job);
});

import { notFound } from "../../../_lib/respond";
import { route } from "../../../_lib/route";
import { getJob } from "../../_lib/jobs";
import { jobParams } from "./schema";

export const dynamic = "force-dynamic";

/** A job's progress (phase, done/total) and, once done, its result — to the user who started it only (404 for anyone else). */
export const GET = route({ action: "import.read", params: jobParams, scoped: false }, async ({ viewer, params }) => {
  const job = getJob(params.id, viewer.userId);
  if (!job) return notFound(`Job ${params.id} not found`);
  return Response.json({
    id: job.id,
    status: job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    result: job.status === "done" ? job.result : null,
    error: job.error,
  });
});

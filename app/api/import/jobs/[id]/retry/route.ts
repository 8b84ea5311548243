import { notFound } from "../../../../_lib/respond";
import { route } from "../../../../_lib/route";
import { retryJob } from "../../../_lib/jobs";
import { retryParams } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Queues a failed job again (a new attempt, same request and upload); 202 with the job to poll.
 * 404 for a job unknown or someone else's, 409 for one that has not failed.
 */
export const POST = route({ action: "import.write", params: retryParams, scoped: false }, async ({ db, viewer, params }) => {
  const out = await retryJob(db, params.id, viewer.userId);
  if (out === "notFound") return notFound(`Job ${params.id} not found`);
  if (out === "notFailed")
    return Response.json(
      {
        error: `Chỉ thử lại được việc đã thất bại. / Only a failed job can be retried (job ${params.id} is queued, running or done).`,
        code: "notFailed",
        params: {},
        issues: [{ path: "id", message: "not failed" }],
      },
      { status: 409 },
    );
  return Response.json({ jobId: params.id }, { status: 202 });
});

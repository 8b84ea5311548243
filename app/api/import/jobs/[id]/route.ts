import { badRequest, notFound } from "../../../_lib/respond";
import { getJob } from "../../_lib/jobs";
import { jobParams } from "./schema";

export const dynamic = "force-dynamic";

/** A job's progress (phase, done/total) and, once done, its result. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const p = jobParams.safeParse(await params);
  if (!p.success) return badRequest(p.error, "Invalid job id");
  const job = getJob(p.data.id);
  if (!job) return notFound(`Job ${p.data.id} not found`);
  return Response.json({ id: job.id, status: job.status, phase: job.phase, done: job.done, total: job.total, result: job.status === "done" ? job.result : null, error: job.error });
}

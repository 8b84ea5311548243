import { dryRun } from "@/db/ingest/run";
import { startImportJob } from "../_lib/request";
import { analyseBody } from "./schema";

export const dynamic = "force-dynamic";

/** Starts a dry run of an uploaded file; answers the job to poll (GET /api/import/jobs/<id>). Nothing is written. */
export function POST(request: Request) {
  return startImportJob(request, analyseBody, dryRun);
}

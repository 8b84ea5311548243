import { importJobRoute } from "../_lib/request";

export const dynamic = "force-dynamic";

/** Starts a dry run of an uploaded file; answers the job to poll (GET /api/import/jobs/<id>). Nothing is written. Body: ./schema.ts. */
export const POST = importJobRoute("dryRun");

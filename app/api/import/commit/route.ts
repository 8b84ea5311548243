import { commitImport } from "@/db/ingest/run";
import { CommitRefused } from "@/db/ingest/types";
import { importJobRoute } from "../_lib/request";

export const dynamic = "force-dynamic";

/**
 * Commits an uploaded file in one transaction (the dry run is repeated inside it with the same
 * choices). Answers a job; its result is { status: "committed" | "nothing" | "refused", … }. Body: ./schema.ts.
 */
export const POST = importJobRoute(async (args) => {
  try {
    return await commitImport(args);
  } catch (err) {
    if (err instanceof CommitRefused) return { status: "refused", preview: err.preview };
    throw err;
  }
});

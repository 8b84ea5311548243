import { importJobRoute } from "../_lib/request";

export const dynamic = "force-dynamic";

/**
 * Commits an uploaded file in one transaction (the dry run is repeated inside it with the same
 * choices, unless this process still has the dry run's plan and nothing was imported since).
 * Answers a job; its result is { status: "committed" | "nothing" | "refused", … }. Body: ./schema.ts.
 */
export const POST = importJobRoute("commit");

import { runRequestSchema } from "@/db/plan-schema";

/** POST /api/plans/run — body: { unit, structure, date, selection?, skip?, wifi?, teams?, addedCandidates? } (db/plan-schema.ts). */
export const runBody = runRequestSchema;

import { runRequestSchema } from "@/geo/plan-schema";

/** POST /api/plans/run — body: { unit, structure, date, selection?, skip?, wifi?, teams?, addedCandidates? } (geo/plan-schema.ts). */
export const runBody = runRequestSchema;

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** GET /api/explorer/history?unit=h-03211-01&structure=post2025 — the unit's (or hamlet's) funnel over time. */
export const historyQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
});

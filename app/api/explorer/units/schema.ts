import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** GET /api/explorer/units?unit=p-11&structure=post2025 — the tree of the province that contains `unit`. */
export const unitsQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
});

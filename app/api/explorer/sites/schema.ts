import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** GET /api/explorer/sites?unit=p-11&structure=post2025 */
export const sitesQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
});

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { isoDate } from "@/geo/fields";

/** GET /api/import/export?unit=c25-03214&structure=post2025&date=2025-12-31 */
export const exportQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  date: isoDate,
});

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { isoDate } from "@/geo/fields";

/** GET /api/hamlets?unit=p-11&structure=post2025[&date=YYYY-MM-DD] */
export const hamletsQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  date: isoDate.optional(),
});

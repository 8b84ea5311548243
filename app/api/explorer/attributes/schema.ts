import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** GET /api/explorer/attributes?unit=p-11&structure=post2025[&date=YYYY-MM-DD] */
export const attributesQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  date: z.iso.date({ message: "must be a date YYYY-MM-DD" }).optional(),
});

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { isoDate } from "@/geo/fields";

/** GET /api/boundaries?unit=p-11&structure=post2025&level=commune[&date=YYYY-MM-DD] */
export const boundariesQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  level: z.enum(["province", "district", "commune", "hamlet"]),
  date: isoDate.optional(),
});

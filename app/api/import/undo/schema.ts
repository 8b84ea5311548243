import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** POST /api/import/undo { importId, unit, structure } */
export const undoBody = z.object({
  importId: z.number().int().positive(),
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
});

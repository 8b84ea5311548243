import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { dbId } from "@/geo/fields";

/** POST /api/import/undo { importId, unit, structure } */
export const undoBody = z.object({
  importId: dbId,
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
});

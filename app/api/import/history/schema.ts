import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";

/** GET /api/import/history?unit=p-11&structure=post2025 */
export const historyQuery = z.object({ unit: scopeSchema.shape.unitId, structure: scopeSchema.shape.structure });

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { runRequestSchema, scenarioNameSchema } from "@/geo/plan-schema";
import { dbIdParam } from "@/geo/fields";

/** GET /api/plans/scenarios?unit=d-101&structure=pre2025 — the scenarios of units in the scope. */
export const listQuery = z.object({ unit: scopeSchema.shape.unitId, structure: scopeSchema.shape.structure });

/** DELETE /api/plans/scenarios?unit=…&structure=…&id=12 */
export const deleteQuery = listQuery.extend({ id: dbIdParam });

/** POST /api/plans/scenarios — body: { name, request }: the server re-runs the request and saves what it finds. */
export const saveBody = z.object({ name: scenarioNameSchema, request: runRequestSchema });

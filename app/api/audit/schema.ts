import { z } from "zod";
import { AUDIT_ACTIONS } from "@/db/queries/audit";
import { scopeSchema } from "@/db/queries/scope";
import { isoDate } from "@/geo/fields";

// Days inside the window every request date is held to (a year 0000 is not a date to the database).
const date = isoDate;
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/**
 * GET /api/audit and the /audit page: ?from=2025-12-01&to=2025-12-31&action=scenario.save
 * &user=planner@demo.invalid&unit=d-101&structure=pre2025&page=2&format=csv. Empty parameters (a
 * form's blank fields) count as absent. `from`/`to` are days (UTC), `to` inclusive.
 */
export const auditQuery = z
  .object({
    from: z.preprocess(blankToUndefined, date.optional()),
    to: z.preprocess(blankToUndefined, date.optional()),
    action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS, { message: `must be one of ${AUDIT_ACTIONS.join(", ")}` }).optional()),
    user: z.preprocess(blankToUndefined, z.email({ message: "must be an e-mail address" }).optional()),
    unit: z.preprocess(blankToUndefined, scopeSchema.shape.unitId.optional()),
    structure: z.preprocess(blankToUndefined, scopeSchema.shape.structure.default("post2025")),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
    format: z.preprocess(blankToUndefined, z.enum(["json", "csv"]).default("json")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before from", path: ["to"] });
export type AuditQuery = z.infer<typeof auditQuery>;

import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { OPERATOR_COVERAGE_KINDS, OPERATORS } from "@/geo/domain";
import { isoDate, text } from "@/geo/fields";

const hamletId = z.string().regex(/^h-[0-9]{5}-[0-9]{2,3}$/, "is not a hamlet id such as h-03211-01");

/** GET /api/coverage-reviews?unit=p-11&structure=pre2025[&hamlet=h-03211-01]: the review history, newest first. */
export const reviewsQuery = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  hamlet: hamletId.optional(),
});

/**
 * POST /api/coverage-reviews (JSON): an operator confirms or disputes a hamlet's coverage of one
 * kind, with a comment, for the coverage as of a date. Appended, never overwritten. Who reviewed is
 * the session's user (a `reviewedBy` in the body is ignored).
 */
export const reviewBody = z
  .object({
    unit: scopeSchema.shape.unitId,
    structure: scopeSchema.shape.structure,
    hamletId,
    operator: z.enum(OPERATORS, { message: "must be viettel, vnpt or mobifone" }),
    kind: z.enum(OPERATOR_COVERAGE_KINDS, { message: "must be 2g, 3g, 4g or fiber" }),
    status: z.enum(["confirmed", "disputed"], { message: "must be confirmed or disputed" }),
    comment: text({ max: 2000, multiline: true }).default(""),
    asOf: isoDate,
  })
  .refine((b) => b.status === "confirmed" || b.comment.length > 0, { path: ["comment"], message: "a dispute needs a comment saying what is wrong" });
export type ReviewBody = z.infer<typeof reviewBody>;

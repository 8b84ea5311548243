import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { IMPORT_KINDS } from "@/db/ingest/types";
import { COVERAGE_KINDS, OPERATORS } from "@/geo/domain";
import { isoDate, text } from "@/geo/fields";

/**
 * What the analyse and commit requests share: the upload, the kind, the viewer's scope and the user's
 * choices. Who imports is the session's user (an `importedBy` in the body is ignored).
 */
export const importBody = z.object({
  uploadId: z.string().uuid({ message: "must be the id returned by /api/import/upload" }),
  kind: z.enum(IMPORT_KINDS),
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  mapping: z.record(text({ max: 300 }), text({ max: 40 })).optional(),
  asOf: isoDate.optional(),
  sheet: text({ min: 1, max: 31 }).optional(),
  communeId: scopeSchema.shape.unitId.optional(),
  resolutions: z
    .record(
      text({ max: 400 }),
      z.discriminatedUnion("action", [
        z.object({ action: z.literal("unit"), unitId: scopeSchema.shape.unitId }),
        z.object({
          action: z.literal("create"),
          name: text({ min: 1, max: 100 }),
          type: z.enum(["bản", "thôn", "xóm", "tổ dân phố"]),
          communeId: scopeSchema.shape.unitId,
          lon: z.number().min(-180).max(180),
          lat: z.number().min(-90).max(90),
        }),
        z.object({ action: z.literal("skip") }),
      ]),
    )
    .optional(),
  decisions: z.record(z.string().regex(/^\d+$/), z.enum(["accept", "skip"])).optional(),
  skipInvalid: z.boolean().optional(),
  acceptFlags: z.boolean().optional(),
  coverage: z
    .object({
      kind: z.enum(COVERAGE_KINDS),
      operator: z.enum(OPERATORS).nullable(),
      asOf: isoDate,
    })
    .optional(),
});
export type ImportBody = z.infer<typeof importBody>;

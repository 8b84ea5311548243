import { z } from "zod";
import { LOCALES } from "@/app/_i18n/config";
import { TELECOM_VIEWS, type TelecomView } from "@/geo/telecom-gaps";
import { scopeParams, weightParams } from "@/app/_screens/params";
import { CSV_SEPARATORS, type CsvSeparator } from "../_lib/export";
import { isoDate } from "@/geo/fields";

/** Which tables can be exported, and in which formats. */
export const EXPORT_TABLES = {
  priorities: ["csv", "xlsx", "geojson"],
  bottlenecks: ["csv", "xlsx"],
  telecom: ["csv", "xlsx", "geojson"],
  telecomCounts: ["csv", "xlsx"],
  reviews: ["csv", "xlsx"],
} as const;
export type ExportTable = keyof typeof EXPORT_TABLES;

/**
 * GET /api/export?table=priorities&format=xlsx&unit=d-101&structure=pre2025&date=2023-11-06
 *   [&preset=mobileTeams | &w=remaining:4,distance:3] [&view=viettel&rankBy=notActivated] [&lang=en] [&sep=semicolon]
 */
export const exportQuery = scopeParams
  .extend(weightParams.shape)
  .extend({
    table: z.enum(Object.keys(EXPORT_TABLES) as [ExportTable, ...ExportTable[]], { message: `must be one of ${Object.keys(EXPORT_TABLES).join(", ")}` }),
    format: z.enum(["csv", "xlsx", "geojson"], { message: "must be csv, xlsx or geojson" }),
    view: z.enum(TELECOM_VIEWS as [TelecomView, ...TelecomView[]]).default("combined"),
    rankBy: z.enum(["affected", "notActivated"]).default("affected"),
    date: isoDate.optional(),
    lang: z.enum(LOCALES).optional(),
    /** CSV only: "comma" (default) or "semicolon" (with decimal commas: how Excel on a Vietnamese Windows opens a CSV). */
    sep: z.enum(Object.keys(CSV_SEPARATORS) as [CsvSeparator, ...CsvSeparator[]], { message: "must be comma or semicolon" }).default("comma"),
  })
  .superRefine((q, ctx) => {
    if (!(EXPORT_TABLES[q.table] as readonly string[]).includes(q.format)) {
      ctx.addIssue({ code: "custom", path: ["format"], message: `table ${q.table} can be exported as ${EXPORT_TABLES[q.table].join(", ")}, not ${q.format}` });
    }
  });
export type ExportQuery = z.infer<typeof exportQuery>;

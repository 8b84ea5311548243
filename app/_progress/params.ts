import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";

/** What /dashboard and /briefing show without parameters: Điện Biên in the post-July-2025 structure, at its latest report. */
export const PROGRESS_DEFAULTS = { unit: "p-11", structure: "post2025" } as const;

/**
 * The view's URL: /dashboard?unit=d-101&structure=pre2025&date=2023-11-06[&since=2023-10-31][&threshold=5].
 * `date` is a day or a month (YYYY-MM: the latest report in that month); `since` is the earlier date
 * that changes and movers are measured from (default: the last report before `date`'s month);
 * `threshold`: counts from 1 to threshold − 1 are withheld (never below the house rule's 5).
 */
export const progressParams = z.object({
  unit: scopeSchema.shape.unitId.default(PROGRESS_DEFAULTS.unit),
  structure: scopeSchema.shape.structure.default(PROGRESS_DEFAULTS.structure),
  date: z.union([z.iso.date(), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)], { message: "must be a date YYYY-MM-DD or a month YYYY-MM" }).optional(),
  since: z.iso.date({ message: "must be a date YYYY-MM-DD" }).optional(),
  threshold: z.coerce.number().int().min(SMALL_COUNT_DEFAULTS.threshold).max(100).default(SMALL_COUNT_DEFAULTS.threshold),
});
export type ProgressParams = z.infer<typeof progressParams>;

type SearchParams = Record<string, string | string[] | undefined>;

/** Parses a page's search params (first value of each; `lang` belongs to the i18n proxy). */
export function parseProgressParams(params: SearchParams) {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== "" && k !== "lang") flat[k] = first;
  }
  return progressParams.safeParse(flat);
}

/**
 * The report date a view shows: the latest report on or before `date` (a month means its last
 * day), or the latest report of all without a date. Null when no report is that old.
 */
export function resolveDate(reportDates: readonly string[], date: string | undefined): string | null {
  const until = date === undefined ? null : date.length === 7 ? monthEnd(date) : date;
  const eligible = until === null ? reportDates : reportDates.filter((d) => d <= until);
  return eligible.length ? eligible[eligible.length - 1]! : null;
}

/** The previous period's report: the latest report before the first day of `date`'s month. */
export function previousReport(reportDates: readonly string[], date: string): string | null {
  const monthStart = `${date.slice(0, 7)}-01`;
  const before = reportDates.filter((d) => d < monthStart);
  return before.length ? before[before.length - 1]! : null;
}

function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The query string of a view (the parameters that define it), for links that keep it. */
export function viewQuery(v: { unit: string; structure: string; date?: string | null; since?: string | null; threshold?: number }): string {
  const q = new URLSearchParams({ unit: v.unit, structure: v.structure });
  if (v.date) q.set("date", v.date);
  if (v.since) q.set("since", v.since);
  if (v.threshold && v.threshold !== SMALL_COUNT_DEFAULTS.threshold) q.set("threshold", String(v.threshold));
  return q.toString();
}

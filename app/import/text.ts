/** Tables an import (or the demo) writes, named for people in the messages (import.tables.*). */
const TABLES = new Set([
  "hamlet_snapshots",
  "hamlet_infrastructure",
  "admin_units",
  "admin_parents",
  "admin_successions",
  "targets",
  "sites",
  "coverage_layers",
  "coverage_features",
  "unit_figures",
]);

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** "Số liệu thôn/bản: 99.912, Chỉ tiêu: 12" — an import's counts by what they are, numbers in the page's locale. */
export function countsText(t: Translate, locale: string, counts: Record<string, number>): string {
  const nf = new Intl.NumberFormat(locale);
  return Object.entries(counts)
    .map(([k, v]) => `${TABLES.has(k) ? t(`tables.${k}`) : k}: ${nf.format(v)}`)
    .join(", ");
}

/** Map files number their features (0-based, as GIS tools do), not rows: the preview says "feature N" for them. */
const FEATURE_FORMATS = new Set(["geojson", "kml", "kmz", "zip"]);

/** Whether the preview's row numbers are feature indexes (a map file). */
export function byFeature(p: { format: string }): boolean {
  return FEATURE_FORMATS.has(p.format);
}

/** The heading of the preview's row-number columns: "Row" or, in a map file, "Feature". */
export function rowHeader(t: Translate, p: { format: string }): string {
  return t(byFeature(p) ? "preview.feature" : "preview.row");
}

import "server-only";
import { SMALL_COUNT_DEFAULTS } from "../../geo/small-counts";
import { EXPORT_HEADERS } from "./vocabulary";
import { SNAPSHOT_COLUMNS } from "./indicators";

export interface ExportRow {
  hamletCode: string;
  commune: string;
  hamlet: string;
  asOf: string;
  counts: Record<string, number>; // camelCase fields of SNAPSHOT_COLUMNS
}

/**
 * Hamlet snapshots as a CSV file a commune officer can open in Excel (UTF-8 with a byte-order mark,
 * Vietnamese headers from EXPORT_HEADERS, dates dd/MM/yyyy) and import back unchanged. Counts
 * from 1 to 4 are withheld as "<5" (geo/small-counts.ts); an import keeps the stored value for a
 * withheld cell. Text that a spreadsheet would run as a formula (= + - @) is prefixed with ' .
 *
 * @example
 * snapshotsCsv([{ hamletCode: "03211-01", commune: "Mường Luân", hamlet: "Háng Pa", asOf: "2025-12-31", counts: {…} }])
 */
export function snapshotsCsv(rows: readonly ExportRow[]): string {
  const fields = ["hamletCode", "commune", "hamlet", "asOf", ...Object.keys(SNAPSHOT_COLUMNS)];
  const lines = [fields.map((f) => quote(EXPORT_HEADERS[f]!)).join(",")];
  const small = SMALL_COUNT_DEFAULTS.threshold;
  for (const r of rows) {
    const [y, m, d] = r.asOf.split("-");
    const cells = [
      r.hamletCode,
      r.commune,
      r.hamlet,
      `${d}/${m}/${y}`,
      ...Object.keys(SNAPSHOT_COLUMNS).map((f) => {
        const v = r.counts[f]!;
        return v >= 1 && v < small ? `<${small}` : String(v);
      }),
    ];
    lines.push(cells.map(quote).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function quote(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

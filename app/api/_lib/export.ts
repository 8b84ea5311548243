import "server-only";
import ExcelJS from "exceljs";
import { foldName } from "@/geo/names";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import type { Counts } from "@/app/_auth/counts";

/** A cell withheld so that another cannot be derived by subtraction (it is not a small count). */
export const WITHHELD_TEXT = "x";

/**
 * Table exports: one column list drives CSV and XLSX alike (both written by exceljs, so a cell is
 * neutralised, typed and withheld in exactly one place).
 *
 * Formula injection: a text cell that starts with "=", "+", "-", "@", a tab or a carriage return
 * would be read by a spreadsheet as a formula (or, for tab/CR, be shifted into one). So would any
 * piece of it that starts so after a comma, a semicolon, a tab or a line break: a CSV opened with
 * another separator than it was written with (";" is the list separator of a Vietnamese Windows)
 * splits the text there — `a;=7*8;b` became 56. Every such piece is neutralised by prefixing a
 * single quote ' (OWASP "CSV injection" advice), in CSV and XLSX alike, so that both files hold
 * the same text. Numbers are written as numbers and never neutralised (−3 is a number, not a
 * formula); only text is.
 *
 * Separators: "," (the default, "." decimals) or ";" with "," decimals — how Excel on a
 * Vietnamese Windows opens a CSV by double-click. (Not a "sep=;" first line: with it, Excel
 * ignores the UTF-8 byte-order mark and Vietnamese letters come out garbled.)
 *
 * Small counts: in "withheld" mode (the default; app/_auth/counts.ts countsFor) a column of kind
 * "count" shows 1–4 as "<5" (geo/small-counts.ts), in every format; a table whose rows add up
 * (app/api/export/tables.ts) has also withheld its complementary cells, given as "<5" or
 * {@link WITHHELD_TEXT}. In "exact" mode counts are written as they are.
 */
export type Cell = string | number | boolean | null;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  /** "count": a count of people, withheld when 1–4; "rate": a number in [0, 1] shown as is; "text" (default). */
  kind?: "count" | "rate" | "number" | "text";
  /** Column width in characters (XLSX). */
  width?: number;
}

/**
 * Where a spreadsheet could start reading a formula: the start of the text, or just after a
 * separator it might split on (, ; tab CR LF), when followed by = + - @ tab CR — or by a quote
 * and one of = + - @ (a piece `"=1+1"` is read as the quoted field =1+1).
 */
const DANGEROUS_START = /^(?:[=+\-@\t\r]|"[=+\-@])/;
const DANGEROUS_AFTER_SEPARATOR = /[,;\t\r\n](?=[=+\-@\t\r]|"[=+\-@])/g;

/** The text a spreadsheet will not execute: every piece that could start a formula (see {@link DANGEROUS_START}) is prefixed with '. */
export function neutraliseText(text: string): string {
  const inner = text.replace(DANGEROUS_AFTER_SEPARATOR, "$&'");
  return DANGEROUS_START.test(text) ? `'${inner}` : inner;
}

/** The field separators a CSV can be written with. */
export const CSV_SEPARATORS = { comma: ",", semicolon: ";" } as const;
export type CsvSeparator = keyof typeof CSV_SEPARATORS;

/** One cell as written: withheld small counts as "<5", text neutralised, null as empty. */
export function exportCell(value: Cell, kind: Column<unknown>["kind"] = "text", counts: Counts = "withheld"): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (kind === "count" && counts === "withheld" && typeof value === "number" && value > 0 && value < SMALL_COUNT_DEFAULTS.threshold)
    return `<${SMALL_COUNT_DEFAULTS.threshold}`;
  if (typeof value === "string") return neutraliseText(value);
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

function workbookOf<T>(
  sheetName: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  emptyAs: null | "",
  counts: Counts,
  decimalComma = false,
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "GapMap 06";
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const ws = wb.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Sheet1");
  ws.columns = columns.map((c) => ({ header: neutraliseText(c.header), width: c.width ?? Math.min(40, Math.max(10, c.header.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = exportCell(c.value(r), c.kind, counts) ?? emptyAs;
        return decimalComma && typeof v === "number" ? String(v).replace(".", ",") : v;
      }),
    );
  }
  columns.forEach((c, i) => {
    if (c.kind === "rate") ws.getColumn(i + 1).numFmt = "0.0%";
    if (c.kind === "number") ws.getColumn(i + 1).numFmt = "0.000";
  });
  return wb;
}

/**
 * CSV (UTF-8 with BOM so that spreadsheets read Vietnamese correctly): comma-separated with "."
 * decimals, or (sep "semicolon") semicolon-separated with "," decimals, as a Vietnamese Excel reads it.
 */
export async function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[], sep: CsvSeparator = "comma", counts: Counts = "withheld"): Promise<Buffer> {
  // Empty cells as "": exceljs's CSV writer drops trailing empty cells, which would shorten rows.
  const wb = workbookOf("data", columns, rows, "", counts, sep === "semicolon");
  const buf = await wb.csv.writeBuffer({
    formatterOptions: { writeBOM: true, delimiter: CSV_SEPARATORS[sep], quote: '"', escape: '"', rowDelimiter: "\r\n" },
  } as never);
  return Buffer.from(buf as ArrayBuffer);
}

export async function toXlsx<T>(sheetName: string, columns: readonly Column<T>[], rows: readonly T[], counts: Counts = "withheld"): Promise<Buffer> {
  const buf = await workbookOf(sheetName, columns, rows, null, counts).xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

/**
 * A file name that carries the table, the unit and the date, ASCII only:
 * exportFileName("uu-tien", { id: "d-101", name: "Điện Biên Đông" }, "2023-11-06", "xlsx")
 * → "gapmap06_uu-tien_d-101_dien-bien-dong_2023-11-06.xlsx".
 */
export function exportFileName(table: string, unit: { id: string; name: string }, date: string, ext: string): string {
  const slug = foldName(unit.name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `gapmap06_${table}_${unit.id}_${slug}_${date}.${ext}`;
}

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  geojson: "application/geo+json; charset=utf-8",
} as const;

/** A download response with the file name (RFC 6266: ASCII filename and UTF-8 filename*). */
export function fileResponse(body: Buffer | string, format: keyof typeof TYPES, fileName: string): Response {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": TYPES[format],
      "content-disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  });
}

import { foldName } from "../../geo/names";
import type { SourceRow } from "./read-table";
import { cellText, parseDate, type RawCell } from "./text/cells";
import { TextConverter, type Conversion } from "./text/convert";
import { guessField, headerSignature, fieldsOf, type TableKind } from "./vocabulary";
import { IngestError, problem, type Problem } from "./problems";
import { CONTROL_CHARS, MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_NOTED_CELLS, columnLetter, describeControls, preview } from "./limits";

/** How many rows at the top are searched for the header (title rows come first). */
const HEADER_SEARCH_ROWS = 40;

export interface Column {
  index: number;
  /** Header as written (group heading + header for two-level headers), after text conversion. */
  header: string;
  /** Field the column is mapped to, or null (ignored). */
  field: string | null;
  /** Where the mapping came from. */
  source: "auto" | "remembered" | "user" | "none";
}

export interface SheetLayout {
  /** File rows of the header (one or two). */
  headerRows: number[];
  columns: Column[];
  /** The text of the rows above the header (report title, commune, date). */
  titleLines: string[];
  /** Commune named in the title ("xã Chiềng Sơ"), as written. */
  titleCommune: string | null;
  /** Date found in the title ("đến ngày 31/01/2026", "tháng 01/2026"). */
  titleDate: string | null;
  signature: string;
  encoding: string;
}

/** A data row: its file row number and the values of the mapped fields (text converted to Unicode). */
export interface DataRow {
  row: number;
  values: Record<string, RawCell>;
  /** Field → header, for messages. */
  formulas: string[];
  /** Commune named by a section row above this row ("Xã Chiềng Sơ" on a row of its own), if any. */
  sectionCommune: string | null;
}

export interface SheetStats {
  blankRows: number;
  totalsRows: { row: number; values: Record<string, RawCell> }[];
  dataRows: number;
}

/**
 * Reads a table: finds the header among the first rows (title rows above it, a two-level header with
 * merged group headings, a row of column numbers below it), maps columns to fields (remembered or
 * given mapping first, else the vocabulary), converts legacy-encoded text, and then streams the
 * data rows — skipping blank rows, totals rows and section rows, which it reports.
 */
export async function readSheet(opts: {
  kind: TableKind;
  rows: AsyncIterable<SourceRow>;
  encoding: string;
  /**
   * The mapping to use for this header layout, if any: the user's, else one remembered for the same
   * headers (column_mappings). Header text → field ("" = ignore); overrides the vocabulary.
   */
  mappingFor?: (signature: string) => Promise<{ mapping: Record<string, string>; source: "remembered" | "user" } | null>;
  problems: Problem[];
  /** The workbook's sheet being read and the others it has (noted in the preview). */
  sheet?: { name: string; others: string[] };
}): Promise<{ layout: SheetLayout; data: AsyncGenerator<DataRow>; stats: SheetStats; converter: TextConverter; conversions(): Conversion[] }> {
  if (opts.sheet && opts.sheet.others.length > 0)
    opts.problems.push(problem("sheetChosen", {}, { sheet: opts.sheet.name, others: opts.sheet.others.join(", ") }));
  const it = boundedCells(opts.rows, opts.problems)[Symbol.asyncIterator]();
  const buffered: SourceRow[] = [];
  while (buffered.length < HEADER_SEARCH_ROWS) {
    const n = await it.next();
    if (n.done) break;
    if (n.value.cells.some((c) => c !== null && cellText(c) !== "")) buffered.push(n.value);
  }
  if (buffered.length === 0) throw new IngestError("noRows", {});

  // Legacy text is decided from the buffered rows (title, header, first data rows).
  const sample = buffered.flatMap((r) =>
    r.cells.flatMap((c, col) => (typeof c === "string" && c.trim() !== "" ? [{ text: c, col, font: r.fonts?.[col] }] : [])),
  );
  const converter = new TextConverter(sample);
  // Each cell is converted once (the header search looks at the first rows several times), so the
  // preview's counts are counts of cells.
  const converted = new WeakMap<SourceRow, Map<number, string>>();
  const text = (r: SourceRow, c: number) => {
    const v = r.cells[c];
    if (typeof v !== "string") return cellText(v ?? null);
    let m = converted.get(r);
    if (!m) converted.set(r, (m = new Map()));
    let out = m.get(c);
    if (out === undefined) m.set(c, (out = converter.convert(cellText(v), c, r.row, r.fonts?.[c])));
    return out;
  };

  // Header: the row (or pair of rows) naming the most distinct fields.
  let best: { score: number; rows: number[]; headers: string[]; contexts: string[]; owns: string[] } | null = null;
  for (let i = 0; i < buffered.length; i++) {
    const single = headerCandidate(opts.kind, [buffered[i]!], text);
    if (!best || single.score > best.score) best = single;
    if (i + 1 < buffered.length && buffered[i + 1]!.row === buffered[i]!.row + 1) {
      const pair = headerCandidate(opts.kind, [buffered[i]!, buffered[i + 1]!], text);
      if (pair.score > best.score) best = pair;
    }
  }
  if (!best || best.score < 2) throw new IngestError("noHeader", { searched: buffered.length });
  const headerIdx = buffered.findIndex((r) => r.row === best!.rows[best!.rows.length - 1]);

  // Column headers made unique (a header repeated under two group headings keeps its group).
  const seen = new Map<string, number>();
  const unique = best.headers.map((h) => {
    if (h === "") return h;
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n > 1 ? `${h} (${n})` : h;
  });
  const signature = headerSignature(unique);
  const chosen = (await opts.mappingFor?.(signature)) ?? null;
  const columns: Column[] = unique.map((header, index) => {
    const given = chosen?.mapping[header];
    if (given !== undefined) return { index, header, field: given === "" ? null : given, source: chosen!.source };
    // The column's own header first ("Vắng mặt"), then with its group heading ("Lý do chưa kích hoạt – …").
    const field = header === "" ? null : (guessField(opts.kind, best!.owns[index]!) ?? guessField(opts.kind, best!.headers[index]!, best!.contexts[index]));
    return { index, header, field, source: field ? "auto" : "none" };
  });
  // One column per field: the first wins, later ones are ignored (the user can change it).
  const taken = new Set<string>();
  for (const c of columns) {
    if (!c.field) continue;
    const def = fieldsOf(opts.kind).find((f) => f.key === c.field);
    if (!def) {
      c.field = null;
      c.source = "none";
      continue;
    }
    if (def.type === "ignore") continue;
    if (taken.has(c.field)) {
      c.field = null;
      c.source = "none";
    } else taken.add(c.field);
  }

  const titleLines = buffered.slice(0, headerIdx + 1 - best.rows.length).map((r) =>
    r.cells
      .map((_, c) => text(r, c))
      .filter((t) => t !== "")
      .join(" "),
  );
  const layout: SheetLayout = {
    headerRows: best.rows,
    columns,
    titleLines,
    titleCommune: communeInTitle(titleLines),
    titleDate: dateInTitle(titleLines),
    signature,
    encoding: opts.encoding + (converter.encoding ? ` + ${converter.encoding.toUpperCase()}` : ""),
  };

  const mapped = columns.filter((c) => c.field && !c.field.startsWith("_"));
  const nameCols = columns.filter((c) => c.field === "hamlet" || c.field === "commune" || c.field === "siteName").map((c) => c.index);
  const labelCols = [...nameCols, 0, 1];
  const valueCols = mapped
    .filter((c) => !["hamlet", "commune", "siteName", "hamletCode", "communeCode", "hamletType", "siteKind", "power", "backhaul"].includes(c.field!))
    .map((c) => c.index);
  const typeOf = new Map(fieldsOf(opts.kind).map((f) => [f.key, f.type]));
  const textFields = new Set(mapped.filter((c) => ["name", "code", "text"].includes(typeOf.get(c.field!) ?? "")).map((c) => c.index));
  const stats: SheetStats = { blankRows: 0, totalsRows: [], dataRows: 0 };
  const rest = buffered.slice(headerIdx + 1);
  const problems = opts.problems;

  async function* data(): AsyncGenerator<DataRow> {
    let section: string | null = null;
    const handle = (r: SourceRow): DataRow | null => {
      if (r.cells.every((c) => c === null || (typeof c === "string" && c.trim() === ""))) {
        stats.blankRows++;
        return null;
      }
      if (stats.dataRows === 0 && isColumnNumbersRow(r.cells)) {
        problems.push(problem("columnNumbersRow", { row: r.row }));
        return null;
      }
      let label = "";
      for (const c of labelCols) {
        const v = r.cells[c];
        if (v === null || v === undefined || (typeof v === "number" && !nameCols.includes(c))) continue;
        label = text(r, c);
        if (label !== "") break;
      }
      if (isTotalsLabel(label)) {
        const values: Record<string, RawCell> = {};
        for (const c of mapped) values[c.field!] = r.cells[c.index] ?? null;
        stats.totalsRows.push({ row: r.row, values });
        problems.push(problem("totalsRow", { row: r.row, value: label }));
        return null;
      }
      const hasValues = valueCols.some((c) => isNumeric(r.cells[c] ?? null));
      if (!hasValues && valueCols.length > 0 && opts.kind !== "hamlets" && opts.kind !== "sites") {
        // No number at all: a section heading ("Xã Chiềng Sơ", which sets the commune of the rows
        // below it) or a footer ("Người lập biểu", "Ngày … tháng … năm").
        const any = r.cells.map((_, c) => text(r, c)).find((t) => t !== "") ?? "";
        if (label !== "") section = label;
        problems.push(problem("sectionRow", { row: r.row, value: label || any }));
        return null;
      }
      const values: Record<string, RawCell> = {};
      for (const c of mapped) {
        const v = r.cells[c.index] ?? null;
        // Text fields (names, codes, kinds) are converted; numbers and dates are parsed later as they are.
        values[c.field!] = typeof v === "string" && textFields.has(c.index) ? text(r, c.index) : v;
        // A name far longer than any place name is not matched (nor compared): the row has no name.
        const t = values[c.field!];
        if (typeof t === "string" && t.length > MAX_NAME_CHARS && nameCols.includes(c.index)) {
          problems.push(problem("nameTooLong", { row: r.row, column: c.header, value: preview(t) }, { length: t.length, max: MAX_NAME_CHARS }));
          values[c.field!] = null;
        }
      }
      const formulas = (r.formulas ?? []).flatMap((i) => {
        const col = columns[i];
        return col?.field && !col.field.startsWith("_") ? [col.field] : [];
      });
      stats.dataRows++;
      return { row: r.row, values, formulas, sectionCommune: section };
    };
    for (const r of rest) {
      const d = handle(r);
      if (d) yield d;
    }
    for (;;) {
      const n = await it.next();
      if (n.done) break;
      const d = handle(n.value);
      if (d) yield d;
    }
  }

  return { layout, data: data(), stats, converter, conversions: () => converter.conversions() };
}

/**
 * The rows as read, with every text cell bounded: longer than a spreadsheet cell can be
 * (MAX_CELL_CHARS) → the file is refused at that row and column; control characters (NUL …,
 * which PostgreSQL text cannot hold) → removed, with a note at the row and column (the first
 * MAX_NOTED_CELLS cells, then a count). The dry run and the commit read the same, cleaned text.
 */
async function* boundedCells(rows: AsyncIterable<SourceRow>, problems: Problem[]): AsyncGenerator<SourceRow> {
  let more = 0;
  let noted = 0;
  for await (const r of rows) {
    for (let i = 0; i < r.cells.length; i++) {
      const c = r.cells[i];
      if (typeof c !== "string") continue;
      if (c.length > MAX_CELL_CHARS)
        throw new IngestError("cellTooLong", { length: c.length, max: MAX_CELL_CHARS }, { row: r.row, column: columnLetter(i), value: preview(c) });
      if (!CONTROL_CHARS.test(c)) continue;
      const cleaned = c.replace(new RegExp(CONTROL_CHARS.source, "g"), "");
      if (noted++ < MAX_NOTED_CELLS)
        problems.push(problem("controlChars", { row: r.row, column: columnLetter(i), value: preview(cleaned) }, { chars: describeControls(c) }));
      else more++;
      r.cells[i] = cleaned === "" ? null : cleaned;
    }
    yield r;
  }
  if (more > 0) problems.push(problem("controlCharsMore", {}, { cells: more }));
}

/**
 * How well the top rows of a sheet make a header for this kind of table: the best header
 * candidate's score (the number of distinct fields its cells name, see readSheet). Chooses the
 * sheet of a workbook with several (db/ingest/read-table.ts).
 */
export function headerScoreFor(kind: TableKind): (rows: SourceRow[]) => number {
  return (rows) => {
    const text = (r: SourceRow, c: number) => cellText(r.cells[c] ?? null);
    let best = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      best = Math.max(best, headerCandidate(kind, [rows[i]!], text).score);
      if (i + 1 < rows.length && rows[i + 1]!.row === rows[i]!.row + 1) best = Math.max(best, headerCandidate(kind, [rows[i]!, rows[i + 1]!], text).score);
    }
    return best;
  };
}

function headerCandidate(kind: TableKind, rows: SourceRow[], text: (r: SourceRow, c: number) => string) {
  const width = Math.max(...rows.map((r) => r.cells.length));
  const child = rows[rows.length - 1]!;
  const parent = rows.length === 2 ? rows[0]! : null;
  const headers: string[] = [];
  const contexts: string[] = [];
  const owns: string[] = [];
  let lastParent = "";
  for (let c = 0; c < width; c++) {
    const own = text(child, c);
    const up = parent ? text(parent, c) : "";
    if (up !== "") lastParent = up;
    if (own === "" && up !== "") {
      headers.push(up); // a heading merged down over two rows
      contexts.push("");
      owns.push(up);
    } else {
      owns.push(own);
      headers.push(own === "" ? "" : parent && lastParent && lastParent !== own ? `${lastParent} – ${own}` : own);
      contexts.push(parent ? lastParent : "");
    }
  }
  // Score: distinct fields named (ignore-columns count half: "STT" helps find the header row).
  const fields = new Set<string>();
  let ignores = 0;
  headers.forEach((h, c) => {
    const f = h === "" ? null : (guessField(kind, owns[c]!, contexts[c]) ?? guessField(kind, h));
    if (f?.startsWith("_")) ignores++;
    else if (f) fields.add(f);
  });
  // Numbers in a header row are a sign it is data, not a header.
  const numeric = child.cells.filter((v) => typeof v === "number" || (typeof v === "string" && /^[\d.,\s%()-]+$/.test(v.trim()) && /\d/.test(v))).length;
  return { score: fields.size + Math.min(ignores, 1) * 0.5 - numeric, rows: rows.map((r) => r.row), headers, contexts, owns };
}

function isNumeric(c: RawCell): boolean {
  if (typeof c === "number") return true;
  return typeof c === "string" && /\d/.test(c) && /^[\s\d.,%()\-−–]+$/.test(c.trim());
}

/** A row of column numbers under the header: (1) (2) (3) … or 1 2 3 …, or A B C. */
function isColumnNumbersRow(cells: RawCell[]): boolean {
  const vals = cells.filter((c) => c !== null && cellText(c) !== "").map((c) => cellText(c));
  if (vals.length < 3) return false;
  const nums = vals
    .map((v) => /^\(?(\d{1,2})\)?$/.exec(v)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  if (nums.length === vals.length) return nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1);
  return vals.every((v, i) => /^\(?[A-Z]\)?$/.test(v) && (i === 0 || v.replace(/\W/g, "").charCodeAt(0) === vals[i - 1]!.replace(/\W/g, "").charCodeAt(0) + 1));
}

const TOTALS = /^(tong cong|tong so|tong|cong|toan xa|toan huyen|toan tinh|ca xa|total|grand total|sum|subtotal)\b/;
const totalsCache = new Map<string, boolean>();
/** "Tổng cộng", "TỔNG SỐ", "Cộng", "Toàn xã", "Total" … (cached: the same hamlet names come back on every date). */
export function isTotalsLabel(label: string): boolean {
  let v = totalsCache.get(label);
  if (v === undefined) {
    v = TOTALS.test(
      foldName(label)
        .replace(/[^a-z0-9 ]/g, " ")
        .trim(),
    );
    if (totalsCache.size > 50_000) totalsCache.clear();
    totalsCache.set(label, v);
  }
  return v;
}

/** "BÁO CÁO … XÃ CHIỀNG SƠ, HUYỆN ĐIỆN BIÊN ĐÔNG" → "CHIỀNG SƠ" (as written, for matching). */
export function communeInTitle(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = /(?:^|[\s,:;(–-])(xã|phường|thị trấn)\s+([^,;:()\n–-]+?)(?=\s*(?:,|;|–|-|\(|huyện|thị xã|thành phố|tỉnh|năm|tháng|đến|$))/iu.exec(line);
    if (m) {
      const name = m[2]!.trim();
      if (name !== "" && name.length <= 40) return name;
    }
  }
  return null;
}

/** "đến ngày 31/01/2026" / "tháng 01/2026" / "tháng 1 năm 2026" in the title → YYYY-MM-DD. */
export function dateInTitle(lines: readonly string[]): string | null {
  for (const line of lines) {
    const l = line.toLowerCase();
    const day = /(\d{1,2}\/\d{1,2}\/\d{4})/.exec(l);
    if (day) {
      const d = parseDate(day[1]!);
      if (d?.ok) return d.value;
    }
    const month = /tháng\s*(\d{1,2})\s*(?:\/|năm|-)\s*(\d{4})/u.exec(l) ?? /month\s*(\d{1,2})\s*\/\s*(\d{4})/.exec(l);
    if (month) {
      const d = parseDate(`${month[1]}/${month[2]}`);
      if (d?.ok) return d.value;
    }
  }
  return null;
}

import "server-only";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import type { RawCell } from "./text/cells";
import { IngestError } from "./problems";
import { inflateZipEntries, zipEntriesOf, type ZipEntry } from "./archive";

/** One row of a source table: its number in the file (1-based) and its cells (0-based columns). */
export interface SourceRow {
  row: number;
  cells: RawCell[];
  /** Columns whose cell is a spreadsheet formula (its saved result is in `cells`). */
  formulas?: number[];
  /** Per column, the legacy font the cell is formatted in, when it says (".VnTime" → tcvn3, "VNI-Times" → vni). */
  fonts?: (FontHint | undefined)[];
}

export interface FontHint {
  encoding: "tcvn3" | "vni";
  /** A capital font (.VnTimeH): letters typed in it are capitals. */
  capitals: boolean;
}

export type FileFormat = "csv" | "xlsx" | "zip" | "geojson" | "kml" | "kmz";

export interface TableSource {
  format: "csv" | "xlsx";
  /** How the text was decoded (CSV) — shown to the user. */
  encoding: string;
  rows: AsyncIterable<SourceRow>;
  /** Bytes read so far (for progress), and the file's size. */
  progress(): { done: number; total: number };
  /** A workbook's sheet that was read, and the others it has. */
  sheet?: { name: string; others: string[] };
}

export interface OpenOptions {
  /** The worksheet to read (by name), when the user chose one. */
  sheet?: string;
  /** How well a sheet's top rows make a header for the table being imported (higher is better): chooses among several sheets. */
  headerScore?: (rows: SourceRow[]) => number;
}

/**
 * Looks at the first bytes of a file and says what it is, or throws an IngestError with a code the
 * user sees ("empty", "xlsOld", "wrongType", "notText"). The extension is only a tie-breaker.
 */
export async function sniffFile(path: string, fileName: string): Promise<FileFormat> {
  const { size } = await stat(path);
  if (size === 0) throw new IngestError("emptyFile", {});
  const fh = await open(path, "r");
  const head = Buffer.alloc(Math.min(size, 4096));
  await fh.read(head, 0, head.length, 0);
  await fh.close();
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) {
    if (ext === "kmz") return "kmz";
    if (ext === "xlsx" || ext === "xlsm") return "xlsx";
    if (ext === "zip") return "zip";
    // A ZIP without a telling extension: an XLSX holds [Content_Types].xml near the start.
    return head.includes(Buffer.from("[Content_Types].xml")) || head.includes(Buffer.from("xl/")) ? "xlsx" : "zip";
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new IngestError("xlsOld", {});
  if (head.subarray(0, 4).toString("latin1") === "%PDF") throw new IngestError("wrongType", { detected: "PDF" });
  if (/^\x89PNG|^\xff\xd8\xff|^GIF8/.test(head.subarray(0, 4).toString("latin1"))) throw new IngestError("wrongType", { detected: "image" });
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) throw new IngestError("notText", {});
  const text = head
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (ext === "kml" || /^<\?xml[^>]*>\s*<kml|^<kml/i.test(text)) return "kml";
  if (ext === "geojson" || ext === "json" || text.startsWith("{")) return "geojson";
  return "csv";
}

/** Opens a table file (CSV or XLSX) as a stream of rows; memory stays bounded whatever its size. */
export async function openTable(path: string, format: "csv" | "xlsx", opts: OpenOptions = {}): Promise<TableSource> {
  return format === "csv" ? openCsv(path) : openXlsx(path, opts);
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Which text encoding a CSV is in: a BOM says UTF-8/UTF-16; else UTF-8 if every byte sequence is
 * valid UTF-8 (checked over the whole file, streaming); else Windows-1252, the code page Excel
 * uses for a Vietnamese PC's legacy fonts (TCVN3/VNI text then comes out as the Latin-1 letters
 * the font draws, and db/ingest/text/legacy.ts converts it).
 */
async function detectCsvEncoding(path: string): Promise<{ encoding: string; label: string }> {
  const fh = await open(path, "r");
  const head = Buffer.alloc(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", label: "UTF-8 (BOM)" };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf16le", label: "UTF-16 LE" };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf16be", label: "UTF-16 BE" };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return { encoding: "utf8", label: "UTF-8" };
  } catch {
    return { encoding: "win1252", label: "Windows-1252 (legacy font text)" };
  }
}

/** The delimiter used in the first lines: the candidate giving the most consistent, > 1 field count. */
function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, 30);
  let best = ",";
  let bestScore = -1;
  for (const d of [",", ";", "\t", "|"]) {
    const counts = lines.map((l) => splitOutsideQuotes(l, d));
    const max = Math.max(0, ...counts);
    if (max === 0) continue;
    const score = counts.filter((c) => c === max).length * 100 + max;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function splitOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === d && !q) n++;
  }
  return n;
}

async function openCsv(path: string): Promise<TableSource> {
  const { size } = await stat(path);
  const enc = await detectCsvEncoding(path);
  const fh = await open(path, "r");
  const sampleBuf = Buffer.alloc(Math.min(size, 64 * 1024));
  await fh.read(sampleBuf, 0, sampleBuf.length, 0);
  await fh.close();
  const delimiter = detectDelimiter(iconv.decode(sampleBuf, enc.encoding));
  let done = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    input.on("data", (c) => (done += (c as Buffer).length));
    // UTF-8 goes straight to csv-parse; other encodings through iconv-lite first.
    const text = enc.encoding === "utf8" ? input : input.pipe(iconv.decodeStream(enc.encoding));
    const parser = text.pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
    // Row numbers: one line per record, plus the line breaks inside quoted cells (csv-parse's
    // `info` option gives them too, but costs a third more time on a 100k-row file).
    let line = 1;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const cells: RawCell[] = new Array(record.length);
        let breaks = 0;
        for (let i = 0; i < record.length; i++) {
          const c = record[i]!;
          cells[i] = c === "" ? null : c;
          if (c.length > 0 && c.includes("\n")) breaks += c.split("\n").length - 1;
        }
        yield { row: line, cells };
        line += 1 + breaks;
      }
    } catch (err) {
      throw new IngestError("corruptCsv", { detail: (err as Error).message.slice(0, 200) });
    } finally {
      input.destroy();
    }
  }
  return { format: "csv", encoding: `${enc.label}, "${delimiter === "\t" ? "tab" : delimiter}"`, rows: rows(), progress: () => ({ done, total: size }) };
}

// ---------------------------------------------------------------------------------------------
// XLSX
//
// Why not exceljs's WorkbookReader over the file stream: it reads the ZIP in one streaming pass
// (unzipper's Parse) and parses a worksheet only once xl/workbook.xml has been seen — which
// exceljs itself writes last, and which that pass does not reliably deliver when the consumer
// awaits between rows (exceljs issues #3064 and #962, unzipper #234). The result was a flaky
// "Cannot read properties of undefined (reading 'sheets')" reported as a corrupt file, on the
// project's own fixture once in a few dozen runs and on most multi-sheet workbooks. Here the ZIP
// is read from its central directory (./archive.ts: capped, the entries named), the workbook's
// parts are parsed first with exceljs's own parsers, in order, and then the chosen worksheet's
// rows are streamed from its inflated XML by exceljs's WorksheetReader.

/** How many rows at the top of each worksheet are looked at to choose the sheet with the table. */
const SHEET_SCAN_ROWS = 40;

/** What exceljs's WorkbookReader offers beyond its public API (its part parsers, used in order here). */
interface WorkbookParts {
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(chunks: AsyncIterable<string> | Iterable<string>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: { Id: string; Target: string; Type?: string }[];
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
}

async function openXlsx(path: string, opts: OpenOptions): Promise<TableSource> {
  const bytes = await readFile(path);
  const total = bytes.length;
  let entries: ZipEntry[];
  try {
    entries = zipEntriesOf(bytes);
  } catch (err) {
    if (err instanceof IngestError && err.code === "corruptZip") throw new IngestError("corruptXlsx", err.params);
    throw err;
  }
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ""), e]));
  const part = async (name: string): Promise<Uint8Array | null> => {
    const e = byName.get(name);
    return e ? (await inflateZipEntries(bytes, [e])).get(e.name)! : null;
  };
  const asStream = (b: Uint8Array) => new PassThrough().end(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(asStream(new Uint8Array(0)), {
    sharedStrings: "cache",
    styles: "cache",
    worksheets: "emit",
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as WorkbookParts;
  if (typeof reader._parseWorksheet !== "function") throw new Error("exceljs: the workbook reader's part parsers are missing (a new exceljs version?)");
  const rels = await part("xl/_rels/workbook.xml.rels");
  const workbook = await part("xl/workbook.xml");
  if (!rels || !workbook) throw new IngestError("corruptXlsx", { detail: "no xl/workbook.xml (not a workbook)" });
  try {
    await reader._parseRels(asStream(rels));
    await reader._parseWorkbook(asStream(workbook));
    const shared = await part("xl/sharedStrings.xml");
    if (shared) for await (const _ of reader._parseSharedStrings(asStream(shared))) void _;
    const styles = await part("xl/styles.xml");
    if (styles) await reader._parseStyles(asStream(styles));
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError("corruptXlsx", { detail: (err as Error).message.slice(0, 200) });
  }
  // The worksheets in the workbook's order, each with its part's path.
  const sheets = (reader.model?.sheets ?? []).flatMap((sh) => {
    const rel = reader.workbookRels?.find((r) => r.Id === sh.rId);
    if (!rel) return [];
    const target = rel.Target.startsWith("/") ? rel.Target.slice(1) : `xl/${rel.Target.replace(/^\.\//, "")}`;
    return byName.has(target) && /worksheets\//.test(target) ? [{ name: sh.name, path: target }] : [];
  });
  if (sheets.length === 0) throw new IngestError("corruptXlsx", { detail: "no worksheet" });

  /** The rows of one worksheet, streamed from its XML (inflated once, decoded in slices). */
  async function* sheetRows(sheet: { path: string }, onBytes?: (n: number) => void): AsyncGenerator<SourceRow> {
    const xml = (await part(sheet.path))!;
    const SLICE = 256 * 1024;
    const decoder = new TextDecoder("utf-8");
    const chunks = (function* () {
      for (let o = 0; o < xml.length; o += SLICE) {
        onBytes?.(Math.min(SLICE, xml.length - o));
        yield decoder.decode(xml.subarray(o, o + SLICE), { stream: o + SLICE < xml.length });
      }
    })();
    const sheetNo = /sheet(\d+)\.xml$/i.exec(sheet.path)?.[1] ?? "1";
    try {
      for (const { eventType, value } of reader._parseWorksheet(chunks, sheetNo)) {
        if (eventType !== "worksheet") continue;
        for await (const row of value) yield xlsxRow(row);
      }
    } catch (err) {
      if (err instanceof IngestError) throw err;
      throw new IngestError("corruptXlsx", { detail: (err as Error).message.slice(0, 200) });
    }
  }

  // Which sheet: the one named by the user; else, with several, the one whose top rows hold the
  // best header for this kind of table (opts.headerScore); else the first.
  let chosen = 0;
  if (opts.sheet !== undefined) {
    chosen = sheets.findIndex((s) => s.name === opts.sheet);
    if (chosen < 0) throw new IngestError("sheetNotFound", { sheet: opts.sheet, sheets: sheets.map((s) => s.name).join(", ") });
  } else if (sheets.length > 1 && opts.headerScore) {
    let best = -Infinity;
    for (let i = 0; i < sheets.length; i++) {
      const top: SourceRow[] = [];
      for await (const r of sheetRows(sheets[i]!)) {
        if (r.cells.some((c) => c !== null && c !== "")) top.push(r);
        if (top.length >= SHEET_SCAN_ROWS) break;
      }
      const score = opts.headerScore(top);
      if (score > best) {
        best = score;
        chosen = i;
      }
    }
  }
  let done = 0;
  const sheet = sheets[chosen]!;
  return {
    format: "xlsx",
    encoding: "XLSX (Unicode)",
    rows: sheetRows(sheet, (n) => (done += n)),
    progress: () => ({ done: Math.round((done / Math.max(1, sheet ? byName.get(sheet.path)!.size : 1)) * total), total }),
    sheet: { name: sheet.name, others: sheets.filter((_, i) => i !== chosen).map((s) => s.name) },
  };
}

function xlsxRow(row: ExcelJS.Row): SourceRow {
  const cells: RawCell[] = [];
  const formulas: number[] = [];
  const fonts: (FontHint | undefined)[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const i = col - 1;
    const v = cell.value as unknown;
    let out: RawCell = null;
    if (v === null || v === undefined) out = null;
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out = v;
    else if (v instanceof Date) out = v;
    else if (typeof v === "object") {
      const o = v as { richText?: { text: string }[]; formula?: string; sharedFormula?: string; result?: unknown; text?: string; error?: string };
      if (o.richText) out = o.richText.map((r) => r.text).join("");
      else if (o.formula !== undefined || o.sharedFormula !== undefined) {
        formulas.push(i);
        const r = o.result as unknown;
        out = r === undefined || r === null || typeof r === "object" ? (r instanceof Date ? r : null) : (r as string | number | boolean);
      } else if (o.error !== undefined) out = String(o.error);
      else if (typeof o.text === "string") out = o.text;
    }
    cells[i] = out;
    const font = (cell.font as { name?: string } | undefined)?.name;
    if (font) {
      if (/^\.?vn/i.test(font) && !/^vni/i.test(font)) fonts[i] = { encoding: "tcvn3", capitals: /h$/i.test(font) };
      else if (/^vni/i.test(font)) fonts[i] = { encoding: "vni", capitals: false };
    }
  });
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return { row: row.number, cells, ...(formulas.length ? { formulas } : {}), ...(fonts.length ? { fonts } : {}) };
}

/**
 * Reading the values of spreadsheet cells as people type them in Vietnam: counts "1.234" or
 * "1 234" (dot or space as thousands separator), percentages "87,1%", dates "dd/MM/yyyy".
 * Pure functions: each returns a value or a problem code the caller turns into a message.
 */

/** What a reader hands over for one cell: text, a number, a date, or nothing. */
export type RawCell = string | number | Date | boolean | null;

export type CountResult = { ok: true; value: number } | { ok: false; code: "notANumber" | "negative" | "notInteger" | "formulaText" };

/** Text that a spreadsheet would run as a formula if it were opened: = + - @ (and tab/CR tricks). */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** Markup in a name: it will be stored and shown as text, never as HTML. */
export function looksLikeMarkup(text: string): boolean {
  return /<\s*\/?\s*[a-z!][^>]*>/i.test(text) || /javascript:/i.test(text);
}

/**
 * A count of people or households. Accepts numbers, and text with "." or " " (also no-break and
 * thin spaces) or "," as thousands separators: "1.234", "1 234", "1,234", "12". A decimal mark
 * ("12,5") is not a count. Empty → null (the caller decides whether the field is required).
 *
 * @example
 * parseCount("1.234"); // { ok: true, value: 1234 }
 * parseCount("-3");    // { ok: false, code: "negative" }
 */
export function parseCount(cell: RawCell): CountResult | null {
  if (cell === null || cell === "") return null;
  if (typeof cell === "string" && cell.length < 10 && /^\d+$/.test(cell)) return { ok: true, value: Number(cell) }; // the common case, fast
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { ok: false, code: "notANumber" };
    if (cell < 0) return { ok: false, code: "negative" };
    if (!Number.isInteger(cell)) return { ok: false, code: "notInteger" };
    return { ok: true, value: cell };
  }
  if (typeof cell !== "string") return { ok: false, code: "notANumber" };
  const t = cell.trim();
  if (t === "" || t === "-" || t === "–") return null; // a dash in a count column means "none reported"
  if (isWithheld(t)) return null; // "<5": withheld in an export (small counts); the stored value stays
  if (/^[=@+]/.test(t)) return { ok: false, code: "formulaText" };
  const negative = /^[-−–]\s*\d/.test(t) || /^\(\s*\d.*\)$/.test(t);
  const body = t.replace(/^[-−–(]\s*/, "").replace(/\)$/, "");
  // Thousands groups: 1.234.567 / 1 234 567 / 1,234,567 (a lone group of three after one separator).
  const grouped = /^\d{1,3}(?:([.,\s\u00a0\u202f])\d{3})(?:\1\d{3})*$/.exec(body);
  let value: number;
  if (/^\d+$/.test(body)) value = Number(body);
  else if (grouped) value = Number(body.replace(/[.,\s\u00a0\u202f]/g, ""));
  else if (/^\d+[.,]\d+$/.test(body)) return { ok: false, code: "notInteger" };
  else return { ok: false, code: "notANumber" };
  if (negative) return { ok: false, code: "negative" };
  return { ok: true, value };
}

/** A small count withheld by an export ("<5", geo/small-counts.ts): not a value, the stored one stays. */
export function isWithheld(cell: RawCell): boolean {
  return typeof cell === "string" && /^<\s*5$/.test(cell.trim());
}

/**
 * A rate written as a percent ("87,1%", "87.1 %", 0.871 from a formatted cell) → a fraction.
 *
 * @example
 * parsePercent("87,1%"); // 0.871
 */
export function parsePercent(cell: RawCell): number | null {
  if (cell === null || cell === "") return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? (cell > 1.5 ? cell / 100 : cell) : null;
  if (typeof cell !== "string") return null;
  const m = /^\s*(\d{1,3}(?:[.,]\d+)?)\s*%\s*$/.exec(cell);
  return m ? Number(m[1]!.replace(",", ".")) / 100 : null;
}

export type DateResult = { ok: true; value: string } | { ok: false; code: "notADate" };

/**
 * A date as "YYYY-MM-DD" from: a Date (XLSX date cell, read as UTC), an Excel serial number,
 * "dd/MM/yyyy" (also with - or . and one-digit day/month), "yyyy-MM-dd", or a month "MM/yyyy" /
 * "tháng 1/2026" (→ the month's last day, the reporting convention).
 *
 * @example
 * parseDate("31/01/2026"); // { ok: true, value: "2026-01-31" }
 * parseDate("01/2026");    // { ok: true, value: "2026-01-31" }
 */
export function parseDate(cell: RawCell): DateResult | null {
  if (cell === null || cell === "") return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, code: "notADate" };
    return { ok: true, value: cell.toISOString().slice(0, 10) };
  }
  if (typeof cell === "number") {
    // Excel serial day (1900 system): 1 = 1900-01-01, with Lotus's phantom 29/02/1900.
    if (!Number.isInteger(cell) || cell < 1000 || cell > 80000) return { ok: false, code: "notADate" };
    const d = new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000);
    return { ok: true, value: d.toISOString().slice(0, 10) };
  }
  if (typeof cell !== "string") return { ok: false, code: "notADate" };
  const t = cell
    .trim()
    .toLowerCase()
    .replace(/^(ngày|ngay|tháng|thang|month)\s*/u, "");
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t) ?? /^(\d{1,2})\s*(?:năm|nam)\s*(\d{4})$/u.exec(t);
  if (m) return ymd(Number(m[2]), Number(m[1]), lastDay(Number(m[2]), Number(m[1])));
  m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), lastDay(Number(m[1]), Number(m[2])));
  return { ok: false, code: "notADate" };
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function ymd(y: number, m: number, d: number): DateResult {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > lastDay(y, m)) return { ok: false, code: "notADate" };
  return { ok: true, value: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/** A cell as display text (for names, headers and problem messages). */
export function cellText(cell: RawCell): string {
  if (cell === null) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell).replace(/\s+/g, " ").trim();
}

/** A coordinate: "21,4351" or "21.4351" or a number. */
export function parseCoordinate(cell: RawCell): number | null {
  if (cell === null || cell === "") return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== "string") return null;
  const t = cell.trim().replace(",", ".");
  return /^-?\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : null;
}

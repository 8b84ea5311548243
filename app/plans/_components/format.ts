// Small display helpers for the plans page (minutes, clock times, CSV), pure.

/** Minutes → "h:mm" after a day start such as "07:30". */
export function clock(dayStart: string, minutes: number): string {
  const [h, m] = dayStart.split(":").map(Number) as [number, number];
  const total = Math.round(h * 60 + m + minutes);
  return `${String(Math.floor(total / 60) % 24).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** Minutes → { h, m } (rounded to the minute). */
export function hm(minutes: number): { h: number; m: number } {
  const t = Math.round(minutes);
  return { h: Math.floor(t / 60), m: t % 60 };
}

/** One CSV cell: quoted when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (UTF-8 with BOM so Excel reads Vietnamese) from a header and rows. */
export function csv(header: string[], rows: (string | number | null)[][]): string {
  return `\ufeff${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Starts a download of text as a file (browser only). */
export function download(name: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Bounds on what one piece of input may cost (input from the outside is hostile until proven
 * otherwise): how deep a GeoJSON feature's properties may nest, how long a cell may be, how much
 * of a name the suggestions compare, and how long the analysis may keep the event loop.
 */

/** Longest cell read from a table: Excel's own limit (32,767 characters); a longer one is a problem at its row and column. */
export const MAX_CELL_CHARS = 32_767;
/** Longest name (hamlet, commune, site) matched against the gazetteer: no place name comes near it. */
export const MAX_NAME_CHARS = 1_000;

/** Control characters a cell may not keep (C0 but tab, line feed and carriage return; DEL). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters in cells
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Cells with control characters removed that get a note of their own; past this, one count. */
export const MAX_NOTED_CELLS = 50;

/** A long value shortened for a message: its first 60 characters and its length. */
export function preview(text: string, keep = 60): string {
  return text.length <= keep ? text : `${text.slice(0, keep)}… (${text.length.toLocaleString("en-US")})`;
}

/** A spreadsheet column's letter from its 0-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The control characters of a text, named: "U+0000 ×3, U+001B". */
export function describeControls(text: string): string {
  const counts = new Map<string, number>();
  for (const ch of text)
    if (CONTROL_CHARS.test(ch)) {
      const k = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(", ");
}

/** Properties nested deeper than this (objects in objects …) make a feature a problem: nothing real needs it, and walking it could overflow the stack. */
export const MAX_PROPERTY_DEPTH = 20;
/** Longest run of work between two turns of the event loop during an analysis. */
export const SLICE_MS = 20;

/** How deeply a value nests objects and arrays (iteratively: no recursion), counted up to `stopAt` + 1. */
export function nestingDepth(value: unknown, stopAt: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > max) max = d + 1;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, d + 1]);
  }
  return max;
}

/** Runs work in slices of about SLICE_MS, awaiting a turn of the event loop (setImmediate) between them. */
export class Slicer {
  private since = performance.now();
  /** Awaits a turn if the current slice is used up. */
  async tick(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
  /** Drives a generator that yields between units of work (geo/repair-polygon.ts) to its end. */
  async run<T>(g: Generator<void, T>): Promise<T> {
    for (;;) {
      const s = g.next();
      if (s.done) return s.value;
      await this.tick();
    }
  }
}

/**
 * The analysis worker (db/ingest/worker/): how long one file's analysis may take there before the
 * worker is terminated and the import fails ("featureTooComplex" / "analysisTimeout"), and how much
 * JS heap it may use ("analysisMemory"): a 2 M-vertex coverage file takes ≈ 10 s and ≈ 0.7 GB.
 */
export const ANALYSIS_TIME_LIMIT_MS = 60_000;
export const ANALYSIS_MAX_HEAP_MB = 2048;

/**
 * Bounds on what one piece of input may cost (input from the outside is hostile until proven
 * otherwise): how deep a GeoJSON feature's properties may nest, how long a cell may be, how much
 * of a name the suggestions compare, and how long the analysis may keep the event loop.
 */

/** Longest cell read from a table: Excel's own limit (32,767 characters); a longer one is a problem at its row and column. */
export const MAX_CELL_CHARS = 32_767;
/** Longest name (hamlet, commune, site) matched against the gazetteer: no place name comes near it. */
export const MAX_NAME_CHARS = 1_000;

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

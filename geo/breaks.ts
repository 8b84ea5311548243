import { ckmeans, quantileSorted } from "simple-statistics";

/** How to cut the value range into legend classes. */
export type BreakMethod = "quantile" | "equal" | "jenks" | "manual";

export interface ClassBreaksOptions {
  /**
   * - `quantile`: about the same number of values in every class (type-7 quantiles).
   * - `equal`: classes of equal width between min and max.
   * - `jenks`: natural breaks via **ckmeans** — the optimal 1-D k-means (Wang & Song 2011),
   *   the modern, exact replacement for Jenks natural breaks. Boundaries are the largest
   *   value of each cluster.
   * - `manual`: the inner thresholds given in `manual`.
   */
  method: BreakMethod;
  /** Wanted number of classes (positive integer). Ignored for `manual`. */
  classes: number;
  /** For `manual` only: inner thresholds, finite and strictly ascending, e.g. [0.5, 0.8]. */
  manual?: readonly number[];
}

/**
 * Class boundaries for a choropleth legend.
 *
 * Returns `k + 1` ascending boundaries `[min, b1, …, b(k-1), max]` for `k` classes, where
 * `min` / `max` are the data's smallest and largest value: class `i` is
 * `[b0, b1]` for `i = 0`, `(b(i), b(i+1)]` after that (see {@link classify}).
 *
 * - `null`, `undefined` and `NaN` are no-data and are ignored; ±Infinity throws.
 * - No data at all → `[]`.
 * - Equal boundaries are merged, so with fewer distinct values than classes you get fewer
 *   classes; there are always at least 2 boundaries, so one distinct value `v` → `[v, v]`.
 * - `manual`: `[min, …thresholds strictly between min and max…, max]`.
 *
 * @example
 * classBreaks([1, 2, 3, 4, 100, null], { method: "equal", classes: 3 }); // [1, 34, 67, 100]
 * classBreaks([1, 2, 3, 10, 11, 12], { method: "jenks", classes: 2 });   // [1, 3, 12]
 * classBreaks([0.1, 0.6, 0.9], { method: "manual", classes: 0, manual: [0.5, 0.8] }); // [0.1, 0.5, 0.8, 0.9]
 */
export function classBreaks(values: readonly (number | null | undefined)[], opts: ClassBreaksOptions): number[] {
  const { method, classes } = opts;
  if (method !== "manual" && (!Number.isInteger(classes) || classes < 1)) {
    throw new RangeError(`classBreaks: classes must be a positive integer, got ${classes}`);
  }
  const manual = method === "manual" ? checkManual(opts.manual) : [];

  const data: number[] = [];
  values.forEach((v, i) => {
    if (v === null || v === undefined || Number.isNaN(v)) return;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`classBreaks: values[${i}] must be a finite number or null, got ${String(v)}`);
    }
    data.push(v);
  });
  if (data.length === 0) return [];
  const sorted = data.sort((a, b) => a - b); // `data` is our own copy
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;

  let inner: number[];
  switch (method) {
    case "quantile":
      inner = range(1, classes).map((i) => quantileSorted(sorted, i / classes));
      break;
    case "equal":
      inner = range(1, classes).map((i) => min + ((max - min) * i) / classes);
      break;
    case "jenks": {
      const k = Math.min(classes, countDistinct(sorted));
      // ckmeans clusters are sorted ascending; boundaries are the upper ends.
      inner = ckmeans(sorted, k)
        .slice(0, -1)
        .map((cluster) => cluster[cluster.length - 1]!);
      break;
    }
    case "manual":
      inner = manual.filter((t) => t > min && t < max);
      break;
    default:
      throw new RangeError(`classBreaks: unknown method ${String(method)}`);
  }
  const out = [min];
  for (const b of [...inner, max]) {
    if (b > out[out.length - 1]!) out.push(b); // drop duplicates (and keep ascending)
  }
  if (out.length === 1) out.push(max); // a single distinct value: one class [v, v]
  return out;
}

/**
 * The class index (0 … breaks.length − 2) of `value` for boundaries from {@link classBreaks},
 * or `null` for no-data (`null`, `undefined`, NaN, ±Infinity) or empty `breaks`.
 *
 * Classes are closed on the right: `[b0, b1]`, `(b1, b2]`, … so a value equal to a
 * boundary falls in the lower class. Values below the first boundary go to class 0 and
 * values above the last to the last class (useful with manual breaks or new data).
 *
 * @example
 * classify(50, [1, 34, 67, 100]);   // 1
 * classify(34, [1, 34, 67, 100]);   // 0
 * classify(null, [1, 34, 67, 100]); // null
 * @throws RangeError when breaks are not finite and ascending.
 */
export function classify(value: number | null | undefined, breaks: readonly number[]): number | null {
  for (let i = 0; i < breaks.length; i++) {
    const b = breaks[i]!;
    if (!Number.isFinite(b) || (i > 0 && b < breaks[i - 1]!)) {
      throw new RangeError(`classify: breaks must be finite and ascending, got breaks[${i}] = ${b}`);
    }
  }
  if (value === null || value === undefined || !Number.isFinite(value) || breaks.length === 0) return null;
  const last = Math.max(0, breaks.length - 2);
  for (let i = 0; i < last; i++) {
    if (value <= breaks[i + 1]!) return i;
  }
  return last;
}

function checkManual(manual: readonly number[] | undefined): number[] {
  if (!Array.isArray(manual)) {
    throw new RangeError(`classBreaks: method "manual" needs a manual array of thresholds, got ${String(manual)}`);
  }
  manual.forEach((t: number, i: number) => {
    if (typeof t !== "number" || !Number.isFinite(t)) {
      throw new RangeError(`classBreaks: manual[${i}] must be a finite number, got ${String(t)}`);
    }
    if (i > 0 && t <= manual[i - 1]!) {
      throw new RangeError(`classBreaks: manual breaks must be strictly ascending, got ${t} after ${manual[i - 1]}`);
    }
  });
  return [...manual];
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function countDistinct(sorted: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  return n;
}

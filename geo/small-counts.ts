/** Defaults for {@link suppressSmallCounts}. */
export const SMALL_COUNT_DEFAULTS = {
  /** Counts from 1 to threshold − 1 are withheld: a handful of people can be recognised in a hamlet. */
  threshold: 5,
} as const;

/**
 * Withholds small counts (1 … threshold − 1; 0 is kept: "nobody" identifies no one) and reports
 * which keys were withheld, so a display can write "<5" and a rate built on them can be dropped.
 * Returns a new object; the input is not changed.
 *
 * @example
 * suppressSmallCounts({ eligible: 310, activated: 3 })
 * // { values: { eligible: 310, activated: null }, suppressed: ["activated"] }
 * @throws RangeError for a threshold that is not an integer ≥ 1.
 */
export function suppressSmallCounts<K extends string>(
  counts: Readonly<Record<K, number | null>>,
  threshold: number = SMALL_COUNT_DEFAULTS.threshold,
): { values: Record<K, number | null>; suppressed: K[] } {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`suppressSmallCounts: threshold must be an integer >= 1, got ${threshold}`);
  const values = {} as Record<K, number | null>;
  const suppressed: K[] = [];
  for (const k of Object.keys(counts) as K[]) {
    const v = counts[k];
    if (v !== null && v > 0 && v < threshold) {
      values[k] = null;
      suppressed.push(k);
    } else values[k] = v;
  }
  return { values, suppressed };
}

/**
 * Numeric tools for calibrating synthetic counts to published totals. Pure functions.
 *
 * The demo models each hamlet's share of a count as a logistic curve: share = σ(level + offset_i),
 * so one number (the level) moves a whole group of hamlets up or down while keeping their order.
 * Calibration finds the level at which the group's sum equals a published figure, then rounds to
 * integers whose sum is exact.
 */

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export interface LevelItem {
  /** What the share applies to (e.g. eligible people in the hamlet). */
  base: number;
  /** The hamlet's own offset on the logit scale. */
  offset: number;
}

/**
 * The level x such that Σ base·σ(x + offset) = target, by bisection (the sum is increasing in x).
 * Throws when the target is out of reach (below 0 or above Σ base).
 * @example solveLevel([{ base: 100, offset: 0 }], 50) // → 0
 */
export function solveLevel(items: readonly LevelItem[], target: number): number {
  const total = items.reduce((s, i) => s + i.base, 0);
  if (!(target > 0 && target < total)) {
    throw new RangeError(`solveLevel: target ${target} is not inside (0, ${total}) for ${items.length} items`);
  }
  const sum = (x: number) => items.reduce((s, i) => s + i.base * sigmoid(x + i.offset), 0);
  let lo = -30;
  let hi = 30;
  for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Rounds non-negative reals to integers whose sum is exactly `total`, each within [lower_i, upper_i]:
 * start from the nearest integers clamped to the bounds, then move by ±1 the items whose rounding
 * was furthest from their real value (largest-remainder method). Throws when the bounds make the
 * total unreachable.
 */
export function roundToTotal(values: readonly number[], total: number, lower?: readonly number[], upper?: readonly number[]): number[] {
  if (!Number.isInteger(total)) throw new RangeError(`roundToTotal: total ${total} is not an integer`);
  const lo = (i: number) => lower?.[i] ?? 0;
  const hi = (i: number) => upper?.[i] ?? Number.POSITIVE_INFINITY;
  const out = values.map((v, i) => Math.min(hi(i), Math.max(lo(i), Math.round(v))));
  let diff = total - out.reduce((s, v) => s + v, 0);
  if (diff === 0) return out;
  const step = Math.sign(diff);
  // Candidates ordered by how much they "deserve" the step: real value minus current integer.
  const order = values.map((_, i) => i).sort((a, b) => step * (values[b]! - out[b]! - (values[a]! - out[a]!)) || a - b);
  // Several passes: an item may take more than one step when bounds stop others.
  while (diff !== 0) {
    let moved = false;
    for (const i of order) {
      if (diff === 0) break;
      const nv = out[i]! + step;
      if (nv < lo(i) || nv > hi(i)) continue;
      out[i] = nv;
      diff -= step;
      moved = true;
    }
    if (!moved) throw new RangeError(`roundToTotal: cannot reach ${total} within the bounds (short by ${diff})`);
  }
  return out;
}

/** Splits an integer total over weights (largest remainder); weights need not sum to 1. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const w = weights.reduce((s, x) => s + x, 0);
  if (!(w > 0)) throw new RangeError(`apportion: weights sum to ${w}`);
  return roundToTotal(
    weights.map((x) => (total * x) / w),
    total,
  );
}

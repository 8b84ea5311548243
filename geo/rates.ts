import { FUNNEL_STEPS } from "./domain";

/**
 * Ratios for the e-ID funnel (eligible → CCCD issued → received → activated → level 2).
 *
 * A rate is `numerator / denominator`, or `null` when it cannot be computed (no
 * denominator, or a missing — null, undefined, withheld — or non-finite count). This is the one
 * place a rate is computed: the activation rate is `rate(activated, eligible)` everywhere. Rates are never clamped: a value
 * above 1 means the data say more people were e.g. activated than were eligible
 * (out-of-area registrations, a stale denominator), and the dashboard must show that.
 *
 * @example
 * rate(45, 60);  // 0.75
 * rate(5, 0);    // null (no denominator)
 * rate(null, 60); // null (a withheld count)
 * rate(70, 60);  // 1.1666… (not clamped)
 * rate(-1, 60);  // throws RangeError: rate: numerator must be >= 0, got -1
 */
export function rate(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  // Missing or non-finite first: null, NaN, ±Infinity mean "no data", not "bad data".
  if (typeof numerator !== "number" || typeof denominator !== "number" || !Number.isFinite(numerator) || !Number.isFinite(denominator)) return null;
  if (numerator < 0) throw new RangeError(`rate: numerator must be >= 0, got ${numerator}`);
  if (denominator < 0) throw new RangeError(`rate: denominator must be >= 0, got ${denominator}`);
  if (denominator === 0) return null;
  return numerator / denominator;
}

/** Counts for one area (hamlet, commune, …) along the e-ID funnel. */
export interface FunnelCounts {
  /** People eligible for a CCCD / e-ID (the target population). */
  eligible: number;
  /** CCCD (chip-based citizen ID) cards issued. */
  cccdIssued: number;
  /** e-ID applications received (thu nhận). */
  received: number;
  /** e-ID accounts activated (kích hoạt). */
  activated: number;
  /** e-ID accounts at level 2 (mức độ 2). */
  level2: number;
}

/** Rates derived from {@link FunnelCounts}; each is `null` when it cannot be computed. */
export interface FunnelRates {
  /** cccdIssued / eligible */
  cccdIssuedRate: number | null;
  /** received / eligible */
  receivedRate: number | null;
  /** activated / eligible */
  activatedRate: number | null;
  /** activated / received */
  activatedOfReceived: number | null;
  /** level2 / eligible */
  level2Rate: number | null;
}

/**
 * All funnel rates for one area. Same rules as {@link rate}: `null` for a zero or
 * non-finite denominator, no clamping, RangeError naming the field for a negative count.
 *
 * @example
 * funnelRates({ eligible: 100, cccdIssued: 95, received: 80, activated: 60, level2: 40 });
 * // { cccdIssuedRate: 0.95, receivedRate: 0.8, activatedRate: 0.6, activatedOfReceived: 0.75, level2Rate: 0.4 }
 */
export function funnelRates(c: FunnelCounts): FunnelRates {
  for (const field of FUNNEL_STEPS) {
    const v = c[field];
    if (Number.isFinite(v) && v < 0) throw new RangeError(`funnelRates: ${field} must be >= 0, got ${v}`);
  }
  return {
    cccdIssuedRate: rate(c.cccdIssued, c.eligible),
    receivedRate: rate(c.received, c.eligible),
    activatedRate: rate(c.activated, c.eligible),
    activatedOfReceived: rate(c.activated, c.received),
    level2Rate: rate(c.level2, c.eligible),
  };
}

import { linearRegression } from "simple-statistics";

/** Defaults for {@link forecastTarget}. */
export const FORECAST_DEFAULTS = {
  /** The recent pace: how many of the latest points (monthly reports) the line is fitted to. */
  window: 6,
  /** Fewest points for a forecast: a line through 2 points has no spread, so 3 is the least that gives an interval. */
  minPoints: 3,
  /** Two-sided coverage of the prediction interval (0.8, 0.9 or 0.95). */
  level: 0.8 as 0.8 | 0.9 | 0.95,
  /** How far after the last point (days) to look for the date the target is reached. */
  horizonDays: 3 * 365,
} as const;

export interface ForecastOptions {
  window?: number;
  minPoints?: number;
  level?: 0.8 | 0.9 | 0.95;
  horizonDays?: number;
}

/** One observation of a cumulative count (e.g. people received so far) on a date "YYYY-MM-DD". */
export interface ForecastPoint {
  date: string;
  value: number;
}

/** A projected value at a date with its prediction interval. */
export interface ProjectedPoint {
  date: string;
  value: number;
  low: number;
  high: number;
}

/**
 * - `met`: the last point is at or above the target (`metOn` = first point at or above it).
 * - `before-deadline`: at the recent pace the target is reached on `date`, on or before the deadline.
 * - `not-before-deadline`: at the recent pace it is reached after the deadline (`date`), or not within the horizon (`date` null).
 * - `no-progress`: the recent pace is zero or negative: the target will not be reached at this pace.
 * - `insufficient-data`: fewer than `minPoints` points in the window.
 */
export type ForecastStatus = "met" | "before-deadline" | "not-before-deadline" | "no-progress" | "insufficient-data";

export interface Forecast {
  status: ForecastStatus;
  target: number;
  deadline: string;
  /** The last observation. */
  last: ForecastPoint | null;
  /** target − last value, never below 0. */
  remaining: number;
  /** For `met`: the first observation at or above the target. */
  metOn: string | null;
  /** The estimated date the fitted line reaches the target (null unless it does within the horizon). */
  date: string | null;
  /** Earliest date the upper prediction bound reaches the target (null when never within the horizon). */
  earliest: string | null;
  /** Earliest date the lower prediction bound reaches the target (null when never within the horizon). */
  latest: string | null;
  /** How it was computed, for the caption. */
  method: {
    kind: "linear-fit-recent";
    /** Points actually used (≤ window). */
    points: number;
    from: string | null;
    to: string | null;
    level: number;
    /** Fitted pace, per 30.44 days (an average month); null without a fit. */
    pacePerMonth: number | null;
    /** Residual standard deviation of the fit (count units); null without a fit. */
    residualSd: number | null;
  };
  /** The fitted line projected at month ends from the last point to the deadline (or to `date` when later), for a chart. */
  projection: ProjectedPoint[];
}

const DAY_MS = 86_400_000;
const DAYS_PER_MONTH = 365.25 / 12;

/**
 * When will a cumulative count reach its target at the recent pace? Fits a least-squares line to
 * the last `window` points (value against days), and solves for the day the line reaches the
 * target; its uncertainty is the prediction interval of the fit (Student t, `level`): the
 * earliest date is when the upper bound reaches the target, the latest when the lower bound does.
 * Points must be in date order; the inputs are not changed.
 *
 * @example
 * forecastTarget(
 *   [{ date: "2023-01-31", value: 100 }, { date: "2023-03-02", value: 200 }, { date: "2023-04-01", value: 300 }],
 *   1000, "2023-12-31",
 * )
 * // { status: "before-deadline", date: "2023-10-28", earliest: "2023-10-28", latest: "2023-10-28",
 * //   method: { points: 3, pacePerMonth: 101.46, residualSd: 0, … }, projection: [{ date: "2023-05-31", value: 500, … }, …] }
 * @throws RangeError for a bad date, unsorted points, a negative or non-finite value or target, or a bad option.
 */
export function forecastTarget(points: readonly ForecastPoint[], target: number, deadline: string, options: ForecastOptions = {}): Forecast {
  const opts = { ...FORECAST_DEFAULTS, ...options };
  if (!Number.isInteger(opts.window) || opts.window < 2) throw new RangeError(`forecastTarget: window must be an integer >= 2, got ${opts.window}`);
  if (!Number.isInteger(opts.minPoints) || opts.minPoints < 3) throw new RangeError(`forecastTarget: minPoints must be an integer >= 3, got ${opts.minPoints}`);
  if (!(opts.level in T_QUANTILES)) throw new RangeError(`forecastTarget: level must be one of ${Object.keys(T_QUANTILES).join(", ")}, got ${opts.level}`);
  if (!Number.isInteger(opts.horizonDays) || opts.horizonDays < 1)
    throw new RangeError(`forecastTarget: horizonDays must be an integer >= 1, got ${opts.horizonDays}`);
  if (!Number.isFinite(target) || target < 0) throw new RangeError(`forecastTarget: target must be a finite number >= 0, got ${target}`);
  const deadlineDay = toDay(deadline, "deadline");
  const days = points.map((p, i) => {
    if (!Number.isFinite(p.value) || p.value < 0) throw new RangeError(`forecastTarget: points[${i}].value must be a finite number >= 0, got ${p.value}`);
    return toDay(p.date, `points[${i}].date`);
  });
  for (let i = 1; i < days.length; i++) {
    if (days[i]! <= days[i - 1]!)
      throw new RangeError(`forecastTarget: points must be in increasing date order, got ${points[i - 1]!.date} then ${points[i]!.date}`);
  }

  const last = points.length ? { date: points[points.length - 1]!.date, value: points[points.length - 1]!.value } : null;
  const base: Forecast = {
    status: "insufficient-data",
    target,
    deadline,
    last,
    remaining: last ? Math.max(0, target - last.value) : target,
    metOn: null,
    date: null,
    earliest: null,
    latest: null,
    method: { kind: "linear-fit-recent", points: 0, from: null, to: null, level: opts.level, pacePerMonth: null, residualSd: null },
    projection: [],
  };
  if (last && last.value >= target) {
    const first = points.find((p) => p.value >= target)!;
    return { ...base, status: "met", metOn: first.date };
  }

  const start = Math.max(0, points.length - opts.window);
  const xs = days.slice(start);
  const ys = points.slice(start).map((p) => p.value);
  const method = { ...base.method, points: xs.length, from: points[start]?.date ?? null, to: last?.date ?? null };
  if (xs.length < opts.minPoints) return { ...base, method };

  // Days are centred on the window's mean, so the fit is well conditioned (epoch days are ~19,000).
  const n = xs.length;
  const xMean = xs.reduce((s, x) => s + x, 0) / n;
  const { m: slope, b: intercept } = linearRegression(xs.map((x, i) => [x - xMean, ys[i]!]));
  const fitted = (x: number) => intercept + slope * (x - xMean);
  const sse = xs.reduce((s, x, i) => s + (ys[i]! - fitted(x)) ** 2, 0);
  const sd = Math.sqrt(sse / (n - 2));
  const sxx = xs.reduce((s, x) => s + (x - xMean) ** 2, 0);
  const t = tQuantile(opts.level, n - 2);
  const halfWidth = (x: number) => t * sd * Math.sqrt(1 + 1 / n + (x - xMean) ** 2 / sxx);
  const fit = { ...method, pacePerMonth: slope * DAYS_PER_MONTH, residualSd: sd };

  const lastDay = days[days.length - 1]!;
  const horizon = lastDay + opts.horizonDays;
  // First day after the last point on which f(day) >= target (a day-by-day scan: the bounds are not linear).
  const firstDay = (f: (x: number) => number): number | null => {
    for (let x = lastDay + 1; x <= horizon; x++) if (f(x) >= target) return x;
    return null;
  };
  const earliestDay = firstDay((x) => fitted(x) + halfWidth(x));
  const latestDay = slope > 0 ? firstDay((x) => fitted(x) - halfWidth(x)) : null;
  if (slope <= 0) {
    return {
      ...base,
      status: "no-progress",
      method: fit,
      earliest: earliestDay === null ? null : toIso(earliestDay),
      projection: project(lastDay, deadlineDay, fitted, halfWidth),
    };
  }
  const crossing = firstDay(fitted);
  const status: ForecastStatus = crossing !== null && crossing <= deadlineDay ? "before-deadline" : "not-before-deadline";
  return {
    ...base,
    status,
    method: fit,
    date: crossing === null ? null : toIso(crossing),
    earliest: earliestDay === null ? null : toIso(earliestDay),
    latest: latestDay === null ? null : toIso(latestDay),
    projection: project(lastDay, Math.max(deadlineDay, crossing ?? deadlineDay), fitted, halfWidth),
  };
}

/** The fitted line and its interval at each month end after the last point, up to and including the month of `until`. */
function project(lastDay: number, until: number, fitted: (x: number) => number, halfWidth: (x: number) => number): ProjectedPoint[] {
  const out: ProjectedPoint[] = [];
  const d = new Date(lastDay * DAY_MS);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + 1; // the month after the last point's month, 0-based + 1
  const end = new Date(until * DAY_MS);
  const endKey = end.getUTCFullYear() * 12 + end.getUTCMonth();
  while (y * 12 + m <= endKey) {
    const x = Date.UTC(y, m + 1, 0) / DAY_MS; // last day of month m (0-based)
    const v = fitted(x);
    const h = halfWidth(x);
    out.push({ date: toIso(x), value: v, low: v - h, high: v + h });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

function toDay(date: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || toIso(ms / DAY_MS) !== date)
    throw new RangeError(`forecastTarget: ${what} must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return ms / DAY_MS;
}

function toIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Upper quantiles of Student's t for two-sided intervals (df 1…30; above 30 the normal value).
 * Tabulated because simple-statistics has no t quantile function; values from standard tables.
 */
const T_QUANTILES: Record<number, { df: number[]; normal: number }> = {
  0.8: {
    df: [
      3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345, 1.341, 1.337, 1.333, 1.33, 1.328, 1.325, 1.323, 1.321,
      1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.31,
    ],
    normal: 1.282,
  },
  0.9: {
    df: [
      6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717,
      1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
    ],
    normal: 1.645,
  },
  0.95: {
    df: [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074,
      2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
    ],
    normal: 1.96,
  },
};

function tQuantile(level: number, df: number): number {
  const row = T_QUANTILES[level]!;
  return df <= row.df.length ? row.df[df - 1]! : row.normal;
}

import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import type { Locale } from "./config";

/**
 * Number, percent and date formatting for the page's language. Vietnamese follows vi-VN
 * (1.234; 87,1 %); English follows en-GB (1,234; 87.1%). Dates are dd/MM/yyyy in both.
 */
export interface Formatter {
  /** A count; 1 to 4 become "<5" so that small groups cannot be singled out. */
  count(value: number | null): string;
  /** A rate in [0, ∞) as a percent with at most one decimal (rates above 100 % are shown as such). */
  percent(value: number | null): string;
  /** "YYYY-MM-DD" → "dd/MM/yyyy"; anything else as "—". */
  date(isoDate: string | null): string;
  /** An instant (ISO timestamp) → "dd/MM/yyyy HH:mm" in Vietnam's time (UTC+7, no daylight saving); anything else as "—". */
  dateTime(iso: string | null): string;
}

/** Vietnam's offset from UTC (Asia/Ho_Chi_Minh: +07:00 all year). */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** Counts from 1 to this bound (inclusive) are suppressed — the same rule as the server (geo/small-counts.ts). */
export const SMALL_COUNT_MAX = SMALL_COUNT_DEFAULTS.threshold - 1;
/** What a withheld count shows. */
export const SMALL_COUNT_TEXT = `<${SMALL_COUNT_DEFAULTS.threshold}`;
export const MISSING = "—";

const INTL_LOCALES: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

export function isSmallCount(value: number | null): boolean {
  return value !== null && value >= 1 && value <= SMALL_COUNT_MAX;
}

/**
 * `counts` (app/_auth/counts.ts): "withheld" (default) shows 1–4 as "<5"; "exact" (planners) shows
 * every count as it is — the server has already withheld what must be withheld (null → "—" or "<5").
 */
export function formatter(lang: Locale, counts: "exact" | "withheld" = "withheld"): Formatter {
  const integer = new Intl.NumberFormat(INTL_LOCALES[lang], { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(INTL_LOCALES[lang], { maximumFractionDigits: 1 });
  // vi-VN typography puts a (non-breaking) space before %, which Intl's vi percent pattern omits.
  const percentSuffix = lang === "vi" ? "\u00a0%" : "%";
  return {
    count: (value) => {
      if (value === null || !Number.isFinite(value)) return MISSING;
      return counts === "withheld" && isSmallCount(value) ? SMALL_COUNT_TEXT : integer.format(value);
    },
    percent: (value) => (value === null || !Number.isFinite(value) ? MISSING : decimal.format(value * 100) + percentSuffix),
    date: (isoDate) => {
      const m = isoDate === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      return m ? `${m[3]}/${m[2]}/${m[1]}` : MISSING;
    },
    dateTime: (iso) => {
      const t = iso === null ? Number.NaN : Date.parse(iso);
      if (Number.isNaN(t)) return MISSING;
      const d = new Date(t + VIETNAM_OFFSET_MS);
      const two = (n: number) => String(n).padStart(2, "0");
      return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
    },
  };
}

import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import type { PriorityFactor } from "@/geo/priority-score";
import type { Bottleneck } from "@/geo/gap-causes";

/** One colour per factor for the explanation bars (colour-blind-safe Tableau 10 order). */
export const FACTOR_COLOURS: Record<PriorityFactor, string> = {
  remaining: "#4e79a7",
  targetGap: "#b07aa1",
  noGrid: "#9c755f",
  no2g: "#e15759",
  no4g: "#f28e2b",
  noFiber: "#bab0ac",
  poverty: "#ff9da7",
  distance: "#59a14f",
};

export const BOTTLENECK_COLOURS: Record<Bottleneck, string> = {
  infrastructure: "#d7191c",
  device: "#fdae61",
  access: "#2c7bb6",
  process: "#abd9e9",
  away: "#7b3294",
  none: "#bdbdbd",
};

/** Score colour ramp (YlOrRd), as MapLibre interpolate stops and for the legend. */
export const SCORE_STOPS: readonly [number, string][] = [
  [0, "#ffffb2"],
  [0.25, "#fecc5c"],
  [0.5, "#fd8d3c"],
  [0.75, "#f03b20"],
  [1, "#bd0026"],
];

/** Rows per page of the ranked tables. */
export const PAGE_SIZE = 20;

/**
 * A count as shown: the formatter's text, or "<5" where the server withheld it (null, named in
 * `suppressed`) — "—" stays for a count that is really missing.
 */
export function shownCount(fmt: { count(v: number | null): string }, value: number | null, key: string, suppressed: readonly string[]): string {
  return value === null && suppressed.includes(key) ? WITHHELD_TEXT : fmt.count(value);
}
const WITHHELD_TEXT = `<${SMALL_COUNT_DEFAULTS.threshold}`;

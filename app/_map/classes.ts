import { classBreaks, classify } from "@/geo/breaks";

/**
 * Activation-rate classes for the hamlet choropleth: quantile breaks over the hamlets on the map
 * (geo/breaks.ts) and a colour-blind-safe sequential palette (ColorBrewer YlGnBu), light = low.
 */

/** Distinct from every palette colour, so "no data" never reads as a low or high rate. */
export const NO_DATA_COLOUR = "#9e9e9e";

/** ColorBrewer YlGnBu by number of classes (1–5); classBreaks may merge equal breaks into fewer classes. */
const YL_GN_BU: Record<number, readonly string[]> = {
  1: ["#41b6c4"],
  2: ["#a1dab4", "#225ea8"],
  3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
  4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
  5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
};

const CLASS_COUNT = 5;

export interface RateClasses {
  /** k + 1 ascending boundaries (empty when no hamlet has a rate). */
  breaks: number[];
  /** One colour per class: colours[i] is for (breaks[i], breaks[i + 1]]. */
  colours: readonly string[];
}

export function rateClasses(rates: readonly (number | null)[]): RateClasses {
  const breaks = classBreaks(rates, { method: "quantile", classes: CLASS_COUNT });
  const k = Math.max(0, breaks.length - 1);
  return { breaks, colours: YL_GN_BU[k] ?? [] };
}

/** The class index of a rate, or -1 for no data (a number, so it can be a feature property). */
export function classIndex(rate: number | null, classes: RateClasses): number {
  return classify(rate, classes.breaks) ?? -1;
}

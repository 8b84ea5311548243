/**
 * The briefing map's two legends as data: fixed activation-rate classes (fixed, so that two
 * briefings months apart use the same colours) and infrastructure categories (a hamlet's most
 * serious gap for e-ID activation first). tests/app/progress-classes.test.ts validates both.
 */

export interface RateClass {
  /** Message key under briefing.map.rateClasses. */
  key: "below50" | "from50" | "from70" | "from85" | "from95";
  /** Lower bound (inclusive) of activated / eligible. */
  min: number;
  colour: string;
}

/** Activation rate classes, low to high; low rates are the darkest so that they stand out (ColorBrewer OrRd, reversed). */
export const RATE_CLASSES: readonly RateClass[] = [
  { key: "below50", min: 0, colour: "#b30000" },
  { key: "from50", min: 0.5, colour: "#e34a33" },
  { key: "from70", min: 0.7, colour: "#fc8d59" },
  { key: "from85", min: 0.85, colour: "#fdcc8a" },
  { key: "from95", min: 0.95, colour: "#fef0d9" },
];

/** Hamlets whose rate is withheld (small counts) or unknown. */
export const NO_RATE_COLOUR = "#9e9e9e";

/** The class of a rate (index into RATE_CLASSES), or -1 for no rate. */
export function rateClass(rate: number | null): number {
  if (rate === null || !Number.isFinite(rate)) return -1;
  let k = 0;
  RATE_CLASSES.forEach((c, i) => {
    if (rate >= c.min) k = i;
  });
  return k;
}

export interface InfraCategory {
  /** Message key under briefing.map.infraCategories. */
  key: "noSignal" | "noBroadband" | "noGrid" | "noFiber" | "complete";
  colour: string;
}

/** Infrastructure categories, most serious first: a hamlet takes the first that applies. */
export const INFRA_CATEGORIES: readonly InfraCategory[] = [
  { key: "noSignal", colour: "#7a0177" },
  { key: "noBroadband", colour: "#d95f02" },
  { key: "noGrid", colour: "#1a1a1a" },
  { key: "noFiber", colour: "#e6ab02" },
  { key: "complete", colour: "#1b9e77" },
];

/** The category of a hamlet from its gaps (index into INFRA_CATEGORIES). */
export function infraCategory(g: { no2g: boolean; noBroadband: boolean; noGrid: boolean; noFiber: boolean }): number {
  if (g.no2g) return 0;
  if (g.noBroadband) return 1;
  if (g.noGrid) return 2;
  if (g.noFiber) return 3;
  return 4;
}

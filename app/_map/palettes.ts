/**
 * Colour-blind-safe palettes (ColorBrewer 2.0, Cynthia Brewer, Penn State — the schemes marked
 * "colorblind safe"), by number of classes. Sequential schemes go light = low to dark = high;
 * the diverging scheme is centred on its middle class (no change).
 */

/** Distinct from every palette colour, so "no data" never reads as a low or high value. */
export const NO_DATA_COLOUR = "#9e9e9e";
/** Hamlets that do not match the active filters: drawn faintly, as context. */
export const FILTERED_OUT_COLOUR = "#d9d9d9";

export const SEQUENTIAL = {
  /** Yellow–green–blue: for shares where more is better (enrollment, activation). */
  YlGnBu: {
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
  },
  /** Yellow–orange–red: for shares and counts where more is worse (reasons, people still to reach). */
  YlOrRd: {
    2: ["#feb24c", "#f03b20"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
  },
  /** Purples: for progress against a target. */
  Purples: {
    2: ["#bcbddc", "#756bb1"],
    3: ["#efedf5", "#bcbddc", "#756bb1"],
    4: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"],
    5: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
    6: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
    7: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"],
  },
} as const satisfies Record<string, Record<number, readonly string[]>>;

export type SequentialPalette = keyof typeof SEQUENTIAL;
export const SEQUENTIAL_NAMES = Object.keys(SEQUENTIAL) as SequentialPalette[];

/**
 * Purple–orange, diverging: for the change between two dates. Orange = down, purple = up, the
 * middle class (white-ish) = about no change. Odd class counts only, so that 0 has its own class.
 */
export const DIVERGING_PuOr = {
  3: ["#f1a340", "#f7f7f7", "#998ec3"],
  5: ["#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"],
  7: ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"],
} as const satisfies Record<number, readonly string[]>;

/** The palette's colours for k classes (clamped to the sizes it has). */
export function sequentialColours(name: SequentialPalette, k: number): readonly string[] {
  if (k <= 0) return [];
  if (k === 1) return [SEQUENTIAL[name][3][1]];
  const sizes = Object.keys(SEQUENTIAL[name]).map(Number);
  const n = Math.min(Math.max(k, Math.min(...sizes)), Math.max(...sizes));
  return SEQUENTIAL[name][n as keyof (typeof SEQUENTIAL)[typeof name]];
}

export function divergingColours(k: number): readonly string[] {
  const n = k <= 3 ? 3 : k <= 5 ? 5 : 7;
  return DIVERGING_PuOr[n as 3 | 5 | 7];
}

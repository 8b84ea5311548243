import { classBreaks, classify, type BreakMethod } from "@/geo/breaks";
import { divergingColours, sequentialColours, type SequentialPalette } from "./palettes";

/**
 * Legend classes of the explorer: boundaries from geo/breaks.ts (quantiles, equal intervals,
 * natural breaks, manual) over the values drawn, and a colour-blind-safe palette; for a
 * comparison of two dates, classes symmetric around 0 with a diverging palette.
 */

export interface Classes {
  /** k + 1 ascending boundaries (empty when nothing has a value). */
  breaks: number[];
  /** One colour per class: colours[i] is for (breaks[i], breaks[i + 1]] (the first class is closed). */
  colours: readonly string[];
  diverging: boolean;
}

export interface ClassOptions {
  method: BreakMethod;
  /** Wanted number of classes (2–7). */
  k: number;
  /** Inner thresholds for `manual`. */
  manual?: readonly number[];
  palette: SequentialPalette;
}

/** Sequential classes over the values (nulls are no data). */
export function sequentialClasses(values: readonly (number | null)[], o: ClassOptions): Classes {
  const manual = o.method === "manual" && (o.manual?.length ?? 0) > 0;
  const breaks = classBreaks(
    values,
    manual ? { method: "manual", classes: o.k, manual: o.manual } : { method: o.method === "manual" ? "quantile" : o.method, classes: o.k },
  );
  const k = Math.max(0, breaks.length - 1);
  return { breaks, colours: sequentialColours(o.palette, k), diverging: false };
}

/**
 * Classes for changes (date − comparison date), symmetric around 0 so that the middle class is
 * "about no change": an odd number of equal-width classes from −m to m, m the largest absolute
 * change; or the manual thresholds. Colours: purple = up, orange = down.
 */
export function divergingClasses(changes: readonly (number | null)[], o: Pick<ClassOptions, "k" | "method" | "manual">): Classes {
  const present = changes.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return { breaks: [], colours: [], diverging: true };
  if (o.method === "manual" && (o.manual?.length ?? 0) > 0) {
    const breaks = classBreaks(present, { method: "manual", classes: 1, manual: o.manual });
    return { breaks, colours: pickDiverging(breaks.length - 1), diverging: true };
  }
  const k = o.k % 2 === 1 ? Math.min(o.k, 7) : Math.min(o.k + 1, 7);
  const m = Math.max(...present.map(Math.abs));
  if (m === 0) return { breaks: [0, 0], colours: [divergingColours(3)[1]!], diverging: true };
  const breaks = Array.from({ length: k + 1 }, (_, i) => -m + (2 * m * i) / k);
  return { breaks, colours: divergingColours(k), diverging: true };
}

/** The colour of a value, or null for no data. */
export function colourOf(value: number | null, c: Classes): string | null {
  const i = classify(value, c.breaks);
  return i === null ? null : (c.colours[i] ?? null);
}

function pickDiverging(k: number): readonly string[] {
  const full = divergingColours(k);
  if (full.length === k) return full;
  // Fewer classes than the palette has (manual thresholds): take colours evenly from it.
  return Array.from({ length: k }, (_, i) => full[Math.round((i * (full.length - 1)) / Math.max(1, k - 1))]!);
}

import { z } from "zod";
import { PATTERNS, type PatternId } from "../patterns";
import { SOURCE_KEYS } from "../sources";

/**
 * What one map layer is, as data: which source feeds it (`source`, a key of the source table
 * app/_map/sources.ts — one key chooses both how the data are loaded and which MapLibre source the
 * layer draws from), its MapLibre sub-layers (type, paint, layout, filter, zoom range, draw order,
 * whether a click on it picks its feature) and its legend. The registry test parses every
 * definition with {@link layerDefSchema} and validates every sub-layer with MapLibre's style spec.
 */

/** Source keys: the source table (app/_map/sources.ts) says how each is loaded and held. */
export { SOURCE_KEYS, type SourceKey } from "../sources";

const colour = z.string().regex(/^#[0-9a-f]{6}$/, "must be a #rrggbb colour");
const patternId = z.enum(Object.keys(PATTERNS) as [PatternId, ...PatternId[]]);

export const swatchSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fill"), colour }),
  z.object({ kind: z.literal("pattern"), pattern: patternId }),
  z.object({ kind: z.literal("line"), colour, width: z.number().positive(), dash: z.array(z.number().nonnegative()).optional() }),
  z.object({ kind: z.literal("circle"), colour, stroke: colour, strokeWidth: z.number().nonnegative(), radius: z.number().positive() }),
  z.object({ kind: z.literal("icon"), icon: z.literal("no-grid") }),
  z.object({ kind: z.literal("text"), text: z.string().min(1), colour }),
]);
export type Swatch = z.infer<typeof swatchSchema>;

/** One legend line: a message key under explorer.legendItems, and how its swatch is drawn. */
export const legendItemSchema = z.object({ label: z.string().regex(/^[a-zA-Z0-9]+$/), swatch: swatchSchema });
export type LegendItem = z.infer<typeof legendItemSchema>;

export const subLayerSchema = z.object({
  /** Appended to the definition's id (`<id>:<suffix>`) when a definition has several sub-layers. */
  suffix: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** Draw order across all definitions: lower is drawn first (below). */
  z: z.number().int().min(0).max(100),
  type: z.enum(["fill", "line", "circle", "symbol"]),
  paint: z.record(z.string(), z.unknown()).optional(),
  layout: z.record(z.string(), z.unknown()).optional(),
  filter: z.array(z.unknown()).optional(),
  minzoom: z.number().min(0).max(24).optional(),
  maxzoom: z.number().min(0).max(24).optional(),
  /** A click on this sub-layer picks its feature (the map's onFeatureClick; the pointer cursor on hover). */
  click: z.boolean().optional(),
});
export type SubLayer = z.infer<typeof subLayerSchema>;

export const layerDefSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  source: z.enum(SOURCE_KEYS),
  /**
   * - `indicator`: coloured by the chosen indicator (shown by the explorer per level and draw kind);
   * - `status`, `infrastructure`, `label`: toggled by the viewer when `toggle` is true;
   * - `boundary`, `focus`: always drawn;
   * - `marks`: a page's own points and lines (priority scores, telecom gaps, plan sites and routes,
   *   briefing classes) and their highlight rings, always drawn on that page's map.
   */
  group: z.enum(["indicator", "status", "infrastructure", "boundary", "label", "focus", "marks"]),
  toggle: z.boolean(),
  defaultOn: z.boolean(),
  /** For indicator layers: the level of units it colours and whether it draws fills or circles. */
  indicator: z.object({ level: z.enum(["hamlet", "commune", "district"]), draw: z.enum(["fill", "circles"]) }).nullable(),
  /** Its own legend (indicator layers take theirs from the indicator's classes: null). */
  legend: z.array(legendItemSchema).nullable(),
  layers: z.array(subLayerSchema).min(1),
});
export type LayerDef = z.infer<typeof layerDefSchema>;

/** The MapLibre layer id of a sub-layer. */
export function subLayerId(def: Pick<LayerDef, "id">, sub: Pick<SubLayer, "suffix">): string {
  return sub.suffix ? `${def.id}:${sub.suffix}` : def.id;
}

import { z } from "zod";
import { PATTERNS, type PatternId } from "../patterns";

/**
 * What one map layer is, as data: which loader feeds it (`source` — one key chooses both how the
 * data are loaded and which MapLibre source the layer draws from), its MapLibre sub-layers (type,
 * paint, layout, filter, zoom range, draw order) and its legend. The registry test parses every
 * definition with {@link layerDefSchema} and validates every sub-layer with MapLibre's style spec.
 */

/**
 * Loader keys: each names a GeoJSON source of the explorer (app/_map/explorer/Explorer.tsx). `focus`
 * holds only the outline of the unit or hamlet in focus, cut from the others' geometry.
 * `hamletMarks` holds the same points as `hamletPoints`, for the marks that do not follow the
 * indicator (signal rings, no-grid icons): feature state is applied per source, and MapLibre
 * re-evaluates every layer of a source for each feature whose state changes — so the marks are not
 * re-evaluated for all 1,448 hamlets when only the indicator's colours change.
 */
export const SOURCE_KEYS = ["hamlets", "hamletPoints", "hamletMarks", "communes", "districts", "province", "unitPoints", "coverage", "sites", "focus"] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

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
  suffix: z.string().regex(/^[a-z0-9-]+$/).optional(),
  /** Draw order across all definitions: lower is drawn first (below). */
  z: z.number().int().min(0).max(100),
  type: z.enum(["fill", "line", "circle", "symbol"]),
  paint: z.record(z.string(), z.unknown()).optional(),
  layout: z.record(z.string(), z.unknown()).optional(),
  filter: z.array(z.unknown()).optional(),
  minzoom: z.number().min(0).max(24).optional(),
  maxzoom: z.number().min(0).max(24).optional(),
});
export type SubLayer = z.infer<typeof subLayerSchema>;

export const layerDefSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  source: z.enum(SOURCE_KEYS),
  /**
   * - `indicator`: coloured by the chosen indicator (shown by the explorer per level and draw kind);
   * - `status`, `infrastructure`, `label`: toggled by the viewer when `toggle` is true;
   * - `boundary`, `focus`: always drawn.
   */
  group: z.enum(["indicator", "status", "infrastructure", "boundary", "label", "focus"]),
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

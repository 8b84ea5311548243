import { FS } from "../feature-state";
import { FILTERED_OUT_COLOUR, NO_DATA_COLOUR } from "../palettes";

/** Shared paint expressions of the layer definitions (plain MapLibre expressions, data only). */

/** Below this zoom hamlets are drawn as circles at their label points, from it on as polygons. */
export const HAMLET_POLYGON_MIN_ZOOM = 9;

/** The indicator colour of a feature: filtered-out grey, its class colour, or the no-data grey. */
export const indicatorColour = [
  "case",
  ["==", ["feature-state", FS.match], false], FILTERED_OUT_COLOUR,
  ["to-color", ["coalesce", ["feature-state", FS.colour], NO_DATA_COLOUR]],
];

/** Filtered-out features fade; the rest are nearly opaque. */
export const indicatorOpacity = ["case", ["==", ["feature-state", FS.match], false], 0.45, 0.92];

/**
 * 1 when the feature's signal status equals `level`, else 0 (for outline and ring opacity).
 * Hamlets filtered out get no mark, so that while filtering the marks point at the matches.
 */
export const statusIs = (level: number) => ["case", ["==", ["feature-state", FS.match], false], 0, ["==", ["feature-state", FS.status], level], 1, 0];

/** Label text style shared by the label layers: the font shipped with the app, rendered locally. */
export const LABEL_FONT = ["Noto Sans"];

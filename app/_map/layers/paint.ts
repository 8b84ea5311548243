import { FS } from "../feature-state";
import { FILTERED_OUT_COLOUR, NO_DATA_COLOUR } from "../palettes";

/** Shared paint expressions of the layer definitions (plain MapLibre expressions, data only). */

/** Below this zoom hamlets are drawn as circles at their label points, from it on as polygons. */
export const HAMLET_POLYGON_MIN_ZOOM = 9;

/** True for a hamlet the active filters leave out. */
const filteredOut = ["==", ["feature-state", FS.match], false];

/** The indicator colour of a feature: filtered-out grey, its class colour, or the no-data grey. */
export const indicatorColour = ["case", filteredOut, FILTERED_OUT_COLOUR, ["to-color", ["coalesce", ["feature-state", FS.colour], NO_DATA_COLOUR]]];

/** Filtered-out features fade; the rest are nearly opaque. */
export const indicatorOpacity = ["case", filteredOut, 0.45, 0.92];

/*
 * One shader for the indicator circles. MapLibre compiles a shader variant per combination of
 * "constant / zoom-only / per-feature / per-feature and zoom" over a layer's paint properties, the
 * first time a layer with that combination is drawn — and that first link blocks the main thread
 * until the GPU process has compiled it (≈ 200 ms with software WebGL, and behind any frame it is
 * still drawing). The zoomed-out hamlet circles (fill indicators) and the reach circles (circles
 * indicators) therefore read the same kinds of inputs in every paint property: colour, opacity and
 * radius per feature and zoom, strokes constant. Switching between a fill and a circles indicator
 * then compiles nothing. tests/app/map-layers.test.ts checks the kinds match.
 */

/** Zoomed-out hamlet circles: filtered-out hamlets shrink a little as well as fade. */
export const hamletCirclePaint = {
  "circle-color": indicatorColour,
  "circle-opacity": indicatorOpacity,
  "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["case", filteredOut, 1.6, 2.2], 8.9, ["case", filteredOut, 3.2, 4.5]],
  "circle-stroke-color": "#333333",
  "circle-stroke-width": 0.4,
};

/** Radius in px at zoom 10 of a people-to-reach circle (set in feature state; 0 = none). */
const radiusAt10 = ["coalesce", ["feature-state", FS.radius], 0];

/**
 * Graduated people-to-reach circles (hamlets, communes, districts): area proportional to the
 * number, coloured by class; filtered-out hamlets grey and faint (units are never filtered out).
 */
export const reachCirclePaint = {
  "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["*", radiusAt10, 0.35], 10, radiusAt10, 13, ["*", radiusAt10, 2.5]],
  "circle-color": ["case", filteredOut, "#d9d9d9", ["to-color", ["coalesce", ["feature-state", FS.colour], "#9e9e9e"]]],
  "circle-opacity": ["case", filteredOut, 0.35, 0.8],
  "circle-stroke-color": "#4d4d4d",
  "circle-stroke-width": 0.6,
};

/**
 * 1 when the feature's signal status equals `level`, else 0 (for outline and ring opacity).
 * Hamlets filtered out get no mark, so that while filtering the marks point at the matches.
 */
export const statusIs = (level: number) => ["case", ["==", ["feature-state", FS.match], false], 0, ["==", ["feature-state", FS.status], level], 1, 0];

/** Label text style shared by the label layers: the font shipped with the app, rendered locally. */
export const LABEL_FONT = ["Noto Sans"];

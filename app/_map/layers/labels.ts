import type { LayerDef } from "./schema";
import { LABEL_FONT } from "./paint";

/**
 * Names with their Vietnamese diacritics, rendered offline: no glyphs URL in the style, so
 * MapLibre draws every grapheme locally (TinySDF) in the web font "Noto Sans", which the app
 * ships (@fontsource/noto-sans, latin + vietnamese subsets).
 */
export const labels: LayerDef = {
  id: "labels",
  source: "unitPoints",
  group: "label",
  toggle: true,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [
    {
      z: 80,
      type: "symbol",
      filter: ["in", ["get", "level"], ["literal", ["commune", "district"]]],
      minzoom: 8.5,
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": ["interpolate", ["linear"], ["zoom"], 8, 11, 12, 15],
        "text-max-width": 8,
      },
      paint: { "text-color": "#1a1a1a", "text-halo-color": "#ffffff", "text-halo-width": 1.6 },
    },
  ],
};

/** Hamlet names, from zoom 10.5. */
export const hamletLabels: LayerDef = {
  id: "hamlet-labels",
  source: "hamletPoints",
  group: "label",
  toggle: true,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [
    {
      z: 81,
      type: "symbol",
      minzoom: 10.5,
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": 11,
        "text-offset": [0, 0.9],
        "text-anchor": "top",
        "text-optional": true,
      },
      paint: { "text-color": "#333333", "text-halo-color": "#ffffff", "text-halo-width": 1.4 },
    },
  ],
};

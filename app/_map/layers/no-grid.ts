import { FS } from "../feature-state";
import { NO_GRID_ICON } from "../patterns";
import type { LayerDef } from "./schema";

/** A marker on every hamlet without grid power at the date (from its own infrastructure status). */
export const noGrid: LayerDef = {
  id: "no-grid",
  source: "hamletMarks",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [{ label: "noGridHamlet", swatch: { kind: "icon", icon: "no-grid" } }],
  layers: [
    {
      z: 70,
      type: "symbol",
      layout: {
        "icon-image": NO_GRID_ICON,
        "icon-size": ["interpolate", ["linear"], ["zoom"], 6, 0.6, 10, 1],
        "icon-allow-overlap": true,
        "icon-ignore-placement": true,
        "icon-offset": [7, -7],
      },
      paint: { "icon-opacity": ["case", ["==", ["feature-state", FS.noGrid], true], 1, 0] },
    },
  ],
};

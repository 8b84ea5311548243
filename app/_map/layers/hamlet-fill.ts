import type { LayerDef } from "./schema";
import { HAMLET_POLYGON_MIN_ZOOM, indicatorColour, indicatorOpacity } from "./paint";

/** Hamlet polygons (from zoom 9) filled with the indicator's class colour. */
export const hamletFill: LayerDef = {
  id: "hamlet-fill",
  source: "hamlets",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "hamlet", draw: "fill" },
  legend: null,
  layers: [
    { z: 20, type: "fill", click: true, minzoom: HAMLET_POLYGON_MIN_ZOOM, paint: { "fill-color": indicatorColour, "fill-opacity": indicatorOpacity } },
    { suffix: "line", z: 21, type: "line", minzoom: HAMLET_POLYGON_MIN_ZOOM, paint: { "line-color": "#ffffff", "line-width": 0.5, "line-opacity": 0.8 } },
  ],
};

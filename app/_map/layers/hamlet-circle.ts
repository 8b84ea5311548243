import type { LayerDef } from "./schema";
import { HAMLET_POLYGON_MIN_ZOOM, hamletCirclePaint } from "./paint";

/** Zoomed out (below zoom 9): one circle per hamlet at its label point, in the indicator's colour. */
export const hamletCircle: LayerDef = {
  id: "hamlet-circle",
  source: "hamletPoints",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "hamlet", draw: "fill" },
  legend: null,
  layers: [
    {
      z: 61,
      click: true,
      type: "circle",
      maxzoom: HAMLET_POLYGON_MIN_ZOOM,
      paint: hamletCirclePaint,
    },
  ],
};

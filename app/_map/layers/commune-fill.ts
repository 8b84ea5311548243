import type { LayerDef } from "./schema";
import { indicatorColour, indicatorOpacity } from "./paint";

/** Communes filled with the indicator computed from their hamlets' sums (through the crosswalk). */
export const communeFill: LayerDef = {
  id: "commune-fill",
  source: "communes",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "commune", draw: "fill" },
  legend: null,
  layers: [{ z: 10, type: "fill", click: true, paint: { "fill-color": indicatorColour, "fill-opacity": indicatorOpacity } }],
};

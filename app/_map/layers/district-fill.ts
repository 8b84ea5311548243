import type { LayerDef } from "./schema";
import { indicatorColour, indicatorOpacity } from "./paint";

/** Pre-2025 districts filled with the indicator computed from their hamlets' sums. */
export const districtFill: LayerDef = {
  id: "district-fill",
  source: "districts",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "district", draw: "fill" },
  legend: null,
  layers: [{ z: 11, type: "fill", click: true, paint: { "fill-color": indicatorColour, "fill-opacity": indicatorOpacity } }],
};

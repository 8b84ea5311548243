import type { LayerDef } from "./schema";

/** The province outline. */
export const provinceLine: LayerDef = {
  id: "province-line",
  source: "province",
  group: "boundary",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 52, type: "line", paint: { "line-color": "#1a1a1a", "line-width": 2.5 } }],
};

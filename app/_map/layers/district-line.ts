import type { LayerDef } from "./schema";

/** Pre-2025 district boundaries (the source is empty in the post-2025 structure). */
export const districtLine: LayerDef = {
  id: "district-line",
  source: "districts",
  group: "boundary",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: [{ label: "districtBoundary", swatch: { kind: "line", colour: "#333333", width: 2 } }],
  layers: [
    {
      z: 51,
      type: "line",
      paint: { "line-color": "#333333", "line-width": ["interpolate", ["linear"], ["zoom"], 7, 1.2, 11, 2.6], "line-dasharray": [3, 1.5] },
    },
  ],
};

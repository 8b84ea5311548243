import type { LayerDef } from "./schema";

/** Commune boundaries of the structure shown. */
export const communeLine: LayerDef = {
  id: "commune-line",
  source: "communes",
  group: "boundary",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: [{ label: "communeBoundary", swatch: { kind: "line", colour: "#4d4d4d", width: 1 } }],
  layers: [{ z: 50, type: "line", paint: { "line-color": "#4d4d4d", "line-width": ["interpolate", ["linear"], ["zoom"], 7, 0.6, 11, 1.6] } }],
};

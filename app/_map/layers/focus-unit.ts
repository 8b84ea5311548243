import type { LayerDef } from "./schema";

/** The commune in focus: a thick magenta outline (from the `focus` source, see focus-hamlet.ts). */
export const focusCommune: LayerDef = {
  id: "focus-commune",
  source: "focus",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 56, type: "line", filter: ["==", ["get", "level"], "commune"], paint: { "line-color": "#c51b7d", "line-width": 3.5 } }],
};

/** The pre-2025 district in focus: a thick magenta outline. */
export const focusDistrict: LayerDef = {
  id: "focus-district",
  source: "focus",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 57, type: "line", filter: ["==", ["get", "level"], "district"], paint: { "line-color": "#c51b7d", "line-width": 4 } }],
};

import { FS } from "../feature-state";
import type { LayerDef } from "./schema";

/** The commune in focus: a thick magenta outline. */
export const focusCommune: LayerDef = {
  id: "focus-commune",
  source: "communes",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 56, type: "line", paint: { "line-color": "#c51b7d", "line-width": 3.5, "line-opacity": ["case", ["==", ["feature-state", FS.focus], true], 1, 0] } }],
};

/** The pre-2025 district in focus: a thick magenta outline. */
export const focusDistrict: LayerDef = {
  id: "focus-district",
  source: "districts",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 57, type: "line", paint: { "line-color": "#c51b7d", "line-width": 4, "line-opacity": ["case", ["==", ["feature-state", FS.focus], true], 1, 0] } }],
};

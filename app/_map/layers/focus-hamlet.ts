import { FS } from "../feature-state";
import type { LayerDef } from "./schema";

/** The hamlet in focus (clicked, searched or drilled to): a thick magenta outline. */
export const focusHamlet: LayerDef = {
  id: "focus-hamlet",
  source: "hamlets",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 55, type: "line", paint: { "line-color": "#c51b7d", "line-width": 3.5, "line-opacity": ["case", ["==", ["feature-state", FS.focus], true], 1, 0] } }],
};

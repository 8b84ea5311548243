import type { LayerDef } from "./schema";

/**
 * The hamlet in focus (clicked, searched or drilled to): a thick magenta outline. Drawn from the
 * `focus` source, which holds that one outline: an outline layer over every hamlet with all but one
 * transparent would cost a draw of every hamlet's boundary in every frame and an update of all of
 * them whenever the indicator or a filter changes.
 */
export const focusHamlet: LayerDef = {
  id: "focus-hamlet",
  source: "focus",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 55, type: "line", filter: ["==", ["get", "level"], "hamlet"], paint: { "line-color": "#c51b7d", "line-width": 3.5 } }],
};

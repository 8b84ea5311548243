import type { LayerDef } from "./schema";

/**
 * The unit in focus (a hamlet, commune or pre-2025 district — clicked, searched or drilled to): a
 * thick magenta outline, a little thicker for a district. Drawn from the `focus` source, which holds
 * that one outline: an outline layer over every unit with all but one transparent would cost a draw
 * of every boundary in every frame and an update of all of them whenever the indicator or a filter
 * changes.
 */
export const focus: LayerDef = {
  id: "focus",
  source: "focus",
  group: "focus",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: null,
  layers: [{ z: 55, type: "line", paint: { "line-color": "#c51b7d", "line-width": ["match", ["get", "level"], "district", 4, 3.5] } }],
};

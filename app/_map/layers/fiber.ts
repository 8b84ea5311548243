import type { LayerDef } from "./schema";
import { operatorFilter } from "./operator-filter";

/** Fiber reach of the chosen operator (or of any): orange dots. */
export const fiber: LayerDef = {
  id: "fiber",
  source: "coverage",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [{ label: "fiberArea", swatch: { kind: "pattern", pattern: "fiber-good" } }],
  layers: [
    {
      z: 34,
      type: "fill",
      filter: ["all", ["==", ["get", "kind"], "fiber"], operatorFilter],
      paint: { "fill-pattern": "fiber-good", "fill-layer-opacity": 0.75 },
    },
  ],
};

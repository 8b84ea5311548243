import type { LayerDef } from "./schema";

/** Grid power: the area served (brown vertical hatch). Hamlets without grid are marked by no-grid.ts. */
export const grid: LayerDef = {
  id: "grid",
  source: "coverage",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [{ label: "gridArea", swatch: { kind: "pattern", pattern: "grid-good" } }],
  layers: [{ z: 30, type: "fill", filter: ["==", ["get", "kind"], "grid"], paint: { "fill-pattern": "grid-good", "fill-layer-opacity": 0.75 } }],
};

import type { LayerDef } from "./schema";
import { operatorFilter } from "./operator-filter";

/** 2G coverage of the chosen operator (or of any, combined): dense hatch = good signal, sparse = weak. */
export const coverage2G: LayerDef = {
  id: "coverage-2g",
  source: "coverage",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [
    { label: "coverage2GGood", swatch: { kind: "pattern", pattern: "2g-good" } },
    { label: "coverage2GWeak", swatch: { kind: "pattern", pattern: "2g-weak" } },
  ],
  layers: [
    {
      z: 31,
      type: "fill",
      filter: ["all", ["==", ["get", "kind"], "2g"], operatorFilter],
      paint: { "fill-pattern": ["match", ["get", "level"], "weak", "2g-weak", "2g-good"], "fill-layer-opacity": 0.75 },
    },
  ],
};

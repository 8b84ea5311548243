import type { LayerDef } from "./schema";
import { operatorFilter } from "./operator-filter";

/** 4G coverage of the chosen operator (or of any, combined): dense hatch = good signal, sparse = weak. */
export const coverage4G: LayerDef = {
  id: "coverage-4g",
  source: "coverage",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [
    { label: "coverage4GGood", swatch: { kind: "pattern", pattern: "4g-good" } },
    { label: "coverage4GWeak", swatch: { kind: "pattern", pattern: "4g-weak" } },
  ],
  layers: [
    {
      z: 33,
      type: "fill",
      filter: ["all", ["==", ["get", "kind"], "4g"], operatorFilter],
      paint: { "fill-pattern": ["match", ["get", "level"], "weak", "4g-weak", "4g-good"], "fill-layer-opacity": 0.75 },
    },
  ],
};

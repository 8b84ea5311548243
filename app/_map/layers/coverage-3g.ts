import type { LayerDef } from "./schema";
import { operatorFilter } from "./operator-filter";

/** 3G coverage of the chosen operator (or of any, combined): dense hatch = good signal, sparse = weak. */
export const coverage3G: LayerDef = {
  id: "coverage-3g",
  source: "coverage",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [
    { label: "coverage3GGood", swatch: { kind: "pattern", pattern: "3g-good" } },
    { label: "coverage3GWeak", swatch: { kind: "pattern", pattern: "3g-weak" } },
  ],
  layers: [
    {
      z: 32,
      type: "fill",
      filter: ["all", ["==", ["get", "kind"], "3g"], operatorFilter],
      paint: { "fill-pattern": ["match", ["get", "level"], "weak", "3g-weak", "3g-good"], "fill-layer-opacity": 0.75 },
    },
  ],
};

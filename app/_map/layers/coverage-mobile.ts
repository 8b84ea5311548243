import type { MobileTech } from "@/geo/domain";
import type { LayerDef } from "./schema";
import { operatorFilter } from "./operator-filter";

/**
 * Mobile coverage of one technology for the chosen operator (or of any, combined): dense hatch =
 * good signal, sparse = weak. The three technologies differ only in their kind, patterns, legend
 * labels and drawing order, so one function describes them; each is still its own layer definition.
 */
function mobileCoverage(tech: MobileTech, z: number): LayerDef {
  const T = tech.toUpperCase() as "2G" | "3G" | "4G";
  return {
    id: `coverage-${tech}`,
    source: "coverage",
    group: "infrastructure",
    toggle: true,
    defaultOn: false,
    indicator: null,
    legend: [
      { label: `coverage${T}Good`, swatch: { kind: "pattern", pattern: `${tech}-good` } },
      { label: `coverage${T}Weak`, swatch: { kind: "pattern", pattern: `${tech}-weak` } },
    ],
    layers: [
      {
        z,
        type: "fill",
        filter: ["all", ["==", ["get", "kind"], tech], operatorFilter],
        paint: { "fill-pattern": ["match", ["get", "level"], "weak", `${tech}-weak`, `${tech}-good`], "fill-layer-opacity": 0.75 },
      },
    ],
  };
}

export const coverage2G = mobileCoverage("2g", 31);
export const coverage3G = mobileCoverage("3g", 32);
export const coverage4G = mobileCoverage("4g", 33);

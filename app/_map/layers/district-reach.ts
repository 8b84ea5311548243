import type { LayerDef } from "./schema";
import { reachCirclePaint } from "./paint";

/** People still to reach per pre-2025 district (hamlet sums), as graduated circles at the districts' label points. */
export const districtReach: LayerDef = {
  id: "district-reach",
  source: "unitPoints",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "district", draw: "circles" },
  legend: null,
  layers: [
    {
      z: 67,
      click: true,
      type: "circle",
      filter: ["==", ["get", "level"], "district"],
      paint: reachCirclePaint,
    },
  ],
};

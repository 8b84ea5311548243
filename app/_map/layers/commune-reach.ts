import type { LayerDef } from "./schema";
import { reachCirclePaint } from "./paint";

/** People still to reach per commune (hamlet sums), as graduated circles at the communes' label points. */
export const communeReach: LayerDef = {
  id: "commune-reach",
  source: "unitPoints",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "commune", draw: "circles" },
  legend: null,
  layers: [
    {
      z: 66,
      click: true,
      type: "circle",
      filter: ["==", ["get", "level"], "commune"],
      paint: reachCirclePaint,
    },
  ],
};

import { FS } from "../feature-state";
import type { LayerDef } from "./schema";

/** People still to reach per commune (hamlet sums), as graduated circles at the communes' label points. */
const radiusAt10 = ["coalesce", ["feature-state", FS.radius], 0];
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
      type: "circle",
      filter: ["==", ["get", "level"], "commune"],
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["*", radiusAt10, 0.35], 10, radiusAt10, 13, ["*", radiusAt10, 2.5]],
        "circle-color": ["to-color", ["coalesce", ["feature-state", FS.colour], "#9e9e9e"]],
        "circle-opacity": 0.8,
        "circle-stroke-color": "#4d4d4d",
        "circle-stroke-width": 0.6,
      },
    },
  ],
};

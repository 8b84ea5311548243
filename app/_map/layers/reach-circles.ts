import { FS } from "../feature-state";
import type { LayerDef } from "./schema";

/**
 * People still to reach (eligible − activated) as graduated circles at the hamlets' label points:
 * area proportional to the number (the explorer sets the radius at zoom 10 in feature state),
 * coloured by class.
 */
const radiusAt10 = ["coalesce", ["feature-state", FS.radius], 0];
export const reachCircles: LayerDef = {
  id: "reach-circles",
  source: "hamletPoints",
  group: "indicator",
  toggle: false,
  defaultOn: true,
  indicator: { level: "hamlet", draw: "circles" },
  legend: null,
  layers: [
    {
      z: 65,
      type: "circle",
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["*", radiusAt10, 0.35], 10, radiusAt10, 13, ["*", radiusAt10, 2.5]],
        "circle-color": ["case", ["==", ["feature-state", FS.match], false], "#d9d9d9", ["to-color", ["coalesce", ["feature-state", FS.colour], "#9e9e9e"]]],
        "circle-opacity": ["case", ["==", ["feature-state", FS.match], false], 0.35, 0.8],
        "circle-stroke-color": "#4d4d4d",
        "circle-stroke-width": 0.6,
      },
    },
  ],
};

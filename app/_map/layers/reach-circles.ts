import type { LayerDef } from "./schema";
import { reachCirclePaint } from "./paint";

/**
 * People still to reach (eligible − activated) as graduated circles at the hamlets' label points:
 * area proportional to the number (the explorer sets the radius at zoom 10 in feature state),
 * coloured by class.
 */
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
      click: true,
      type: "circle",
      paint: reachCirclePaint,
    },
  ],
};

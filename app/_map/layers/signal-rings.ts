import { FS } from "../feature-state";
import type { LayerDef } from "./schema";
import { HAMLET_POLYGON_MIN_ZOOM } from "./paint";

/**
 * The zoomed-out half of the signal status (see signal-status.ts): a ring around each hamlet
 * circle, black for no signal, white with a black edge for weak. Toggled with signal-status.
 */
export const signalRings: LayerDef = {
  id: "signal-rings",
  source: "hamletPoints",
  group: "status",
  toggle: false,
  defaultOn: true,
  indicator: null,
  legend: [
    { label: "signalNoneRing", swatch: { kind: "circle", colour: "#41b6c4", stroke: "#000000", strokeWidth: 2.5, radius: 5 } },
    { label: "signalWeakRing", swatch: { kind: "circle", colour: "#41b6c4", stroke: "#ffffff", strokeWidth: 2.5, radius: 5 } },
  ],
  layers: [
    {
      z: 60,
      type: "circle",
      maxzoom: HAMLET_POLYGON_MIN_ZOOM,
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, 4.2, 8.9, 7],
        "circle-color": ["match", ["coalesce", ["feature-state", FS.status], -1], 0, "#000000", 1, "#ffffff", "#000000"],
        "circle-opacity": ["case", ["==", ["feature-state", FS.match], false], 0, ["match", ["coalesce", ["feature-state", FS.status], -1], 0, 1, 1, 1, 0]],
        "circle-stroke-color": "#000000",
        "circle-stroke-width": ["match", ["coalesce", ["feature-state", FS.status], -1], 1, 0.8, 0],
        "circle-stroke-opacity": ["case", ["==", ["feature-state", FS.match], false], 0, ["match", ["coalesce", ["feature-state", FS.status], -1], 1, 1, 0]],
      },
    },
  ],
};

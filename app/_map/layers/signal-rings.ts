import { FS } from "../feature-state";
import type { LayerDef } from "./schema";
import { HAMLET_POLYGON_MIN_ZOOM } from "./paint";

/** 1 for a hamlet that gets a ring (no or weak signal, not filtered out), else 0. */
const ring = ["case", ["==", ["feature-state", FS.match], false], 0, ["match", ["coalesce", ["feature-state", FS.status], -1], [0, 1], 1, 0]];

/**
 * The zoomed-out half of the signal status (see signal-status.ts): a ring around each hamlet
 * circle, black for no signal, white with a black edge for weak. Toggled with signal-status.
 * Hamlets without a ring get radius and stroke 0: nothing to rasterise for them in any frame. And
 * as few paint properties as possible read feature state: MapLibre re-evaluates each of them for
 * every hamlet whose state changes, which is every hamlet when the indicator changes.
 */

export const signalRings: LayerDef = {
  id: "signal-rings",
  source: "hamletMarks",
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
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["*", 4.2, ring], 8.9, ["*", 7, ring]],
        "circle-color": ["match", ["coalesce", ["feature-state", FS.status], -1], 1, "#ffffff", "#000000"],
        "circle-stroke-color": "#000000",
        "circle-stroke-width": ["*", ring, ["match", ["coalesce", ["feature-state", FS.status], -1], 1, 0.8, 0]],
      },
    },
  ],
};

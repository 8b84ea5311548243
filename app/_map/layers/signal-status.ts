import type { LayerDef } from "./schema";
import { HAMLET_POLYGON_MIN_ZOOM, statusIs } from "./paint";

/**
 * Each hamlet's own mobile signal (of the technology and operator chosen: the best of any by
 * default) at a glance, without touching the indicator fill: polygons get a thick black outline
 * for no signal and a dashed one for weak; zoomed out, hamlet circles get a black ring (none) or a
 * white ring (weak). Good signal: no mark.
 */
export const signalStatus: LayerDef = {
  id: "signal-status",
  source: "hamlets",
  group: "status",
  toggle: true,
  defaultOn: true,
  indicator: null,
  legend: [
    { label: "signalNone", swatch: { kind: "line", colour: "#000000", width: 3 } },
    { label: "signalWeak", swatch: { kind: "line", colour: "#000000", width: 1.6, dash: [2, 1.5] } },
    { label: "signalGood", swatch: { kind: "line", colour: "#ffffff", width: 0.5 } },
  ],
  layers: [
    {
      suffix: "none",
      z: 40,
      type: "line",
      minzoom: HAMLET_POLYGON_MIN_ZOOM,
      paint: { "line-color": "#000000", "line-width": 3, "line-offset": 1.5, "line-opacity": statusIs(0) },
    },
    {
      suffix: "weak",
      z: 41,
      type: "line",
      minzoom: HAMLET_POLYGON_MIN_ZOOM,
      paint: { "line-color": "#000000", "line-width": 1.6, "line-offset": 0.8, "line-dasharray": [2, 1.5], "line-opacity": statusIs(1) },
    },
  ],
};

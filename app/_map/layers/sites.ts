import type { LayerDef } from "./schema";
import { LABEL_FONT } from "./paint";

/**
 * Sites: the colour says the kind (Okabe–Ito colours, safe for colour-blind readers), the ring
 * says the power (black = grid, yellow = solar, red = none), and from zoom 10.5 a short text says
 * the backhaul (fiber, 4G, 3G, ×).
 */
export const SITE_COLOURS = {
  school: "#0072b2",
  cultural_house: "#e69f00",
  commune_hq: "#cc79a7",
  health_station: "#009e73",
  wifi_point: "#56b4e9",
} as const;
export const POWER_COLOURS = { grid: "#000000", solar: "#f0e442", none: "#d55e00" } as const;

export const sites: LayerDef = {
  id: "sites",
  source: "sites",
  group: "infrastructure",
  toggle: true,
  defaultOn: false,
  indicator: null,
  legend: [
    { label: "siteSchool", swatch: { kind: "circle", colour: SITE_COLOURS.school, stroke: "#000000", strokeWidth: 1, radius: 5 } },
    { label: "siteCulturalHouse", swatch: { kind: "circle", colour: SITE_COLOURS.cultural_house, stroke: "#000000", strokeWidth: 1, radius: 5 } },
    { label: "siteCommuneHq", swatch: { kind: "circle", colour: SITE_COLOURS.commune_hq, stroke: "#000000", strokeWidth: 1, radius: 5 } },
    { label: "siteHealthStation", swatch: { kind: "circle", colour: SITE_COLOURS.health_station, stroke: "#000000", strokeWidth: 1, radius: 5 } },
    { label: "siteWifiPoint", swatch: { kind: "circle", colour: SITE_COLOURS.wifi_point, stroke: "#000000", strokeWidth: 1, radius: 5 } },
    { label: "powerGrid", swatch: { kind: "circle", colour: "#ffffff", stroke: POWER_COLOURS.grid, strokeWidth: 2, radius: 5 } },
    { label: "powerSolar", swatch: { kind: "circle", colour: "#ffffff", stroke: POWER_COLOURS.solar, strokeWidth: 2.5, radius: 5 } },
    { label: "powerNone", swatch: { kind: "circle", colour: "#ffffff", stroke: POWER_COLOURS.none, strokeWidth: 2.5, radius: 5 } },
    { label: "backhaulText", swatch: { kind: "text", text: "4G", colour: "#1a1a1a" } },
  ],
  layers: [
    {
      z: 75,
      type: "circle",
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 7, 2.5, 11, 5.5],
        "circle-color": ["match", ["get", "kind"], ...Object.entries(SITE_COLOURS).flat(), "#999999"],
        "circle-stroke-color": ["match", ["get", "power"], ...Object.entries(POWER_COLOURS).flat(), "#999999"],
        "circle-stroke-width": ["match", ["get", "power"], "grid", 1, 2.2],
      },
    },
    {
      suffix: "backhaul",
      z: 76,
      type: "symbol",
      minzoom: 10.5,
      layout: {
        "text-field": ["match", ["get", "backhaul"], "fiber", "F", "4g", "4G", "3g", "3G", "×"],
        "text-font": LABEL_FONT,
        "text-size": 10,
        "text-offset": [0.9, -0.9],
        "text-allow-overlap": true,
      },
      paint: { "text-color": "#1a1a1a", "text-halo-color": "#ffffff", "text-halo-width": 1.2 },
    },
  ],
};

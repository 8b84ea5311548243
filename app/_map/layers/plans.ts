import type { LayerDef } from "./schema";

/**
 * The plans map (app/plans): hamlets (filled by the team that visits them; ringed when a Wi-Fi point
 * reaches them), candidate sites, chosen Wi-Fi points with their walking areas, each team's daily
 * routes and the base, over the scope's commune outlines. Clicks on sites, hamlets and the base open
 * a popup.
 */

/** One colour per team (ColorBrewer Set1 without yellow), cycling beyond nine. */
export const TEAM_COLOURS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999", "#1b9e77"];
export const teamColour = (team: number) => TEAM_COLOURS[(team - 1) % TEAM_COLOURS.length]!;
export const WIFI_COLOUR = "#0b6e99";
export const ADDED_COLOUR = "#7b2cbf";

const base = { group: "marks", toggle: false, defaultOn: true, indicator: null, legend: null } as const;

/** Layer ids, which the popups and the browser test name. */
export const PLAN_LAYER_IDS = {
  communes: "plan-communes",
  catchments: "plan-catchments",
  routes: "plan-routes",
  hamlets: "plan-hamlets",
  candidates: "plan-candidates",
  existing: "plan-existing-wifi",
  wifi: "plan-wifi",
  base: "plan-base",
} as const;

export const PLAN_LAYERS: readonly LayerDef[] = [
  {
    ...base,
    group: "boundary",
    id: PLAN_LAYER_IDS.communes,
    source: "planCommunes",
    layers: [{ z: 10, type: "line", paint: { "line-color": "#6b6b6b", "line-width": 1, "line-opacity": 0.7 } }],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.catchments,
    source: "planCatchments",
    layers: [
      { z: 20, type: "fill", paint: { "fill-color": WIFI_COLOUR, "fill-opacity": 0.12 } },
      { suffix: "line", z: 21, type: "line", paint: { "line-color": WIFI_COLOUR, "line-width": 1.2, "line-dasharray": [2, 2] } },
    ],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.routes,
    source: "planRoutes",
    layers: [
      {
        z: 30,
        type: "line",
        layout: { "line-join": "round", "line-cap": "round" },
        paint: { "line-color": ["get", "colour"], "line-width": 2.2, "line-opacity": 0.85 },
      },
    ],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.hamlets,
    source: "planHamlets",
    layers: [
      {
        z: 40,
        type: "circle",
        click: true,
        paint: {
          "circle-radius": ["case", ["get", "selected"], 4.5, 3],
          "circle-color": ["case", ["!=", ["get", "teamColour"], ""], ["get", "teamColour"], ["get", "broadband"], "#ffffff", "#c9c9c9"],
          "circle-stroke-color": ["case", ["get", "broadband"], "#7a7a7a", "#222222"],
          "circle-stroke-width": ["case", ["get", "wifiReached"], 2.2, 0.8],
        },
      },
    ],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.candidates,
    source: "planCandidates",
    layers: [
      {
        z: 50,
        type: "circle",
        click: true,
        paint: { "circle-radius": 2.5, "circle-color": ["case", ["get", "added"], ADDED_COLOUR, "#6c757d"], "circle-opacity": 0.8 },
      },
    ],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.existing,
    source: "planExisting",
    layers: [{ z: 60, type: "circle", paint: { "circle-radius": 4, "circle-color": "#ffffff", "circle-stroke-color": WIFI_COLOUR, "circle-stroke-width": 2 } }],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.wifi,
    source: "planWifi",
    layers: [
      {
        z: 70,
        type: "circle",
        click: true,
        paint: { "circle-radius": 8, "circle-color": WIFI_COLOUR, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 },
      },
    ],
  },
  {
    ...base,
    id: PLAN_LAYER_IDS.base,
    source: "planBase",
    layers: [
      {
        z: 80,
        type: "circle",
        click: true,
        paint: { "circle-radius": 9, "circle-color": "#111111", "circle-stroke-color": "#ffd400", "circle-stroke-width": 3 },
      },
    ],
  },
];

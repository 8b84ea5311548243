import type { TelecomGap } from "@/geo/telecom-gaps";
import type { LayerDef } from "./schema";

/**
 * The telecom map (app/telecom): hamlets lacking infrastructure, coloured by their most severe gap,
 * disputed coverage ringed in red, the selected hamlet in blue (global state telecomSelected).
 */

/** The most severe gap first: no signal at all, then no broadband, no grid, no fiber. */
export const SEVERITY: readonly TelecomGap[] = ["no2g", "noBroadband", "noGrid", "noFiber"];
export const GAP_COLOURS: Record<TelecomGap, string> = { no2g: "#b2182b", noBroadband: "#ef8a62", noGrid: "#8c6d31", noFiber: "#999999" };

const base = { group: "marks", toggle: false, defaultOn: true, indicator: null, legend: null } as const;

export const TELECOM_LAYER_IDS = {
  communes: "telecom-communes",
  hamlets: "telecom-hamlets",
  disputed: "telecom-disputed",
  selected: "telecom-selected",
} as const;

export const TELECOM_LAYERS: readonly LayerDef[] = [
  {
    ...base,
    group: "boundary",
    id: TELECOM_LAYER_IDS.communes,
    source: "communes",
    layers: [{ z: 10, type: "line", paint: { "line-color": "#666666", "line-width": 0.8 } }],
  },
  {
    ...base,
    id: TELECOM_LAYER_IDS.hamlets,
    source: "telecomHamlets",
    layers: [
      {
        z: 20,
        type: "circle",
        click: true,
        paint: {
          "circle-color": ["match", ["get", "worst"], ...SEVERITY.flatMap((g) => [g, GAP_COLOURS[g]]), "#cccccc"],
          "circle-radius": 4.5,
          "circle-stroke-color": "#333333",
          "circle-stroke-width": 0.5,
        },
      },
    ],
  },
  {
    ...base,
    id: TELECOM_LAYER_IDS.disputed,
    source: "telecomHamlets",
    layers: [
      {
        z: 21,
        type: "circle",
        filter: ["==", ["get", "disputed"], true],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": 8, "circle-stroke-color": "#cc0000", "circle-stroke-width": 2.5 },
      },
    ],
  },
  {
    ...base,
    id: TELECOM_LAYER_IDS.selected,
    source: "telecomHamlets",
    layers: [
      {
        z: 22,
        type: "circle",
        filter: ["==", ["get", "id"], ["global-state", "telecomSelected"]],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": 11, "circle-stroke-color": "#0047ab", "circle-stroke-width": 3 },
      },
    ],
  },
];

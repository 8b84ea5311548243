import { SCORE_STOPS } from "@/app/_components/gap-display";
import type { LayerDef } from "./schema";

/**
 * The priorities map (app/priorities): hamlets as circles coloured by their score and sized by the
 * people still to activate, commune outlines, the table's current page ringed in black and the
 * selected hamlet in blue (global state priorityPage / prioritySelected). A click selects a hamlet.
 */
const radius = (extra: number) => ["+", ["interpolate", ["linear"], ["sqrt", ["get", "remaining"]], 0, 2.5, 16, 9], extra];
const base = { group: "marks", toggle: false, defaultOn: true, indicator: null, legend: null } as const;

export const PRIORITY_LAYER_IDS = { communes: "priority-communes", hamlets: "priority-hamlets", page: "priority-page", selected: "priority-selected" } as const;

export const PRIORITY_LAYERS: readonly LayerDef[] = [
  {
    ...base,
    group: "boundary",
    id: PRIORITY_LAYER_IDS.communes,
    source: "communes",
    layers: [{ z: 10, type: "line", paint: { "line-color": "#666666", "line-width": 0.8 } }],
  },
  {
    ...base,
    id: PRIORITY_LAYER_IDS.hamlets,
    source: "priorityHamlets",
    layers: [
      {
        z: 20,
        type: "circle",
        click: true,
        layout: { "circle-sort-key": ["get", "score"] },
        paint: {
          "circle-color": ["interpolate", ["linear"], ["get", "score"], ...SCORE_STOPS.flat()],
          "circle-radius": radius(0),
          "circle-stroke-color": "#555555",
          "circle-stroke-width": 0.4,
        },
      },
    ],
  },
  {
    ...base,
    id: PRIORITY_LAYER_IDS.page,
    source: "priorityHamlets",
    layers: [
      {
        z: 21,
        type: "circle",
        filter: ["in", ["get", "id"], ["global-state", "priorityPage"]],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": radius(2.5), "circle-stroke-color": "#111111", "circle-stroke-width": 1.8 },
      },
    ],
  },
  {
    ...base,
    id: PRIORITY_LAYER_IDS.selected,
    source: "priorityHamlets",
    layers: [
      {
        z: 22,
        type: "circle",
        filter: ["==", ["get", "id"], ["global-state", "prioritySelected"]],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": radius(6), "circle-stroke-color": "#0047ab", "circle-stroke-width": 3.5 },
      },
    ],
  },
];

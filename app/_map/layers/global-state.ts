import { OPERATOR_STATE } from "./operator-filter";

/**
 * The map's global state (MapLibre `["global-state", key]`) with its defaults: values a page sets
 * (MapView's `globalState`) and that layer filters read, so that a definition stays plain data
 * while the page decides which operator, which table page or which selected hamlet it shows.
 */
export const GLOBAL_STATE = {
  /** Coverage operator shown: "any" (all combined) or an operator (app/_map/layers/operator-filter.ts). */
  [OPERATOR_STATE]: "any" as string,
  /** Ids of the hamlets on the priority table's current page (ringed in black). */
  priorityPage: [] as string[],
  /** Id of the selected hamlet ("" = none) on the priorities and the telecom maps. */
  prioritySelected: "",
  telecomSelected: "",
};
export type GlobalStateKey = keyof typeof GLOBAL_STATE;
export type GlobalState = { [K in GlobalStateKey]: (typeof GLOBAL_STATE)[K] };

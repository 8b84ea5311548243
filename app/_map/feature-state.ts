/**
 * The feature-state keys the explorer sets on hamlet and unit features (by id) and the layers'
 * paint reads. Feature state, not feature properties: changing the indicator, the date or a
 * filter re-colours the map without sending or re-tiling any geometry — which also works
 * unchanged on vector tiles later (same ids, `promoteId: "id"`).
 */
export const FS = {
  /** Fill colour of the indicator class (a CSS colour string); absent = no data. */
  colour: "colour",
  /** false when the hamlet does not match the active filters (drawn faintly); absent/true = shown. */
  match: "match",
  /** Signal level of the chosen technology and operator: 0 none, 1 weak, 2 good; absent = unknown. */
  status: "status",
  /** Radius in pixels at zoom 10 of the people-to-reach circle; absent or 0 = none. */
  radius: "radius",
  /** true when the hamlet has no grid power. */
  noGrid: "noGrid",
} as const;

export type FeatureStateValues = Partial<{
  colour: string;
  match: boolean;
  status: number;
  radius: number;
  noGrid: boolean;
}>;

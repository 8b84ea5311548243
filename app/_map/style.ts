import type { StyleSpecification } from "maplibre-gl";
import type { FeatureCollection } from "geojson";
import { drawOrder, type LayerDef } from "./layers";
import { GLOBAL_STATE, type GlobalState } from "./layers/global-state";
import { SOURCES } from "./sources";

/**
 * The MapLibre style of a map from its layer definitions: one source per source key (held as the
 * source table says, app/_map/sources.ts, empty until the map sets its data), the sub-layers in
 * drawing order (hidden until the map shows them), the global state with its defaults. No glyphs,
 * sprite or any URL: labels are drawn locally (TinySDF) in the web font the app ships. The map
 * (app/_map/MapView.tsx) starts from this style; the registry test validates it for every map.
 */
export function mapStyle(layers: readonly LayerDef[], opts: { background?: string; globalState?: Partial<GlobalState> } = {}): StyleSpecification {
  const empty: FeatureCollection = { type: "FeatureCollection", features: [] };
  const sourceKeys = [...new Set(layers.map((l) => l.source))];
  return {
    version: 8,
    state: Object.fromEntries(Object.entries({ ...GLOBAL_STATE, ...opts.globalState }).map(([k, v]) => [k, { default: v }])),
    sources: Object.fromEntries(sourceKeys.map((k) => [k, { ...SOURCES[k].maplibre, data: empty }])),
    layers: [
      { id: "background", type: "background", paint: { "background-color": opts.background ?? "#eef0eb" } },
      ...drawOrder(layers).map(({ def, sub, id }) => {
        const layer: Record<string, unknown> = { id, type: sub.type, source: def.source, layout: { ...(sub.layout ?? {}), visibility: "none" } };
        if (sub.paint) layer.paint = sub.paint;
        if (sub.filter) layer.filter = sub.filter;
        if (sub.minzoom !== undefined) layer.minzoom = sub.minzoom;
        if (sub.maxzoom !== undefined) layer.maxzoom = sub.maxzoom;
        return layer as unknown as StyleSpecification["layers"][number];
      }),
    ],
  } as StyleSpecification;
}

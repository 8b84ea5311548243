"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import type { FeatureCollection } from "geojson";
import type { FeatureStateValues } from "./feature-state";
import { drawOrder, featureStateKeys, type LayerDef } from "./layers";
import type { SourceKey } from "./layers/schema";
import { OPERATOR_STATE } from "./layers/operator-filter";
import { NO_GRID_ICON, PATTERNS, PATTERN_PIXEL_RATIO, noGridIconImage, patternImage } from "./patterns";

/**
 * A MapLibre map drawn from layer definitions (app/_map/layers) and data given as props — reusable
 * by any page: pass the layers to draw, the GeoJSON of each source key, which layers are visible
 * and the feature states to apply. The map is created once; later prop changes are applied as
 * small updates (setData, visibility, feature state), never by rebuilding the style.
 */

export type Bbox = [number, number, number, number];

export interface FeatureStates {
  source: SourceKey;
  states: ReadonlyMap<string, FeatureStateValues>;
}

export interface MapViewProps {
  layers: readonly LayerDef[];
  sources: Partial<Record<SourceKey, FeatureCollection | null>>;
  /** Definition ids to show. */
  visible: ReadonlySet<string>;
  featureStates: readonly FeatureStates[];
  /** Coverage operator shown ("any" = all combined). */
  operator?: string;
  /** First view: a position, or else bounds to fit. */
  initial: { center?: [number, number]; zoom?: number; bounds?: Bbox };
  /** Fit these bounds whenever `key` changes (drill-down, search). */
  fit?: { key: string; bounds: Bbox } | null;
  attribution: string;
  /** Messages for MapLibre's own controls. */
  locale?: Record<string, string>;
  onMoveEnd?(center: [number, number], zoom: number): void;
  /** A click on a feature of one of these layers (first hit wins). */
  onFeatureClick?(hit: { layerId: string; source: SourceKey; id: string }): void;
  clickLayers?: readonly string[];
  onReady?(map: maplibregl.Map): void;
  className?: string;
}

/** What the browser tests read: the map, and whether its style loaded and first frame was drawn. */
declare global {
  interface Window {
    __gapmap?: { map: maplibregl.Map; ready: boolean };
  }
}

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/ instead.
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  /** Per source: the states last given, and what of them was applied (the keys its layers read). */
  const applied = useRef(new Map<SourceKey, { from: ReadonlyMap<string, FeatureStateValues>; states: Map<string, FeatureStateValues> }>());
  const dataApplied = useRef(new Map<SourceKey, FeatureCollection | null | undefined>());
  const latest = useRef(props);
  latest.current = props;

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    const p = latest.current;
    const sourceKeys = [...new Set(p.layers.map((l) => l.source))];
    const style: maplibregl.StyleSpecification = {
      version: 8,
      // No `glyphs`: labels are drawn locally (TinySDF) in the web font the app ships.
      state: { [OPERATOR_STATE]: { default: "any" } },
      sources: Object.fromEntries(sourceKeys.map((k) => [k, { type: "geojson", data: EMPTY, promoteId: "id" }])),
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#eef0eb" } },
        ...drawOrder(p.layers).map(({ def, sub, id }) => {
          const layer: Record<string, unknown> = { id, type: sub.type, source: def.source, layout: { ...(sub.layout ?? {}), visibility: "none" } };
          if (sub.paint) layer.paint = sub.paint;
          if (sub.filter) layer.filter = sub.filter;
          if (sub.minzoom !== undefined) layer.minzoom = sub.minzoom;
          if (sub.maxzoom !== undefined) layer.maxzoom = sub.maxzoom;
          return layer as unknown as maplibregl.LayerSpecification;
        }),
      ],
    };
    const m = new maplibregl.Map({
      container: container.current,
      style,
      ...(p.initial.center && p.initial.zoom !== undefined ? { center: p.initial.center, zoom: p.initial.zoom } : { bounds: p.initial.bounds, fitBoundsOptions: { padding: 32 } }),
      attributionControl: { compact: false, customAttribution: p.attribution },
      locale: p.locale,
      // Keeps the last frame readable for the PNG export.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    m.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
    for (const pat of Object.values(PATTERNS)) m.addImage(pat.id, patternImage(pat), { pixelRatio: PATTERN_PIXEL_RATIO });
    m.addImage(NO_GRID_ICON, noGridIconImage(), { pixelRatio: PATTERN_PIXEL_RATIO });
    window.__gapmap = { map: m, ready: false };
    m.on("load", () => {
      if (window.__gapmap?.map === m) window.__gapmap.ready = true;
      setMap(m);
      latest.current.onReady?.(m);
    });
    m.on("error", (e) => console.error("map error", e.error));
    m.on("moveend", () => {
      const c = m.getCenter();
      latest.current.onMoveEnd?.([c.lng, c.lat], m.getZoom());
    });
    m.on("click", (e) => {
      const layers = (latest.current.clickLayers ?? []).filter((id) => m.getLayer(id) && m.getLayoutProperty(id, "visibility") !== "none");
      if (layers.length === 0) return;
      const hit = m.queryRenderedFeatures(e.point, { layers })[0];
      if (!hit) return;
      latest.current.onFeatureClick?.({ layerId: hit.layer.id, source: hit.source as SourceKey, id: String(hit.properties.id ?? hit.id) });
    });
    m.on("mousemove", (e) => {
      const layers = (latest.current.clickLayers ?? []).filter((id) => m.getLayer(id) && m.getLayoutProperty(id, "visibility") !== "none");
      m.getCanvas().style.cursor = layers.length > 0 && m.queryRenderedFeatures(e.point, { layers }).length > 0 ? "pointer" : "";
    });
    const appliedStates = applied.current;
    const appliedData = dataApplied.current;
    return () => {
      m.remove();
      appliedStates.clear();
      appliedData.clear();
      if (window.__gapmap?.map === m) delete window.__gapmap;
      setMap(null);
    };
  }, []);

  // Data.
  useEffect(() => {
    if (!map) return;
    for (const [key, data] of Object.entries(props.sources) as [SourceKey, FeatureCollection | null | undefined][]) {
      if (dataApplied.current.get(key) === data) continue;
      const src = map.getSource<maplibregl.GeoJSONSource>(key);
      if (!src) continue;
      src.setData(data ?? EMPTY);
      dataApplied.current.set(key, data);
    }
  }, [map, props.sources]);

  // Visibility.
  useEffect(() => {
    if (!map) return;
    for (const { def, id } of drawOrder(props.layers)) {
      const want = props.visible.has(def.id) ? "visible" : "none";
      if (map.getLayoutProperty(id, "visibility") !== want) map.setLayoutProperty(id, "visibility", want);
    }
  }, [map, props.layers, props.visible]);

  // Operator of the coverage layers.
  useEffect(() => {
    if (!map) return;
    map.setGlobalStateProperty(OPERATOR_STATE, props.operator ?? "any");
  }, [map, props.operator]);

  // Feature states: per source only the keys its layers read, and only for the features whose
  // values of those keys changed since the last time (each write makes MapLibre re-evaluate every
  // layer of the source for that feature).
  const stateKeys = useMemo(() => featureStateKeys(props.layers), [props.layers]);
  useEffect(() => {
    if (!map) return;
    const t0 = performance.now();
    for (const { source, states } of props.featureStates) {
      if (!map.getSource(source)) continue;
      const before = applied.current.get(source);
      if (before?.from === states) continue;
      const keys = [...(stateKeys.get(source) ?? [])] as (keyof FeatureStateValues)[];
      const now = new Map<string, FeatureStateValues>();
      for (const [id, all] of states) {
        const s = pick(all, keys);
        now.set(id, s);
        const old = before?.states.get(id);
        if (old ? sameState(old, s) : Object.keys(s).length === 0) continue;
        // setFeatureState merges: a key the new state lacks must be removed first.
        if (old && Object.keys(old).some((k) => !(k in s))) map.removeFeatureState({ source, id });
        map.setFeatureState({ source, id }, s);
      }
      if (before) for (const id of before.states.keys()) if (!states.has(id)) map.removeFeatureState({ source, id });
      applied.current.set(source, { from: states, states: now });
    }
    // Measured (Performance API) so that the cost of applying a new view can be read apart from the frames.
    performance.measure("gapmap:feature-state", { start: t0, end: performance.now() });
  }, [map, props.featureStates]);

  // Fit on request.
  const fitKey = props.fit?.key;
  useEffect(() => {
    if (!map || !fitKey || !latest.current.fit) return;
    map.fitBounds(latest.current.fit.bounds, { padding: 48, maxZoom: 13, duration: 600 });
  }, [map, fitKey]);

  return <div ref={container} className={props.className ?? "map-canvas"} />;
}

function pick(s: FeatureStateValues, keys: readonly (keyof FeatureStateValues)[]): FeatureStateValues {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (s[k] !== undefined) out[k] = s[k];
  return out as FeatureStateValues;
}

function sameState(a: FeatureStateValues, b: FeatureStateValues): boolean {
  const ka = Object.keys(a) as (keyof FeatureStateValues)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

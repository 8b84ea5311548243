"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import type { FeatureCollection } from "geojson";
import type { FeatureStateValues } from "./feature-state";
import { drawOrder, featureStateKeys, type LayerDef } from "./layers";
import type { GlobalState } from "./layers/global-state";
import { mapStyle } from "./style";
import type { SourceKey } from "./sources";
import { NO_GRID_ICON, PATTERNS, PATTERN_PIXEL_RATIO, noGridIconImage, patternImage } from "./patterns";

/**
 * The one MapLibre map of the app: every page (explorer, priorities, telecom, plans, briefing)
 * configures it with its layer definitions (app/_map/layers), the data of their source keys (the
 * source table app/_map/sources.ts says how each source is held and loaded), the view and its
 * callbacks. The map is created once; later prop changes are applied as small updates (setData,
 * visibility, global state, feature state), never by rebuilding the style.
 *
 * `mode: "image"` draws the map once, not interactive, and keeps it as a PNG (the briefing: the same
 * picture on the projector and on paper, where a WebGL canvas would not print).
 */

export type Bbox = [number, number, number, number];

export interface FeatureStates {
  source: SourceKey;
  states: ReadonlyMap<string, FeatureStateValues>;
}

/** A click on a feature of a sub-layer marked `click` (the top-most hit). */
export interface FeatureHit {
  /** The MapLibre (sub-)layer id and its definition's id. */
  layerId: string;
  defId: string;
  source: SourceKey;
  /** The feature's `id` property (or its feature id); null when it has none. */
  id: string | null;
  properties: Record<string, unknown>;
}

export interface MapViewProps {
  layers: readonly LayerDef[];
  /** GeoJSON per source key (absent or null: empty). */
  data: Partial<Record<SourceKey, FeatureCollection | null>>;
  /** Definition ids to show (default: all). */
  visible?: ReadonlySet<string>;
  featureStates?: readonly FeatureStates[];
  /** Values of the global state the layers' filters read (operator, table page, selection). */
  globalState?: Partial<GlobalState>;
  /** First view: a position, or else bounds to fit (with `padding` pixels around). */
  initial: { center?: [number, number]; zoom?: number; bounds?: Bbox; padding?: number };
  /** Fit these bounds whenever `key` changes (drill-down, search). */
  fit?: { key: string; bounds: Bbox } | null;
  /** Bring this point into view (eased to the centre) when it is outside the map. */
  reveal?: [number, number] | null;
  mode?: "interactive" | "image";
  /** Image mode: the picture's size, its alternative text, and what is said while it draws. */
  image?: { width: number; height: number; alt: string; loading: string };
  background?: string;
  /** The attribution text (interactive mode); compact = folded behind the (i) button. */
  attribution?: string;
  compactAttribution?: boolean;
  scaleBar?: boolean;
  /** Messages for MapLibre's own controls. */
  locale?: Record<string, string>;
  onMoveEnd?(center: [number, number], zoom: number): void;
  /** A click on a clickable feature; an element returned is shown in a popup at the click (null: no popup). */
  onFeatureClick?(hit: FeatureHit): HTMLElement | null;
  /** When set, a click anywhere gives its position instead (crosshair cursor). */
  pickPoint?: ((lngLat: [number, number]) => void) | null;
  onReady?(map: maplibregl.Map): void;
  /** Image mode: the PNG data URL once drawn, or null when it could not be read. */
  onImage?(url: string | null): void;
  /** The window property the browser tests read: the map, whether it has drawn, and how many times it drew new data of `counts`. */
  testHook?: TestHook | { name: TestHook; counts: SourceKey };
  className?: string;
}

export type TestHook = "__gapmap" | "__gapmapPriorities" | "__gapmapTelecom" | "__plansMap";
interface TestHandle {
  map: maplibregl.Map;
  /** The style has loaded and the data given so far are applied. */
  ready: boolean;
  /** How many times new data of the source the page counts were drawn (a planner run: its hamlets). */
  drawn: number;
}
declare global {
  interface Window {
    __gapmap?: TestHandle;
    __gapmapPriorities?: TestHandle;
    __gapmapTelecom?: TestHandle;
    __plansMap?: TestHandle;
  }
}

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/ instead.
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };
const ALL = Symbol("all");

/** Text that needs the Vietnamese subset of the shipped font, so the browser loads it before the map draws labels. */
const FONT_PROBE = "Điện Biên Đông ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự";

/**
 * Labels are drawn locally (no `glyphs` URL: MapLibre's TinySDF) in the web font the app ships;
 * canvas text does not wait for a font file, so the latin and vietnamese subsets of "Noto Sans" are
 * loaded first (local files, no network) — only by maps that draw text.
 */
function useFonts(needed: boolean): boolean {
  const [ready, setReady] = useState(!needed);
  useEffect(() => {
    if (!needed) return;
    const timer = setTimeout(() => setReady(true), 4000);
    Promise.all([document.fonts.load(`16px "Noto Sans"`, FONT_PROBE), document.fonts.load(`bold 16px "Noto Sans"`, FONT_PROBE)])
      .catch((err: unknown) => console.warn("font", err))
      .finally(() => {
        clearTimeout(timer);
        setReady(true);
      });
    return () => clearTimeout(timer);
  }, [needed]);
  return ready;
}

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const sync = useRef<Sync | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const imageMode = props.mode === "image";
  const fonts = useFonts(useMemo(() => drawOrder(props.layers).some(({ sub }) => sub.layout?.["text-font"]), [props.layers]));

  // Create the map once (after the fonts, when it draws text).
  useEffect(() => {
    if (!container.current || !fonts) return;
    const p = latest.current;
    // Read once, like every other prop here: the map is made for one mode.
    const asImage = p.mode === "image";
    const order = drawOrder(p.layers);
    const style = mapStyle(p.layers, { background: p.background, globalState: p.globalState });
    const view =
      p.initial.center && p.initial.zoom !== undefined
        ? { center: p.initial.center, zoom: p.initial.zoom }
        : { bounds: p.initial.bounds, fitBoundsOptions: { padding: p.initial.padding ?? 32 } };
    const m = new maplibregl.Map({
      container: container.current,
      style,
      ...view,
      ...(asImage
        ? { interactive: false, attributionControl: false as const, pixelRatio: 2, fadeDuration: 0, locale: { "Map.Title": p.image?.alt ?? "" } }
        : { attributionControl: { compact: p.compactAttribution ?? false, customAttribution: p.attribution }, locale: p.locale }),
      // Keeps the last frame readable for the PNG export, printing and the image mode.
      canvasContextAttributes: { preserveDrawingBuffer: true, ...(asImage ? { antialias: true } : {}) },
    });
    if (!asImage) {
      m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
      if (p.scaleBar) m.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
    }
    if (order.some(({ sub }) => sub.paint?.["fill-pattern"] || sub.layout?.["icon-image"])) {
      for (const pat of Object.values(PATTERNS)) m.addImage(pat.id, patternImage(pat), { pixelRatio: PATTERN_PIXEL_RATIO });
      m.addImage(NO_GRID_ICON, noGridIconImage(), { pixelRatio: PATTERN_PIXEL_RATIO });
    }
    const hook = typeof p.testHook === "string" ? p.testHook : p.testHook?.name;
    const handle: TestHandle = { map: m, ready: false, drawn: 0 };
    if (hook) window[hook] = handle;
    const s = new Sync(m, handle, typeof p.testHook === "object" ? p.testHook.counts : undefined);
    let popup: maplibregl.Popup | undefined;
    let removed = false;
    m.on("load", () => {
      // Everything given so far is applied at once, before the map says it is ready.
      s.all(latest.current);
      handle.ready = true;
      sync.current = s;
      setMap(m);
      latest.current.onReady?.(m);
      if (asImage) {
        m.once("idle", () => {
          let url: string | null = null;
          try {
            url = m.getCanvas().toDataURL("image/png");
          } catch (err) {
            console.error("map image", err);
          }
          latest.current.onImage?.(url);
          setImage(url);
          // The picture is kept; the map (and its WebGL context) is not.
          removed = true;
          sync.current = null;
          m.remove();
        });
      }
    });
    m.on("error", (e) => console.error("map error", e.error));
    m.on("moveend", () => {
      const c = m.getCenter();
      latest.current.onMoveEnd?.([c.lng, c.lat], m.getZoom());
    });
    const clickLayers = order.filter(({ sub }) => sub.click).map(({ id }) => id);
    const shown = () => clickLayers.filter((id) => m.getLayer(id) && m.getLayoutProperty(id, "visibility") !== "none");
    m.on("click", (e) => {
      const pickPoint = latest.current.pickPoint;
      if (pickPoint) {
        pickPoint([e.lngLat.lng, e.lngLat.lat]);
        return;
      }
      const layers = shown();
      if (layers.length === 0) return;
      const hit = m.queryRenderedFeatures(e.point, { layers })[0];
      if (!hit) return;
      const id = hit.properties.id ?? hit.id;
      const defId = order.find((o) => o.id === hit.layer.id)!.def.id;
      const content = latest.current.onFeatureClick?.({
        layerId: hit.layer.id,
        defId,
        source: hit.source as SourceKey,
        id: id === undefined || id === null ? null : String(id),
        properties: hit.properties,
      });
      if (!content) return;
      popup?.remove();
      popup = new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(e.lngLat).setDOMContent(content).addTo(m);
    });
    m.on("mousemove", (e) => {
      if (latest.current.pickPoint) {
        m.getCanvas().style.cursor = "crosshair";
        return;
      }
      const layers = shown();
      m.getCanvas().style.cursor = layers.length > 0 && m.queryRenderedFeatures(e.point, { layers }).length > 0 ? "pointer" : "";
    });
    return () => {
      popup?.remove();
      if (!removed) m.remove();
      sync.current = null;
      if (hook && window[hook] === handle) delete window[hook];
      setMap(null);
    };
    // Created once per mount (the props are read through `latest`): a page that needs another map (another scope) remounts it (key).
  }, [fonts]);

  // Later changes, each applied as a small update.
  useEffect(() => {
    if (map) sync.current?.data(props.data);
  }, [map, props.data]);
  useEffect(() => {
    if (map) sync.current?.visibility(props.layers, props.visible);
  }, [map, props.layers, props.visible]);
  useEffect(() => {
    if (map) sync.current?.globalState(props.globalState);
  }, [map, props.globalState]);
  const stateKeys = useMemo(() => featureStateKeys(props.layers), [props.layers]);
  useEffect(() => {
    if (map) sync.current?.featureStates(props.featureStates, stateKeys);
  }, [map, props.featureStates, stateKeys]);

  // Fit on request.
  const fitKey = props.fit?.key;
  useEffect(() => {
    if (!map || !fitKey || !latest.current.fit) return;
    map.fitBounds(latest.current.fit.bounds, { padding: 48, maxZoom: 13, duration: 600 });
  }, [map, fitKey]);

  const [revealLon, revealLat] = props.reveal ?? [];
  useEffect(() => {
    if (map && revealLon !== undefined && revealLat !== undefined && !map.getBounds().contains([revealLon, revealLat]))
      map.easeTo({ center: [revealLon, revealLat] });
  }, [map, revealLon, revealLat]);

  // Crosshair as soon as a point is to be picked, not only on the next mouse move.
  const picking = !!props.pickPoint;
  useEffect(() => {
    if (map) map.getCanvas().style.cursor = picking ? "crosshair" : "";
  }, [map, picking]);

  if (imageMode && props.image) {
    const { width, height, alt, loading } = props.image;
    return image ? (
      // biome-ignore lint/performance/noImgElement: a data URL made in the browser; next/image has nothing to optimise here.
      <img src={image} alt={alt} width={width} height={height} />
    ) : (
      <div ref={container} className={props.className} style={{ width, height }} role="img" aria-label={loading} />
    );
  }
  return <div ref={container} className={props.className ?? "map-canvas"} />;
}

/** Applies props to a loaded map, each part only where it changed since the last time. */
class Sync {
  /** Per source: the states last given, and what of them was applied (the keys its layers read). */
  private states = new Map<SourceKey, { from: ReadonlyMap<string, FeatureStateValues>; states: Map<string, FeatureStateValues> }>();
  private applied = new Map<SourceKey, FeatureCollection | null | undefined>();
  private visible: ReadonlySet<string> | typeof ALL | undefined;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly handle: TestHandle,
    private readonly counts: SourceKey | undefined,
  ) {}

  all(p: MapViewProps): void {
    this.data(p.data);
    this.visibility(p.layers, p.visible);
    this.globalState(p.globalState);
    this.featureStates(p.featureStates, featureStateKeys(p.layers));
  }

  data(data: MapViewProps["data"]): void {
    for (const [key, fc] of Object.entries(data) as [SourceKey, FeatureCollection | null | undefined][]) {
      if (this.applied.get(key) === fc) continue;
      const src = this.map.getSource<maplibregl.GeoJSONSource>(key);
      if (!src) continue;
      src.setData(fc ?? EMPTY);
      this.applied.set(key, fc);
      if (key === this.counts && fc) this.handle.drawn++;
    }
  }

  visibility(layers: readonly LayerDef[], visible: ReadonlySet<string> | undefined): void {
    if (this.visible === (visible ?? ALL)) return;
    this.visible = visible ?? ALL;
    for (const { def, id } of drawOrder(layers)) {
      const want = !visible || visible.has(def.id) ? "visible" : "none";
      if (this.map.getLayoutProperty(id, "visibility") !== want) this.map.setLayoutProperty(id, "visibility", want);
    }
  }

  globalState(state: Partial<GlobalState> | undefined): void {
    // MapLibre compares each value with the one in effect and re-evaluates only what changed.
    for (const [k, v] of Object.entries(state ?? {})) this.map.setGlobalStateProperty(k, v);
  }

  /**
   * Feature states: per source only the keys its layers read, and only for the features whose
   * values of those keys changed since the last time (each write makes MapLibre re-evaluate every
   * layer of the source for that feature).
   */
  featureStates(all: readonly FeatureStates[] | undefined, stateKeys: Map<SourceKey, Set<string>>): void {
    if (!all) return;
    const map = this.map;
    const t0 = performance.now();
    for (const { source, states } of all) {
      if (!map.getSource(source)) continue;
      const before = this.states.get(source);
      if (before?.from === states) continue;
      const keys = [...(stateKeys.get(source) ?? [])] as (keyof FeatureStateValues)[];
      const now = new Map<string, FeatureStateValues>();
      for (const [id, values] of states) {
        const s = pick(values, keys);
        now.set(id, s);
        const old = before?.states.get(id);
        if (old ? sameState(old, s) : Object.keys(s).length === 0) continue;
        // setFeatureState merges: a key the new state lacks must be removed first.
        if (old && Object.keys(old).some((k) => !(k in s))) map.removeFeatureState({ source, id });
        map.setFeatureState({ source, id }, s);
      }
      if (before) for (const id of before.states.keys()) if (!states.has(id)) map.removeFeatureState({ source, id });
      this.states.set(source, { from: states, states: now });
    }
    // Measured (Performance API) so that the cost of applying a new view can be read apart from the frames.
    performance.measure("gapmap:feature-state", { start: t0, end: performance.now() });
  }
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

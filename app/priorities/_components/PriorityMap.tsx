"use client";

import { useEffect, useRef, useState } from "react";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import { useTranslations } from "next-intl";
import type { ExpressionSpecification, GeoJSONSource, StyleSpecification } from "maplibre-gl";
import type { FeatureCollection, Point } from "geojson";
import type { RankedRow } from "@/app/_screens/priorities";
import { SCORE_STOPS } from "@/app/_components/gap-display";
import type { UnitInfo } from "./PrioritiesView";

/** What the browser test reads: the map, whether it has drawn, and the layer ids. */
declare global {
  interface Window {
    __gapmapPriorities?: { map: maplibregl.Map; ready: boolean };
  }
}

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/.
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

export const PRIORITY_LAYERS = { hamlets: "priority-hamlets", page: "priority-page", selected: "priority-selected", communes: "priority-communes" } as const;

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };
const scoreColour = ["interpolate", ["linear"], ["get", "score"], ...SCORE_STOPS.flat()] as unknown as ExpressionSpecification;
const radius = (extra: number) => ["+", ["interpolate", ["linear"], ["sqrt", ["get", "remaining"]], 0, 2.5, 16, 9], extra] as unknown as ExpressionSpecification;

function style(): StyleSpecification {
  return {
    version: 8,
    sources: { communes: { type: "geojson", data: EMPTY }, hamlets: { type: "geojson", data: EMPTY } },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#eef0eb" } },
      { id: PRIORITY_LAYERS.communes, type: "line", source: "communes", paint: { "line-color": "#666", "line-width": 0.8 } },
      {
        id: PRIORITY_LAYERS.hamlets, type: "circle", source: "hamlets",
        layout: { "circle-sort-key": ["get", "score"] },
        paint: { "circle-color": scoreColour, "circle-radius": radius(0), "circle-stroke-color": "#555", "circle-stroke-width": 0.4 },
      },
      {
        id: PRIORITY_LAYERS.page, type: "circle", source: "hamlets", filter: ["in", ["get", "id"], ["literal", []]],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": radius(2.5), "circle-stroke-color": "#111", "circle-stroke-width": 1.8 },
      },
      {
        id: PRIORITY_LAYERS.selected, type: "circle", source: "hamlets", filter: ["==", ["get", "id"], ""],
        paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": radius(6), "circle-stroke-color": "#0047ab", "circle-stroke-width": 3.5 },
      },
    ],
  };
}

function points(rows: readonly RankedRow[]): FeatureCollection<Point> {
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({ type: "Feature", geometry: { type: "Point", coordinates: [r.lon, r.lat] }, properties: { id: r.id, score: r.score, rank: r.rank, remaining: r.factors.remaining } })),
  };
}

/**
 * The priority map: hamlets as circles coloured by score and sized by the people still to
 * activate, commune boundaries, the current table page ringed in black and the selected hamlet in
 * blue. Clicking a hamlet selects it in the table. Redrawn (setData/setFilter) whenever the
 * ranking, the page or the selection changes.
 */
export default function PriorityMap({ unit, structure, rows, pageIds, selectedId, onSelect }: {
  unit: UnitInfo; structure: string; rows: readonly RankedRow[]; pageIds: readonly string[]; selectedId: string | null; onSelect(id: string): void;
}) {
  const t = useTranslations("priorities.map");
  const tm = useTranslations("map");
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  /** Set once the style has loaded: from then on every change is drawn at once. */
  const loaded = useRef(false);
  const latest = useRef({ rows, pageIds, selectedId, onSelect });
  latest.current = { rows, pageIds, selectedId, onSelect };
  const [error, setError] = useState(false);

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: style(),
      bounds: unit.bbox,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: true, customAttribution: tm("attribution") },
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    window.__gapmapPriorities = { map, ready: false };
    const abort = new AbortController();
    loaded.current = false;
    map.on("load", () => {
      loaded.current = true;
      draw(map, latest.current);
      if (window.__gapmapPriorities?.map === map) window.__gapmapPriorities.ready = true;
      fetch(`/api/boundaries?${new URLSearchParams({ unit: unit.id, structure, level: "commune" })}`, { signal: abort.signal })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then((fc: FeatureCollection) => (map.getSource("communes") as GeoJSONSource | undefined)?.setData(fc))
        .catch((e: unknown) => { if (!abort.signal.aborted) { console.error("communes", e); setError(true); } });
    });
    map.on("click", PRIORITY_LAYERS.hamlets, (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === "string") latest.current.onSelect(id);
    });
    map.on("mouseenter", PRIORITY_LAYERS.hamlets, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", PRIORITY_LAYERS.hamlets, () => (map.getCanvas().style.cursor = ""));
    map.on("error", (e) => console.error("map error", e.error));
    return () => {
      abort.abort();
      map.remove();
      mapRef.current = null;
      if (window.__gapmapPriorities?.map === map) delete window.__gapmapPriorities;
    };
  }, [unit.id, unit.bbox, structure, tm]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && loaded.current) draw(map, { rows, pageIds, selectedId });
  }, [rows, pageIds, selectedId]);

  // Bring a selected hamlet into view when it is outside the map.
  useEffect(() => {
    const map = mapRef.current;
    const r = selectedId ? rows.find((x) => x.id === selectedId) : undefined;
    if (map && r && !map.getBounds().contains([r.lon, r.lat])) map.easeTo({ center: [r.lon, r.lat] });
  }, [selectedId, rows]);

  return (
    <div className="priority-map">
      <div ref={container} className="priority-map-canvas" data-testid="priority-map" />
      <div className="priority-map-legend">
        <p>{t("legend")}</p>
        <span className="score-ramp" style={{ background: `linear-gradient(to right, ${SCORE_STOPS.map(([v, c]) => `${c} ${v * 100}%`).join(", ")})` }} />
        <span className="score-ramp-labels"><span>0</span><span>1</span></span>
        <p><span className="ring ring-page" aria-hidden="true" /> {t("onPage")}</p>
        <p><span className="ring ring-selected" aria-hidden="true" /> {t("selected")}</p>
        {error && <p role="alert">{t("loadError")}</p>}
      </div>
    </div>
  );
}

function draw(map: maplibregl.Map, d: { rows: readonly RankedRow[]; pageIds: readonly string[]; selectedId: string | null }) {
  (map.getSource("hamlets") as GeoJSONSource | undefined)?.setData(points(d.rows));
  map.setFilter(PRIORITY_LAYERS.page, ["in", ["get", "id"], ["literal", [...d.pageIds]]]);
  map.setFilter(PRIORITY_LAYERS.selected, ["==", ["get", "id"], d.selectedId ?? ""]);
}

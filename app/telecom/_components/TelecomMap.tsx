"use client";

import { useEffect, useRef } from "react";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import { useTranslations } from "next-intl";
import type { ExpressionSpecification, GeoJSONSource, StyleSpecification } from "maplibre-gl";
import type { FeatureCollection, Point } from "geojson";
import type { TelecomGap } from "@/geo/telecom-gaps";
import type { UnitInfo } from "@/app/priorities/_components/PrioritiesView";
import type { TelecomRow } from "./TelecomView";

declare global {
  interface Window {
    __gapmapTelecom?: { map: maplibregl.Map; ready: boolean };
  }
}

maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

export const TELECOM_LAYERS = { hamlets: "telecom-hamlets", disputed: "telecom-disputed", selected: "telecom-selected" } as const;

/** The most severe gap first: no signal at all, then no broadband, no grid, no fiber. */
const SEVERITY: readonly TelecomGap[] = ["no2g", "noBroadband", "noGrid", "noFiber"];
export const GAP_COLOURS: Record<TelecomGap, string> = { no2g: "#b2182b", noBroadband: "#ef8a62", noGrid: "#8c6d31", noFiber: "#999999" };

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

function style(): StyleSpecification {
  const colour = ["match", ["get", "worst"], ...SEVERITY.flatMap((g) => [g, GAP_COLOURS[g]]), "#cccccc"] as unknown as ExpressionSpecification;
  return {
    version: 8,
    sources: { communes: { type: "geojson", data: EMPTY }, hamlets: { type: "geojson", data: EMPTY } },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#eef0eb" } },
      { id: "telecom-communes", type: "line", source: "communes", paint: { "line-color": "#666", "line-width": 0.8 } },
      { id: TELECOM_LAYERS.hamlets, type: "circle", source: "hamlets", paint: { "circle-color": colour, "circle-radius": 4.5, "circle-stroke-color": "#333", "circle-stroke-width": 0.5 } },
      { id: TELECOM_LAYERS.disputed, type: "circle", source: "hamlets", filter: ["==", ["get", "disputed"], true], paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": 8, "circle-stroke-color": "#cc0000", "circle-stroke-width": 2.5 } },
      { id: TELECOM_LAYERS.selected, type: "circle", source: "hamlets", filter: ["==", ["get", "id"], ""], paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": 11, "circle-stroke-color": "#0047ab", "circle-stroke-width": 3 } },
    ],
  };
}

function points(rows: readonly TelecomRow[]): FeatureCollection<Point> {
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [r.lon, r.lat] },
      properties: { id: r.id, worst: SEVERITY.find((g) => r.gaps[g]) ?? "none", disputed: r.reviews.some((v) => v.status === "disputed") },
    })),
  };
}

/** Hamlets lacking infrastructure, coloured by their most severe gap; disputed coverage ringed in red. */
export default function TelecomMap({ unit, structure, rows, selectedId, onSelect }: { unit: UnitInfo; structure: string; rows: readonly TelecomRow[]; selectedId: string | null; onSelect(id: string): void }) {
  const t = useTranslations("telecom");
  const tm = useTranslations("map");
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const loaded = useRef(false);
  const latest = useRef({ rows, selectedId, onSelect });
  latest.current = { rows, selectedId, onSelect };

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({ container: container.current, style: style(), bounds: unit.bbox, fitBoundsOptions: { padding: 24 }, attributionControl: { compact: true, customAttribution: tm("attribution") } });
    mapRef.current = map;
    loaded.current = false;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    window.__gapmapTelecom = { map, ready: false };
    const abort = new AbortController();
    map.on("load", () => {
      loaded.current = true;
      draw(map, latest.current);
      if (window.__gapmapTelecom?.map === map) window.__gapmapTelecom.ready = true;
      fetch(`/api/boundaries?${new URLSearchParams({ unit: unit.id, structure, level: "commune" })}`, { signal: abort.signal })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then((fc: FeatureCollection) => (map.getSource("communes") as GeoJSONSource | undefined)?.setData(fc))
        .catch((e: unknown) => { if (!abort.signal.aborted) console.error("communes", e); });
    });
    map.on("click", TELECOM_LAYERS.hamlets, (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === "string") latest.current.onSelect(id);
    });
    map.on("mouseenter", TELECOM_LAYERS.hamlets, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", TELECOM_LAYERS.hamlets, () => (map.getCanvas().style.cursor = ""));
    return () => {
      abort.abort();
      map.remove();
      mapRef.current = null;
      if (window.__gapmapTelecom?.map === map) delete window.__gapmapTelecom;
    };
  }, [unit.id, unit.bbox, structure, tm]);

  useEffect(() => {
    if (mapRef.current && loaded.current) draw(mapRef.current, { rows, selectedId });
  }, [rows, selectedId]);

  return (
    <div className="priority-map">
      <div ref={container} className="priority-map-canvas" data-testid="telecom-map" />
      <div className="priority-map-legend">
        <p>{t("map.legendGap")}</p>
        {SEVERITY.map((g) => (
          <p key={g}><span className="bottleneck-dot" style={{ background: GAP_COLOURS[g] }} aria-hidden="true" /> {t(`gap.${g}`)}</p>
        ))}
        <p><span className="ring ring-disputed" aria-hidden="true" /> {t("map.disputed")}</p>
      </div>
    </div>
  );
}

function draw(map: maplibregl.Map, d: { rows: readonly TelecomRow[]; selectedId: string | null }) {
  (map.getSource("hamlets") as GeoJSONSource | undefined)?.setData(points(d.rows));
  map.setFilter(TELECOM_LAYERS.selected, ["==", ["get", "id"], d.selectedId ?? ""]);
}

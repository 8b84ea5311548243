"use client";

import { useEffect, useRef } from "react";
import { maplibreLocale } from "@/app/_i18n/maplibre-locale";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import { useLocale, useMessages, useTranslations } from "next-intl";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { FeatureCollection } from "geojson";
import type { RunResult } from "@/app/_screens/plans";
import { CLICKABLE_LAYERS, planSources, planStyle, type PlanSources } from "./map-style";

/** What the browser test reads: the map, whether it has loaded, and how many runs it has drawn. */
declare global {
  interface Window {
    __plansMap?: { map: maplibregl.Map; ready: boolean; drawn: number };
  }
}

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/ instead.
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

const EMPTY: PlanSources = { catchments: fc(), routes: fc(), hamlets: fc(), candidates: fc(), existing: fc(), wifi: fc(), base: fc() };
function fc() {
  return { type: "FeatureCollection" as const, features: [] };
}

/**
 * The plans map: hamlets (filled by the team that visits them; ringed when a Wi-Fi point reaches
 * them), candidate sites, chosen Wi-Fi points with their walking areas, each team's daily routes and
 * the base. Created once; each run replaces the sources' data. In "adding" mode a click places a
 * candidate site.
 */
export default function PlansMap({ bbox, communes, result, adding, onAdd }: { bbox: [number, number, number, number]; communes: FeatureCollection; result: RunResult | null; adding: boolean; onAdd(lon: number, lat: number): void }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const resultRef = useRef<RunResult | null>(result);
  const addingRef = useRef(adding);
  const onAddRef = useRef(onAdd);
  addingRef.current = adding;
  onAddRef.current = onAdd;
  resultRef.current = result;
  const locale = useLocale() as Locale;
  const t = useTranslations("plans");
  const mapMessages = useMessages().map as { attribution: string; mapControls: Record<string, Record<string, string>> };

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: planStyle(EMPTY, communes),
      bounds: bbox,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: false, customAttribution: mapMessages.attribution },
      locale: maplibreLocale(mapMessages.mapControls),
      // Printing and screenshots read the canvas.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    mapRef.current = map;
    window.__plansMap = { map, ready: false, drawn: 0 };
    map.on("load", () => {
      if (resultRef.current) draw(map, resultRef.current);
      if (window.__plansMap?.map === map) window.__plansMap.ready = true;
    });
    map.on("error", (e) => console.error("plans map error", e.error));

    let popup: maplibregl.Popup | undefined;
    map.on("click", (e) => {
      if (addingRef.current) {
        onAddRef.current(Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6);
        return;
      }
      const f = map.queryRenderedFeatures(e.point, { layers: CLICKABLE_LAYERS.filter((l) => map.getLayer(l)) })[0];
      const r = resultRef.current;
      if (!f || !r) return;
      const content = popupContent(f.layer.id, f.properties as Record<string, unknown>, r);
      if (!content) return;
      popup?.remove();
      popup = new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(e.lngLat).setDOMContent(content).addTo(map);
    });
    for (const layer of CLICKABLE_LAYERS) {
      map.on("mouseenter", layer, () => { if (!addingRef.current) map.getCanvas().style.cursor = "pointer"; });
      map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = addingRef.current ? "crosshair" : ""; });
    }
    return () => {
      popup?.remove();
      map.remove();
      mapRef.current = null;
      if (window.__plansMap?.map === map) delete window.__plansMap;
    };
    // The map is made once per scope (the island is keyed by it); runs update its sources below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (map && result && map.loaded()) draw(map, result);
  }, [result]);

  useEffect(() => {
    const map = mapRef.current;
    if (map) map.getCanvas().style.cursor = adding ? "crosshair" : "";
  }, [adding]);

  /** Popup DOM (text only: names from data never become HTML). */
  function popupContent(layer: string, p: Record<string, unknown>, r: RunResult): HTMLElement | null {
    const fmt = formatter(locale);
    const box = document.createElement("div");
    const line = (text: string, strong = false) => {
      const el = document.createElement(strong ? "strong" : "div");
      el.textContent = text;
      box.append(el);
    };
    if (layer === "wifi-site") {
      const pick = r.wifi.picks.find((x) => x.candidateId === p.candidateId);
      if (!pick) return null;
      line(pick.name, true);
      line(t("map.popupWifi", { rank: pick.rank, gain: fmt.count(pick.gain), cost: pick.cost }));
    } else if (layer === "hamlet-circle") {
      const h = r.hamlets.find((x) => x.id === p.id);
      if (!h) return null;
      line(`${h.name}${h.communeName ? ` — ${h.communeName}` : ""}`, true);
      line(`${t("map.popupPeople")}: ${fmt.count(h.notActivated)}`);
      line(`${t("map.popupRate")}: ${fmt.percent(h.activationRate)}`);
      if (h.visit) {
        line(t("map.popupVisit", { team: h.visit.team, date: fmt.date(h.visit.date) }));
        line(`${t("map.popupProjected")}: ${fmt.percent(h.projectedRate)}`);
      }
    } else if (layer === "candidate-circle") {
      const c = r.candidates.find((x) => x.id === p.id);
      if (!c) return null;
      line(c.name, true);
      line(`${t(`kinds.${c.kind}` as "kinds.school")} · ${t("wifi.power")}: ${t(`power.${c.power}` as "power.grid")} · ${t("wifi.backhaul")}: ${t(`backhaul.${c.backhaul}` as "backhaul.fiber")}`);
      line(t("million", { value: c.cost }));
    } else if (layer === "base-point") {
      line(t("teams.base"), true);
      line(r.teams.base.name);
    } else return null;
    return box;
  }

  return <div ref={container} className="plans-map-canvas" data-testid="plans-map" />;
}

function draw(map: maplibregl.Map, r: RunResult): void {
  const sources = planSources(r);
  for (const [id, data] of Object.entries(sources)) (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data);
  if (window.__plansMap?.map === map) window.__plansMap.drawn++;
}

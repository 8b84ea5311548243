"use client";

import { useEffect, useRef } from "react";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import { formatter } from "@/app/_i18n/format";
import { useLocale, useMessages } from "next-intl";
import type { RateClasses } from "./classes";
import type { HamletProperties, MapData } from "./data";
import { hamletPopup } from "./popup";
import { HAMLET_LAYERS, buildStyle } from "./style";

/** What the browser test reads: the map, and whether its sources were added and the first frame drawn. */
declare global {
  interface Window {
    __gapmap?: { map: maplibregl.Map; ready: boolean };
  }
}

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/ instead (STACK.md gotcha 1).
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

/** The MapLibre map for loaded data: created once per data set, removed on unmount. */
export function MapCanvas({ data, classes }: { data: MapData; classes: RateClasses }) {
  const container = useRef<HTMLDivElement>(null);
  const lang = useLocale();
  const m = useMessages().map;

  useEffect(() => {
    if (!container.current) return;
    const fmt = formatter(lang);
    const byId = new Map<string, HamletProperties>(data.hamlets.features.map((f) => [f.properties.id, f.properties]));

    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(data, classes),
      bounds: data.meta.unit.bbox,
      fitBoundsOptions: { padding: 32 },
      attributionControl: { compact: false, customAttribution: m.attribution },
      locale: m.mapControls,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    window.__gapmap = { map, ready: false };
    map.on("load", () => {
      if (window.__gapmap?.map === map) window.__gapmap.ready = true;
    });
    map.on("error", (e) => console.error("map error", e.error));

    let popup: maplibregl.Popup | undefined;
    for (const layer of HAMLET_LAYERS) {
      map.on("click", layer, (e) => {
        // Use the hamlet as loaded, not the tile-encoded copy of its properties the event carries.
        const hamlet = byId.get(String(e.features?.[0]?.properties.id));
        if (!hamlet) return;
        // A new popup per click: re-adding an open one during the same click lets its own
        // close-on-click listener (already queued for this event) close it again.
        popup?.remove();
        popup = new maplibregl.Popup({ maxWidth: "340px" })
          .setLngLat(e.lngLat)
          .setDOMContent(hamletPopup(hamlet, m, fmt))
          .addTo(map);
      });
      map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
    }

    return () => {
      popup?.remove();
      map.remove();
      if (window.__gapmap?.map === map) delete window.__gapmap;
    };
  }, [data, classes, lang, m]);

  return <div ref={container} className="map-canvas" />;
}

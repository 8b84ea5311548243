"use client";

import { useEffect, useRef, useState } from "react";
import * as maplibregl from "maplibre-gl";
import type { ExpressionSpecification, StyleSpecification } from "maplibre-gl";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { MapPoint } from "@/app/_screens/dashboard";
import "maplibre-gl/dist/maplibre-gl.css";

// Bundlers rewrite MapLibre's worker URL; the worker is copied to public/ instead.
maplibregl.setWorkerUrl("/maplibre-gl-worker.mjs");

/** What the browser test reads: how many briefing maps have turned into images. */
declare global {
  interface Window {
    __briefingMaps?: Record<string, "drawing" | "image" | "error">;
  }
}

export interface StaticMapProps {
  id: string;
  points: MapPoint[];
  /** Which property colours the dots. */
  by: "rateClass" | "infra";
  /** Colours by class index (rateClass −1 uses `noValueColour`). */
  colours: readonly string[];
  noValueColour: string;
  children: unknown[];
  outline: unknown | null;
  bbox: [number, number, number, number];
  width: number;
  height: number;
  alt: string;
  loading: string;
}

/**
 * A map drawn once with MapLibre and then kept as an image (PNG data URL): the same picture on the
 * projector and on paper, where a WebGL canvas would not print. No tiles, glyphs or network:
 * GeoJSON sources only. Not interactive.
 */
export default function StaticMap(props: StaticMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [image, setImage] = useState<string | null>(null);
  const { id, points, by, colours, noValueColour, children, outline, bbox, width, height } = props;

  useEffect(() => {
    if (!container.current) return;
    window.__briefingMaps = { ...window.__briefingMaps, [id]: "drawing" };
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(points, by, colours, noValueColour, children, outline),
      bounds: bbox,
      fitBoundsOptions: { padding: 16 },
      interactive: false,
      attributionControl: false,
      pixelRatio: 2,
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      locale: { "Map.Title": props.alt },
    });
    let done = false;
    map.once("idle", () => {
      if (done) return;
      done = true;
      try {
        setImage(map.getCanvas().toDataURL("image/png"));
        window.__briefingMaps = { ...window.__briefingMaps, [id]: "image" };
      } catch (err) {
        console.error("briefing map", err);
        window.__briefingMaps = { ...window.__briefingMaps, [id]: "error" };
      }
      map.remove();
    });
    map.on("error", (e) => console.error("briefing map", e.error));
    return () => {
      done = true;
      map.remove();
    };
  }, [id, points, by, colours, noValueColour, children, outline, bbox]);

  return (
    <div className="static-map" style={{ width, height }} data-map={id} data-map-state={image ? "image" : "drawing"}>
      {image ? (
        // A data URL made in the browser: next/image has nothing to optimise here.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={image} alt={props.alt} width={width} height={height} />
      ) : (
        <div ref={container} className="static-map-canvas" style={{ width, height }} aria-label={props.loading} />
      )}
    </div>
  );
}

function buildStyle(points: MapPoint[], by: "rateClass" | "infra", colours: readonly string[], noValueColour: string, children: unknown[], outline: unknown | null): StyleSpecification {
  const collection = (geoms: unknown[]): FeatureCollection => ({
    type: "FeatureCollection",
    features: geoms.map((g): Feature => ({ type: "Feature", properties: {}, geometry: g as Geometry })),
  });
  const dots: FeatureCollection = {
    type: "FeatureCollection",
    // Worst classes drawn last (on top): the order of features is the drawing order.
    features: [...points]
      .sort((a, b) => (by === "rateClass" ? b.rateClass - a.rateClass : b.infra - a.infra))
      .map((p): Feature => ({ type: "Feature", properties: { c: p[by] }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } })),
  };
  const radius = points.length > 800 ? 3.2 : points.length > 150 ? 4.5 : points.length > 40 ? 6.5 : 9;
  const colour = ["match", ["get", "c"], ...colours.flatMap((c, i) => [i, c]), noValueColour] as unknown as ExpressionSpecification;
  return {
    version: 8,
    sources: {
      children: { type: "geojson", data: collection(children) },
      outline: { type: "geojson", data: collection(outline ? [outline] : []) },
      dots: { type: "geojson", data: dots },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#ffffff" } },
      { id: "outline-fill", type: "fill", source: "outline", paint: { "fill-color": "#f3f4f0" } },
      { id: "children", type: "line", source: "children", paint: { "line-color": "#8c8c8c", "line-width": 1 } },
      { id: "outline", type: "line", source: "outline", paint: { "line-color": "#1a1a1a", "line-width": 2 } },
      { id: "dots", type: "circle", source: "dots", paint: { "circle-color": colour, "circle-radius": radius, "circle-stroke-color": "#333333", "circle-stroke-width": 0.5 } },
    ],
  };
}

"use client";

import { useEffect, useMemo, useState } from "react";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { MapPoint } from "@/app/_screens/dashboard";
import { MAPS } from "@/app/_map/layers";
import { MapView } from "@/app/_map/MapView";

/** What the browser test reads: how many briefing maps have turned into images. */
declare global {
  interface Window {
    __briefingMaps?: Record<string, "drawing" | "image" | "error">;
  }
}

export interface StaticMapProps {
  id: string;
  points: MapPoint[];
  /** What colours the dots: the activation-rate class or the infrastructure category (layers: app/_map/layers/briefing.ts). */
  by: "rateClass" | "infra";
  children: unknown[];
  outline: unknown | null;
  bbox: [number, number, number, number];
  width: number;
  height: number;
  alt: string;
  loading: string;
}

/**
 * A briefing map: drawn once by the map component in image mode and kept as a PNG, the same
 * picture on the projector and on paper. No tiles, glyphs or network: GeoJSON sources only.
 */
export default function StaticMap(props: StaticMapProps) {
  const { id, points, by, children, outline, bbox, width, height, alt, loading } = props;
  const data = useMemo(() => briefingData(points, by, children, outline), [points, by, children, outline]);
  // New data or another view is a new picture: a new map, under a new key. The key is state adjusted
  // while rendering when a prop changes (React's pattern for it), not a counter bumped inside a memo.
  const [view, setView] = useState({ data, bbox, key: 0 });
  if (view.data !== data || view.bbox !== bbox) setView({ data, bbox, key: view.key + 1 });
  const key = view.key;
  const [drawn, setDrawn] = useState<{ key: number; state: "image" | "error" } | null>(null);
  const state = drawn?.key === key ? drawn.state : "drawing";
  useEffect(() => {
    window.__briefingMaps = { ...window.__briefingMaps, [id]: state };
  }, [id, state]);

  return (
    <div className="static-map" style={{ width, height }} data-map={id} data-map-state={state === "image" ? "image" : "drawing"}>
      <MapView
        key={key}
        layers={by === "rateClass" ? MAPS.briefingRates : MAPS.briefingInfra}
        data={data}
        mode="image"
        image={{ width, height, alt, loading }}
        initial={{ bounds: bbox, padding: 16 }}
        background="#ffffff"
        onImage={(url) => setDrawn({ key, state: url ? "image" : "error" })}
        className="static-map-canvas"
      />
    </div>
  );
}

function briefingData(points: MapPoint[], by: "rateClass" | "infra", children: unknown[], outline: unknown | null) {
  const collection = (geoms: unknown[]): FeatureCollection => ({
    type: "FeatureCollection",
    features: geoms.map((g): Feature => ({ type: "Feature", properties: {}, geometry: g as Geometry })),
  });
  const r = points.length > 800 ? 3.2 : points.length > 150 ? 4.5 : points.length > 40 ? 6.5 : 9;
  return {
    briefingChildren: collection(children),
    briefingOutline: collection(outline ? [outline] : []),
    briefingDots: {
      type: "FeatureCollection",
      // Worst classes drawn last (on top): the order of features is the drawing order.
      features: [...points]
        .sort((a, b) => (by === "rateClass" ? b.rateClass - a.rateClass : b.infra - a.infra))
        .map((p): Feature => ({ type: "Feature", properties: { c: p[by], r }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } })),
    } satisfies FeatureCollection,
  };
}

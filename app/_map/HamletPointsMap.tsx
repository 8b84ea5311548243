"use client";

import { useMemo, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { FeatureCollection, GeoJsonProperties, Point } from "geojson";
import type { LayerDef } from "./layers";
import type { GlobalState } from "./layers/global-state";
import { MapView, type Bbox, type FeatureHit, type TestHook } from "./MapView";
import { useSources } from "./use-sources";
import type { SourceKey } from "./sources";

const URL_SOURCES: readonly SourceKey[] = ["communes"];

/** Rows with a position as a GeoJSON point collection (the properties are the row's `properties(row)`). */
export function hamletPoints<R extends { lon: number; lat: number }>(rows: readonly R[], properties: (row: R) => GeoJsonProperties): FeatureCollection<Point> {
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({ type: "Feature", geometry: { type: "Point", coordinates: [r.lon, r.lat] }, properties: properties(r) })),
  };
}

/**
 * The map of a hamlet table (priorities, telecom): the table's hamlets as points under the scope's
 * commune boundaries, fitted to the unit. Clicking a hamlet selects it (no popup: the selection shows
 * beside the map); the legend is the page's.
 */
export function HamletPointsMap({
  unit,
  structure,
  layers,
  source,
  points,
  globalState,
  reveal,
  testHook,
  onSelect,
  legend,
  loadError,
}: {
  unit: { id: string; bbox: Bbox };
  structure: string;
  layers: readonly LayerDef[];
  /** The source key the points are drawn from. */
  source: SourceKey;
  points: FeatureCollection<Point>;
  globalState: Partial<GlobalState>;
  reveal?: [number, number] | null;
  testHook: TestHook;
  onSelect(id: string): void;
  legend: ReactNode;
  /** Said in the legend when the commune boundaries fail to load (nothing said without it). */
  loadError?: string;
}) {
  const tm = useTranslations("map");
  const scope = useMemo(() => ({ unit: unit.id, structure: structure as "pre2025" | "post2025" }), [unit.id, structure]);
  const communes = useSources(URL_SOURCES, scope).communes;
  const data = useMemo(() => ({ communes: communes?.data ?? null, [source]: points }), [communes?.data, source, points]);
  const onFeatureClick = (hit: FeatureHit) => {
    if (hit.id) onSelect(hit.id);
    return null;
  };

  return (
    <div className="priority-map">
      {/* A new scope is a new map (its first view fits the unit). */}
      <MapView
        key={`${unit.id}|${structure}`}
        layers={layers}
        data={data}
        globalState={globalState}
        initial={{ bounds: unit.bbox, padding: 24 }}
        reveal={reveal}
        attribution={tm("attribution")}
        compactAttribution
        testHook={testHook}
        onFeatureClick={onFeatureClick}
        className="priority-map-canvas"
      />
      <div className="priority-map-legend">
        {legend}
        {loadError && communes?.error ? <p role="alert">{loadError}</p> : null}
      </div>
    </div>
  );
}

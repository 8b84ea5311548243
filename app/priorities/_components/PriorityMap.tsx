"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { FeatureCollection, Point } from "geojson";
import type { RankedRow } from "@/app/_screens/priorities";
import { SCORE_STOPS } from "@/app/_components/gap-display";
import { MAPS } from "@/app/_map/layers";
import { MapView, type FeatureHit } from "@/app/_map/MapView";
import { useSources } from "@/app/_map/use-sources";
import type { SourceKey } from "@/app/_map/sources";
import type { UnitInfo } from "./PrioritiesView";

const URL_SOURCES: readonly SourceKey[] = ["communes"];

function points(rows: readonly RankedRow[]): FeatureCollection<Point> {
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [r.lon, r.lat] },
      properties: { id: r.id, score: r.score, rank: r.rank, remaining: r.factors.remaining },
    })),
  };
}

/**
 * The priority map (layers: app/_map/layers/priorities.ts): hamlets as circles coloured by score and
 * sized by the people still to activate, commune boundaries, the current table page ringed in black
 * and the selected hamlet in blue. Clicking a hamlet selects it in the table.
 */
export default function PriorityMap({
  unit,
  structure,
  rows,
  pageIds,
  selectedId,
  onSelect,
}: {
  unit: UnitInfo;
  structure: string;
  rows: readonly RankedRow[];
  pageIds: readonly string[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const t = useTranslations("priorities.map");
  const tm = useTranslations("map");
  const scope = useMemo(() => ({ unit: unit.id, structure: structure as "pre2025" | "post2025" }), [unit.id, structure]);
  const communes = useSources(URL_SOURCES, scope).communes;
  const data = useMemo(() => ({ communes: communes?.data ?? null, priorityHamlets: points(rows) }), [communes?.data, rows]);
  const globalState = useMemo(() => ({ priorityPage: [...pageIds], prioritySelected: selectedId ?? "" }), [pageIds, selectedId]);
  const selected = selectedId ? rows.find((x) => x.id === selectedId) : undefined;
  const reveal = useMemo(() => (selected ? ([selected.lon, selected.lat] as [number, number]) : null), [selected]);
  const onFeatureClick = (hit: FeatureHit) => {
    if (hit.id) onSelect(hit.id);
    return null; // no popup: the selection shows beside the map
  };

  return (
    <div className="priority-map">
      {/* A new scope is a new map (its first view fits the unit). */}
      <MapView
        key={`${unit.id}|${structure}`}
        layers={MAPS.priorities}
        data={data}
        globalState={globalState}
        initial={{ bounds: unit.bbox, padding: 24 }}
        reveal={reveal}
        attribution={tm("attribution")}
        compactAttribution
        testHook="__gapmapPriorities"
        onFeatureClick={onFeatureClick}
        className="priority-map-canvas"
      />
      <div className="priority-map-legend">
        <p>{t("legend")}</p>
        <span className="score-ramp" style={{ background: `linear-gradient(to right, ${SCORE_STOPS.map(([v, c]) => `${c} ${v * 100}%`).join(", ")})` }} />
        <span className="score-ramp-labels">
          <span>0</span>
          <span>1</span>
        </span>
        <p>
          <span className="ring ring-page" aria-hidden="true" /> {t("onPage")}
        </p>
        <p>
          <span className="ring ring-selected" aria-hidden="true" /> {t("selected")}
        </p>
        {communes?.error ? <p role="alert">{t("loadError")}</p> : null}
      </div>
    </div>
  );
}

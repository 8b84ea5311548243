"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { FeatureCollection, Point } from "geojson";
import type { UnitInfo } from "@/app/priorities/_components/PrioritiesView";
import { MAPS } from "@/app/_map/layers";
import { GAP_COLOURS, SEVERITY } from "@/app/_map/layers/telecom";
import { MapView, type FeatureHit } from "@/app/_map/MapView";
import { useSources } from "@/app/_map/use-sources";
import type { SourceKey } from "@/app/_map/sources";
import type { TelecomRow } from "./TelecomView";

const URL_SOURCES: readonly SourceKey[] = ["communes"];

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

/** Hamlets lacking infrastructure, coloured by their most severe gap; disputed coverage ringed in red (layers: app/_map/layers/telecom.ts). */
export default function TelecomMap({
  unit,
  structure,
  rows,
  selectedId,
  onSelect,
}: {
  unit: UnitInfo;
  structure: string;
  rows: readonly TelecomRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const t = useTranslations("telecom");
  const tm = useTranslations("map");
  const scope = useMemo(() => ({ unit: unit.id, structure: structure as "pre2025" | "post2025" }), [unit.id, structure]);
  const communes = useSources(URL_SOURCES, scope).communes;
  const data = useMemo(() => ({ communes: communes?.data ?? null, telecomHamlets: points(rows) }), [communes?.data, rows]);
  const globalState = useMemo(() => ({ telecomSelected: selectedId ?? "" }), [selectedId]);
  const onFeatureClick = (hit: FeatureHit) => {
    if (hit.id) onSelect(hit.id);
    return null; // no popup: the selection shows beside the map
  };

  return (
    <div className="priority-map">
      {/* A new scope is a new map (its first view fits the unit). */}
      <MapView
        key={`${unit.id}|${structure}`}
        layers={MAPS.telecom}
        data={data}
        globalState={globalState}
        initial={{ bounds: unit.bbox, padding: 24 }}
        attribution={tm("attribution")}
        compactAttribution
        testHook="__gapmapTelecom"
        onFeatureClick={onFeatureClick}
        className="priority-map-canvas"
      />
      <div className="priority-map-legend">
        <p>{t("map.legendGap")}</p>
        {SEVERITY.map((g) => (
          <p key={g}>
            <span className="bottleneck-dot" style={{ background: GAP_COLOURS[g] }} aria-hidden="true" /> {t(`gap.${g}`)}
          </p>
        ))}
        <p>
          <span className="ring ring-disputed" aria-hidden="true" /> {t("map.disputed")}
        </p>
      </div>
    </div>
  );
}

"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { RankedRow } from "@/app/_screens/priorities";
import { SCORE_STOPS } from "@/app/_components/gap-display";
import { MAPS } from "@/app/_map/layers";
import { HamletPointsMap, hamletPoints } from "@/app/_map/HamletPointsMap";
import type { UnitInfo } from "./PrioritiesView";

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
  const points = useMemo(() => hamletPoints(rows, (r) => ({ id: r.id, score: r.score, rank: r.rank, remaining: r.factors.remaining })), [rows]);
  const globalState = useMemo(() => ({ priorityPage: [...pageIds], prioritySelected: selectedId ?? "" }), [pageIds, selectedId]);
  const selected = selectedId ? rows.find((x) => x.id === selectedId) : undefined;
  const reveal = useMemo(() => (selected ? ([selected.lon, selected.lat] as [number, number]) : null), [selected]);

  return (
    <HamletPointsMap
      unit={unit}
      structure={structure}
      layers={MAPS.priorities}
      source="priorityHamlets"
      points={points}
      globalState={globalState}
      reveal={reveal}
      testHook="__gapmapPriorities"
      onSelect={onSelect}
      loadError={t("loadError")}
      legend={
        <>
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
        </>
      }
    />
  );
}

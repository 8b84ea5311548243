"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { UnitInfo } from "@/app/priorities/_components/PrioritiesView";
import { MAPS } from "@/app/_map/layers";
import { GAP_COLOURS, SEVERITY } from "@/app/_map/layers/telecom";
import { HamletPointsMap, hamletPoints } from "@/app/_map/HamletPointsMap";
import type { TelecomRow } from "./TelecomView";

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
  const points = useMemo(
    () => hamletPoints(rows, (r) => ({ id: r.id, worst: SEVERITY.find((g) => r.gaps[g]) ?? "none", disputed: r.reviews.some((v) => v.status === "disputed") })),
    [rows],
  );
  const globalState = useMemo(() => ({ telecomSelected: selectedId ?? "" }), [selectedId]);

  return (
    <HamletPointsMap
      unit={unit}
      structure={structure}
      layers={MAPS.telecom}
      source="telecomHamlets"
      points={points}
      globalState={globalState}
      testHook="__gapmapTelecom"
      onSelect={onSelect}
      legend={
        <>
          <p>{t("map.legendGap")}</p>
          {SEVERITY.map((g) => (
            <p key={g}>
              <span className="bottleneck-dot" style={{ background: GAP_COLOURS[g] }} aria-hidden="true" /> {t(`gap.${g}`)}
            </p>
          ))}
          <p>
            <span className="ring ring-disputed" aria-hidden="true" /> {t("map.disputed")}
          </p>
        </>
      }
    />
  );
}

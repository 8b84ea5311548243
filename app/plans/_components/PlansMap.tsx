"use client";

import { useMemo } from "react";
import { maplibreLocale } from "@/app/_i18n/maplibre-locale";
import { useLocale, useMessages, useTranslations } from "next-intl";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { FeatureCollection } from "geojson";
import type { RunResult } from "@/app/_screens/plans";
import { MAPS } from "@/app/_map/layers";
import { PLAN_LAYER_IDS } from "@/app/_map/layers/plans";
import { MapView, type FeatureHit } from "@/app/_map/MapView";
import { planSources } from "./map-sources";

/**
 * The plans map (layers: app/_map/layers/plans.ts): hamlets (filled by the team that visits them;
 * ringed when a Wi-Fi point reaches them), candidate sites, chosen Wi-Fi points with their walking
 * areas, each team's daily routes and the base. Created once; each run replaces the sources' data.
 * In "adding" mode a click places a candidate site.
 */
export default function PlansMap({
  bbox,
  communes,
  result,
  adding,
  onAdd,
}: {
  bbox: [number, number, number, number];
  communes: FeatureCollection;
  result: RunResult | null;
  adding: boolean;
  onAdd(lon: number, lat: number): void;
}) {
  const locale = useLocale() as Locale;
  const t = useTranslations("plans");
  const mapMessages = useMessages().map as { attribution: string; mapControls: Record<string, Record<string, string>> };
  const data = useMemo(() => ({ planCommunes: communes, ...(result ? planSources(result) : {}) }), [communes, result]);
  const pickPoint = adding ? ([lon, lat]: [number, number]) => onAdd(Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6) : null;
  const onFeatureClick = (hit: FeatureHit) => (result ? popupContent(hit.defId, hit.properties, result) : null);

  /** Popup DOM (text only: names from data never become HTML). */
  function popupContent(layer: string, p: Record<string, unknown>, r: RunResult): HTMLElement | null {
    const fmt = formatter(locale);
    const box = document.createElement("div");
    const line = (text: string, strong = false) => {
      const el = document.createElement(strong ? "strong" : "div");
      el.textContent = text;
      box.append(el);
    };
    if (layer === PLAN_LAYER_IDS.wifi) {
      const pick = r.wifi.picks.find((x) => x.candidateId === p.candidateId);
      if (!pick) return null;
      line(pick.name, true);
      line(t("map.popupWifi", { rank: pick.rank, gain: fmt.count(pick.gain), cost: pick.cost }));
    } else if (layer === PLAN_LAYER_IDS.hamlets) {
      const h = r.hamlets.find((x) => x.id === p.id);
      if (!h) return null;
      line(`${h.name}${h.communeName ? ` — ${h.communeName}` : ""}`, true);
      line(`${t("map.popupPeople")}: ${fmt.count(h.notActivated)}`);
      line(`${t("map.popupRate")}: ${fmt.percent(h.activationRate)}`);
      if (h.visit) {
        line(t("map.popupVisit", { team: h.visit.team, date: fmt.date(h.visit.date) }));
        line(`${t("map.popupProjected")}: ${fmt.percent(h.projectedRate)}`);
      }
    } else if (layer === PLAN_LAYER_IDS.candidates) {
      const c = r.candidates.find((x) => x.id === p.id);
      if (!c) return null;
      line(c.name, true);
      const [kind, power, backhaul] = [
        t(`kinds.${c.kind}` as "kinds.school"),
        t(`power.${c.power}` as "power.grid"),
        t(`backhaul.${c.backhaul}` as "backhaul.fiber"),
      ];
      line(`${kind} · ${t("wifi.power")}: ${power} · ${t("wifi.backhaul")}: ${backhaul}`);
      line(t("million", { value: c.cost }));
    } else if (layer === PLAN_LAYER_IDS.base) {
      line(t("teams.base"), true);
      line(r.teams.base.name);
    } else return null;
    return box;
  }

  return (
    <MapView
      layers={MAPS.plans}
      data={data}
      initial={{ bounds: bbox, padding: 24 }}
      attribution={mapMessages.attribution}
      locale={maplibreLocale(mapMessages.mapControls)}
      testHook={{ name: "__plansMap", counts: "planHamlets" }}
      pickPoint={pickPoint}
      onFeatureClick={onFeatureClick}
      className="plans-map-canvas"
    />
  );
}

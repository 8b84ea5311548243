"use client";

import { useTranslations } from "next-intl";
import { ADDED_COLOUR, WIFI_COLOUR, teamColour } from "@/app/_map/layers/plans";

/** The plans map's key: base, Wi-Fi points, candidates, hamlets, one route colour per team. */
export function MapLegend({ teams }: { teams: number[] }) {
  const t = useTranslations("plans.map");
  const dot = (style: React.CSSProperties) => <span className="plans-swatch plans-dot" style={style} aria-hidden="true" />;
  return (
    <section className="plans-legend" aria-label={t("legendBase")}>
      <ul className="plans-legend-list">
        <li>
          {dot({ background: "#111", border: "3px solid #ffd400" })}
          {t("legendBase")}
        </li>
        <li>
          {dot({ background: WIFI_COLOUR, border: "2px solid #fff" })}
          {t("legendWifi")}
        </li>
        <li>
          {dot({ background: "#fff", border: `2px solid ${WIFI_COLOUR}` })}
          {t("legendExisting")}
        </li>
        <li>
          {dot({ background: "#6c757d" })}
          {t("legendCandidate")} {dot({ background: ADDED_COLOUR })}
        </li>
        <li>
          {dot({ background: "#c9c9c9", border: "1px solid #222" })}
          {t("legendNoBroadband")}
        </li>
        <li>
          {dot({ background: "#fff", border: "1px solid #7a7a7a" })}
          {t("legendBroadband")}
        </li>
        {teams.map((n) => (
          <li key={n}>
            <span className="plans-swatch plans-line" style={{ background: teamColour(n) }} aria-hidden="true" />
            {t("legendRoute", { team: n })}
          </li>
        ))}
      </ul>
    </section>
  );
}

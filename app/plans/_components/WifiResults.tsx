"use client";

import { useLocale, useTranslations } from "next-intl";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { RunResult } from "@/app/_screens/plans";
import { csv, download } from "./format";

/** The Wi-Fi plan: its optimality statement, totals, and the marginal gain of each pick (exportable). */
export function WifiResults({ result }: { result: RunResult }) {
  const t = useTranslations("plans");
  const lang = useLocale() as Locale;
  const fmt = formatter(lang);
  const w = result.wifi;
  const money = (v: number) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(v);
  const exportCsv = () => {
    const header = [
      t("wifi.rank"),
      t("wifi.site"),
      t("wifi.kind"),
      "lon",
      "lat",
      t("wifi.gain"),
      t("wifi.cumulative"),
      t("wifi.newHamlets"),
      t("wifi.siteCost"),
      t("wifi.cumulativeCost"),
    ];
    const rows = w.picks.map((p) => [
      p.rank,
      p.name,
      t(`kinds.${p.kind}` as "kinds.school"),
      p.lon,
      p.lat,
      fmt.count(p.gain),
      fmt.count(p.cumulative),
      p.newHamlets,
      p.cost,
      p.cumulativeCost,
    ]);
    download(`wifi-${result.unit.id}-${result.date}.csv`, csv(header, rows));
  };
  return (
    <section className="plans-section" aria-labelledby="wifi-results-title">
      <h3 id="wifi-results-title">{t("wifi.title")}</h3>
      <p className="plans-bound" data-testid="wifi-bound">
        {t("wifi.bound", { ratio: fmt.percent(w.guarantee) })}
      </p>
      <p className="plans-note">{t("wifi.boundNote", { bound: fmt.count(Math.round(w.upperBound)), apriori: fmt.percent(w.aPrioriRatio) })}</p>
      <dl className="plans-figures">
        <div>
          <dt>{t("wifi.reached")}</dt>
          <dd data-testid="wifi-reached">{fmt.count(w.peopleReached)}</dd>
        </div>
        <div>
          <dt>{t("wifi.demand")}</dt>
          <dd>{fmt.count(w.demandPeople)}</dd>
        </div>
        <div>
          <dt>{t("wifi.sites")}</dt>
          <dd>{w.picks.length}</dd>
        </div>
        <div>
          <dt>{t("wifi.cost")}</dt>
          <dd>{t("million", { value: money(w.cost) })}</dd>
        </div>
      </dl>
      {w.picks.length === 0 ? (
        <p>{t("wifi.none")}</p>
      ) : (
        <>
          <table className="plans-table" data-testid="wifi-table">
            <thead>
              <tr>
                <th>{t("wifi.rank")}</th>
                <th>{t("wifi.site")}</th>
                <th>{t("wifi.kind")}</th>
                <th className="num">{t("wifi.gain")}</th>
                <th className="num">{t("wifi.cumulative")}</th>
                <th className="num">{t("wifi.newHamlets")}</th>
                <th className="num">{t("wifi.siteCost")}</th>
                <th className="num">{t("wifi.cumulativeCost")}</th>
              </tr>
            </thead>
            <tbody>
              {w.picks.map((p) => (
                <tr key={p.candidateId}>
                  <td>{p.rank}</td>
                  <td>{p.name}</td>
                  <td>{t(`kinds.${p.kind}` as "kinds.school")}</td>
                  <td className="num">{fmt.count(p.gain)}</td>
                  <td className="num">{fmt.count(p.cumulative)}</td>
                  <td className="num">{p.newHamlets}</td>
                  <td className="num">{money(p.cost)}</td>
                  <td className="num">{money(p.cumulativeCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={exportCsv}>
            {t("wifi.export")}
          </button>
        </>
      )}
    </section>
  );
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { RunResult } from "@/app/_screens/plans";
import { teamColour } from "@/app/_map/layers/plans";
import { clock, csv, download, hm } from "./format";

/** Hour the working day starts, for the clock times shown (display only; the plan counts minutes). */
export const DAY_START = "07:30";

/** The mobile-team plan: totals, projected activation, and every team's day-by-day itinerary. */
export function TeamResults({ result }: { result: RunResult }) {
  const t = useTranslations("plans");
  const lang = useLocale() as Locale;
  const fmt = formatter(lang);
  const tm = result.teams;
  const hours = (min: number) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(min / 60);
  const exportCsv = () => {
    const header = [
      t("teams.team"),
      t("teams.date"),
      t("teams.order"),
      t("teams.hamlet"),
      t("teams.commune"),
      t("teams.arrive"),
      t("teams.travelMin"),
      t("teams.serviceMin"),
      t("teams.expected"),
    ];
    const rows = tm.itineraries.flatMap((it) =>
      it.days.flatMap((d) =>
        d.visits.map((v) => [
          it.team,
          fmt.date(d.date),
          v.order,
          v.name,
          v.communeName,
          clock(DAY_START, v.arriveMin),
          Math.round(v.travelMin),
          Math.round(v.serviceMin),
          fmt.count(v.served),
        ]),
      ),
    );
    download(`to-luu-dong-${result.unit.id}-${tm.dates[0]}.csv`, csv(header, rows));
  };
  const dur = (min: number) => t("minutes", hm(min));
  return (
    <section className="plans-section" aria-labelledby="team-results-title">
      <h3 id="team-results-title">{t("teams.title")}</h3>
      <dl className="plans-figures">
        <div>
          <dt>{t("teams.served")}</dt>
          <dd data-testid="teams-served">{fmt.count(tm.totals.served)}</dd>
        </div>
        <div>
          <dt>{t("teams.visited")}</dt>
          <dd data-testid="teams-visited">{tm.totals.hamletsVisited}</dd>
        </div>
        <div>
          <dt>{t("teams.notVisited")}</dt>
          <dd>{tm.totals.hamletsNotVisited + tm.totals.hamletsUnreachable}</dd>
        </div>
        <div>
          <dt>{t("teams.travel")}</dt>
          <dd>{hours(tm.totals.travelMin)}</dd>
        </div>
        <div>
          <dt>{t("teams.rateBefore")}</dt>
          <dd>{fmt.percent(tm.scope.rateBefore)}</dd>
        </div>
        <div>
          <dt>{t("teams.rateAfter")}</dt>
          <dd data-testid="teams-rate-after">{fmt.percent(tm.scope.rateAfter)}</dd>
        </div>
        <div>
          <dt>{t("teams.cost")}</dt>
          <dd>{t("million", { value: tm.cost })}</dd>
        </div>
        <div>
          <dt>{t("teams.base")}</dt>
          <dd>{tm.base.name}</dd>
        </div>
      </dl>
      {tm.totals.hamletsVisited === 0 ? (
        <p>{t("teams.none")}</p>
      ) : (
        <>
          <table className="plans-table" data-testid="teams-table">
            <thead>
              <tr>
                <th>{t("teams.team")}</th>
                <th>{t("teams.date")}</th>
                <th>{t("teams.order")}</th>
                <th>{t("teams.hamlet")}</th>
                <th>{t("teams.commune")}</th>
                <th>{t("teams.arrive")}</th>
                <th className="num">{t("teams.travelMin")}</th>
                <th className="num">{t("teams.serviceMin")}</th>
                <th className="num">{t("teams.expected")}</th>
              </tr>
            </thead>
            {tm.itineraries.map((it) => (
              <tbody key={it.team} className="team-block">
                {it.days
                  .filter((d) => d.visits.length > 0)
                  .map((d) => [
                    ...d.visits.map((v) => (
                      <tr key={`${d.date}-${v.hamletId}`}>
                        <td>
                          <span className="team-chip" style={{ background: teamColour(it.team) }} />
                          {it.team}
                        </td>
                        <td>{fmt.date(d.date)}</td>
                        <td>{v.order}</td>
                        <td>{v.name}</td>
                        <td>{v.communeName}</td>
                        <td>{clock(DAY_START, v.arriveMin)}</td>
                        <td className="num">{Math.round(v.travelMin)}</td>
                        <td className="num">{Math.round(v.serviceMin)}</td>
                        <td className="num">{fmt.count(v.served)}</td>
                      </tr>
                    )),
                    <tr key={`${d.date}-total`} className="day-total">
                      <td colSpan={5}>
                        {t("teams.dayTotal")} — {d.endsAt === "base" ? t("teams.backToBase") : t("teams.overnight", { hamlet: d.visits.at(-1)!.name })}
                      </td>
                      <td>{clock(DAY_START, d.workMin)}</td>
                      <td className="num">{Math.round(d.travelMin)}</td>
                      <td className="num">{dur(d.serviceMin)}</td>
                      <td className="num">{fmt.count(d.served)}</td>
                    </tr>,
                  ])}
              </tbody>
            ))}
          </table>
          <div className="plans-actions">
            <button type="button" onClick={exportCsv}>
              {t("teams.export")}
            </button>
            <button type="button" onClick={() => window.print()}>
              {t("teams.print")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

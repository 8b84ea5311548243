"use client";

import { createTranslator } from "next-intl";
import { formatter } from "@/app/_i18n/format";
import viPlans from "@/app/_i18n/messages/vi/plans.json";
import type { RunResult } from "@/app/_screens/plans";
import { clock } from "./format";
import { DAY_START } from "./TeamResults";

/**
 * One A4 page per team, always in Vietnamese (it goes to commune police and hamlet heads whatever
 * the planner's screen language): hidden on screen, shown by the print stylesheet, a page break
 * after each team.
 */
export function PrintPages({ result, unitName }: { result: RunResult; unitName: string }) {
  const t = createTranslator({ locale: "vi", messages: { plans: viPlans }, namespace: "plans" });
  const fmt = formatter("vi");
  const tm = result.teams;
  const hours = (min: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(min / 60);
  const period = t("print.period", { from: fmt.date(tm.dates[0] ?? null), to: fmt.date(tm.dates.at(-1) ?? null) });
  return (
    <div className="print-pages" lang="vi" aria-hidden="true">
      {tm.itineraries.map((it) => {
        const days = it.days.filter((d) => d.visits.length > 0);
        const visits = days.reduce((s, d) => s + d.visits.length, 0);
        return (
          <section key={it.team} className="print-page" data-team={it.team}>
            <header>
              <h1>{t("print.title", { team: it.team })}</h1>
              <p>{t("print.subtitle", { unit: unitName })}</p>
              <p>
                {period} · {t("print.base", { base: tm.base.name })} · {t("print.dayStart", { time: DAY_START })}
              </p>
              <p>
                <strong>{t("print.summary", { served: fmt.count(it.served), hamlets: visits, hours: hours(it.travelMin) })}</strong>
              </p>
            </header>
            <table>
              <thead>
                <tr>
                  <th>{t("teams.date")}</th>
                  <th>{t("teams.order")}</th>
                  <th>{t("teams.hamlet")}</th>
                  <th>{t("teams.commune")}</th>
                  <th>{t("teams.arrive")}</th>
                  <th>{t("teams.travelMin")}</th>
                  <th>{t("teams.serviceMin")}</th>
                  <th>{t("teams.expected")}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => [
                  ...d.visits.map((v, k) => (
                    <tr key={`${d.date}-${v.hamletId}`}>
                      <td>{k === 0 ? fmt.date(d.date) : ""}</td>
                      <td>{v.order}</td>
                      <td>{v.name}</td>
                      <td>{v.communeName}</td>
                      <td>{clock(DAY_START, v.arriveMin)}</td>
                      <td>{Math.round(v.travelMin)}</td>
                      <td>{Math.round(v.serviceMin)}</td>
                      <td>{fmt.count(v.served)}</td>
                    </tr>
                  )),
                  <tr key={`${d.date}-end`} className="day-total">
                    <td></td>
                    <td colSpan={3}>{d.endsAt === "base" ? t("teams.backToBase") : t("teams.overnight", { hamlet: d.visits.at(-1)!.name })}</td>
                    <td>{clock(DAY_START, d.workMin)}</td>
                    <td>{Math.round(d.travelMin)}</td>
                    <td></td>
                    <td>{fmt.count(d.served)}</td>
                  </tr>,
                ])}
              </tbody>
            </table>
            <p className="print-note">{t("print.note")}</p>
            <footer className="print-signatures">
              <div>
                <strong>{t("print.approver")}</strong>
                <br />
                {t("print.signature")}
              </div>
              <div>
                <strong>{t("print.leader")}</strong>
                <br />
                {t("print.signature")}
              </div>
            </footer>
          </section>
        );
      })}
    </div>
  );
}

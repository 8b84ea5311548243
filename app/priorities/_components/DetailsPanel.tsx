"use client";

import { useMemo } from "react";
import { useLocale, useTranslations } from "next-intl";
import { PRIORITY_FACTORS, type PriorityFactor, type PriorityWeights } from "@/geo/priority-score";
import { GAP_CAUSES } from "@/geo/gap-causes";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { RankedRow } from "@/app/_screens/priorities";
import { FACTOR_COLOURS, shownCount } from "@/app/_components/gap-display";

/** The selected hamlet: funnel, causes, infrastructure, and its score explained factor by factor. */
export function DetailsPanel({ row, weights, onClose }: { row: RankedRow | null; weights: PriorityWeights; onClose(): void }) {
  const t = useTranslations("priorities");
  const locale = useLocale() as Locale;
  const fmt = useMemo(() => formatter(locale), [locale]);
  const intl = locale === "vi" ? "vi-VN" : "en-GB";
  const dec = useMemo(() => new Intl.NumberFormat(intl, { minimumFractionDigits: 3, maximumFractionDigits: 3 }), [intl]);
  const one = useMemo(() => new Intl.NumberFormat(intl, { maximumFractionDigits: 1 }), [intl]);
  if (!row)
    return (
      <section className="details-panel" aria-live="polite">
        <p className="details-empty">{t("details.none")}</p>
      </section>
    );

  const total = PRIORITY_FACTORS.reduce((s, f) => s + Math.abs(weights[f]), 0);
  const raw = (f: PriorityFactor, v: number): string => {
    switch (f) {
      case "remaining":
        return shownCount(fmt, row.remaining, "remaining", row.suppressed);
      case "distance":
        return `${one.format(v)} km`;
      case "poverty":
      case "targetGap":
        return fmt.percent(v);
      // Deficits: 1 = no service, GAP_DEFAULTS.partialDeficit = weak or partial, 0 = good.
      default:
        return one.format(v);
    }
  };
  const facts: [string, string, number | null][] = [
    [t("details.eligible"), "eligible", row.eligible],
    [t("details.received"), "received", row.received],
    [t("details.activated"), "activated", row.activated],
    [t("details.toEnroll"), "toEnroll", row.toEnroll],
    [t("details.toActivate"), "toActivate", row.toActivate],
    [t("details.simNeed"), "simNeed", row.simNeed],
  ];
  return (
    <section className="details-panel" aria-labelledby="details-title" data-testid="details-panel">
      <header className="details-header">
        <h3 id="details-title">
          {row.name}{" "}
          <small>
            — {row.communeName}
            {row.districtName ? `, ${row.districtName}` : ""}
          </small>
        </h3>
        <button type="button" className="link-button" onClick={onClose}>
          {t("details.close")}
        </button>
      </header>
      <p className="details-rank">{t("details.rank", { rank: row.rank, score: dec.format(row.score) })}</p>
      <p>
        <span className={`bottleneck-dot bottleneck-${row.bottleneck}`} aria-hidden="true" /> <strong>{t(`bottleneck.${row.bottleneck}`)}</strong>
        {" → "}
        {t(`intervention.${row.intervention}`)} ({t("table.reach")}: {shownCount(fmt, row.reach, "reach", row.suppressed)})
      </p>
      <dl className="details-facts">
        {facts.map(([label, key, v]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd>{shownCount(fmt, v, key, row.suppressed)}</dd>
          </div>
        ))}
      </dl>
      <h4>{t("details.causes")}</h4>
      <dl className="details-facts">
        {GAP_CAUSES.map((c) => (
          <div key={c}>
            <dt title={t(`bottleneckHelp.${c}`)}>{t(`bottleneck.${c}`)}</dt>
            <dd>{shownCount(fmt, row.causes[c], `cause.${c}`, row.suppressed)}</dd>
          </div>
        ))}
      </dl>
      <h4>{t("details.infrastructure")}</h4>
      <dl className="details-facts">
        <div>
          <dt>{t("details.grid")}</dt>
          <dd>{row.grid ? t("details.yes") : t("details.no")}</dd>
        </div>
        <div>
          <dt>{t("details.signal")}</dt>
          <dd>{t(`details.signalLevel.${row.signal}`)}</dd>
        </div>
        <div>
          <dt>{t("details.broadband")}</dt>
          <dd>{t(`details.broadbandLevel.${row.broadband}`)}</dd>
        </div>
        <div>
          <dt>{t("details.fiber")}</dt>
          <dd>{row.fiber ? t("details.yes") : t("details.no")}</dd>
        </div>
      </dl>
      <h4>{t("details.explanation")}</h4>
      <div className="table-scroll">
        <table className="gap-table explanation-table" data-testid="explanation-table">
          <thead>
            <tr>
              <th scope="col">{t("details.factorCol")}</th>
              <th scope="col" className="num">
                {t("details.raw")}
              </th>
              <th scope="col" className="num">
                {t("details.normalised")}
              </th>
              <th scope="col" className="num">
                {t("details.weight")}
              </th>
              <th scope="col">{t("details.contribution")}</th>
            </tr>
          </thead>
          <tbody>
            {PRIORITY_FACTORS.map((f) => (
              <tr key={f} data-factor={f}>
                <th scope="row">
                  <span className="factor-swatch" style={{ background: FACTOR_COLOURS[f] }} aria-hidden="true" />
                  {weights[f] < 0 ? t(`factorInverse.${f}`) : t(`factor.${f}`)}
                </th>
                <td className="num">{raw(f, row.factors[f])}</td>
                <td className="num">{dec.format(row.normalised[f])}</td>
                <td className="num">
                  {weights[f]}
                  {total > 0 ? ` (${Math.round((Math.abs(weights[f]) / total) * 100)} %)` : ""}
                </td>
                <td className="contribution-cell">
                  <span className="contribution-track">
                    <span className="contribution-fill" style={{ width: `${row.contributions[f] * 100}%`, background: FACTOR_COLOURS[f] }} />
                  </span>
                  <span className="num">{dec.format(row.contributions[f])}</span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t("details.sum")}
              </th>
              <td className="num">
                <strong>{dec.format(row.score)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

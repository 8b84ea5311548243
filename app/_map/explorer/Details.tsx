"use client";

import { memo, useMemo } from "react";
import { useLocale, useMessages, useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatter, MISSING, SMALL_COUNT_TEXT } from "@/app/_i18n/format";
import { MOBILE_TECHS as TECHS, OPERATORS, REASON_KEYS, SIGNAL_LEVELS as LEVEL_NAMES } from "@/geo/domain";
import { rate } from "@/geo/rates";
import type { Attributes, History, Unit } from "./api";
import { OPERATOR_NAMES } from "./legend-model";
import { FUNNEL_KEYS, indexed, isWithheld, value, type Tree } from "./model";

const FLAG_KEYS = ["noGrid", "no4g", "noSignal", "noBroadband", "noFiber"] as const;

/**
 * The unit or hamlet in focus: its funnel, the reasons people are not yet activated, its
 * infrastructure, a small history chart, the as-of date and the source. Names are text (React
 * escapes them), counts 1–4 show as "<5".
 */
export const Details = memo(function Details({
  tree,
  unit,
  attrs,
  history,
  onPick,
}: {
  tree: Tree;
  unit: Unit;
  attrs: Attributes;
  history: History | null;
  onPick(id: string): void;
}) {
  const t = useTranslations("explorer.details");
  const tl = useTranslations("explorer.levelNames");
  const m = useMessages().explorer.details;
  const fmt = formatter(useLocale());
  const isHamlet = unit.level === "hamlet";
  const table = useMemo(() => indexed(isHamlet ? attrs.hamlets : attrs.units), [isHamlet, attrs]);
  const i = table.index.get(unit.id);
  const get = (k: string) => (i === undefined ? null : value(table, k, i));
  const shown = (k: string) => (i !== undefined && isWithheld(table, k, i) ? SMALL_COUNT_TEXT : fmt.count(get(k)));
  const share = (k: string, den = "eligible") => {
    const a = get(k);
    const b = get(den);
    const r = rate(a, b);
    return r === null ? MISSING : fmt.percent(r);
  };
  const asOf = isHamlet && i !== undefined ? (attrs.hamlets.asOf[i] ?? null) : attrs.asOf;
  const infraAsOf = isHamlet && i !== undefined ? (attrs.hamlets.infraAsOf[i] ?? null) : attrs.coverageAsOf;
  const parent = unit.parentId ? tree.byId.get(unit.parentId) : undefined;
  const targetPeriod = !isHamlet && i !== undefined ? attrs.units.targetPeriod[i] : null;

  return (
    <aside className="explorer-details" aria-label={t("title")} data-testid="details">
      <h2 className="details-title">{unit.fullName}</h2>
      <p className="details-meta">
        {tl(unit.level)} · {unit.code}
        {parent ? ` · ${parent.fullName}` : ""}
      </p>
      <dl className="details-facts">
        <dt>{t("asOf")}</dt>
        <dd data-testid="details-asof">{fmt.date(asOf)}</dd>
        <dt>{t("source")}</dt>
        <dd>{attrs.synthetic ? t("sourceDemo") : t("sourceImport")}</dd>
        {!isHamlet ? (
          <>
            <dt>{t("hamletsCount")}</dt>
            <dd>{fmt.count(get("hamlets"))}</dd>
          </>
        ) : null}
        <dt>{t("residents")}</dt>
        <dd>{shown("residents")}</dd>
      </dl>

      <h3>{t("funnel")}</h3>
      <table className="details-table">
        <thead>
          <tr>
            <th />
            <th>{t("people")}</th>
            <th>{t("share")}</th>
          </tr>
        </thead>
        <tbody>
          {FUNNEL_KEYS.map((k, n) => (
            <tr key={k}>
              <th>{t(k)}</th>
              <td>{shown(k)}</td>
              <td>
                {n === 0 ? "" : share(k)}
                {n > 0 ? <Bar value={get(k)} total={get("eligible")} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!isHamlet && get("target") !== null ? (
        <p className="details-target">
          {t("target", { period: (targetPeriod ?? "").replace("/", " – ") })}: {fmt.count(get("target"))} · {t("targetProgress")}: {share("received", "target")}
        </p>
      ) : null}

      <h3>{t("reasons")}</h3>
      <table className="details-table">
        <tbody>
          {REASON_KEYS.map((k) => (
            <tr key={k}>
              <th>{m.reasonNames[k]}</th>
              <td>{shown(k)}</td>
              <td>{share(k)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>
        {t("infrastructure")} <span className="details-sub">{infraAsOf ? t("infraAsOf", { date: fmt.date(infraAsOf) }) : ""}</span>
      </h3>
      {isHamlet ? (
        <>
          <dl className="details-facts">
            <dt>{t("grid")}</dt>
            <dd data-testid="details-grid">{yesNo(get("grid"), t)}</dd>
            <dt>{t("fiber")}</dt>
            <dd>{yesNo(get("fiber"), t)}</dd>
          </dl>
          <table className="details-table signal" aria-label={t("signalTable")}>
            <thead>
              <tr>
                <th>{t("operator")}</th>
                {TECHS.map((x) => (
                  <th key={x}>{x.toUpperCase()}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {OPERATORS.map((op) => (
                <tr key={op}>
                  <th>{OPERATOR_NAMES[op]}</th>
                  {TECHS.map((x) => {
                    const s = get(`sig_${op}_${x}`);
                    return (
                      <td key={x} className={s === null ? "" : `signal-${LEVEL_NAMES[s]}`}>
                        {s === null ? t("unknown") : m.signalLevels[LEVEL_NAMES[s]!]}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <ul className="details-flags">
          {FLAG_KEYS.map((k) => (
            <li key={k}>
              {t("hamletsWithout")} {m.without[k]}: <strong>{fmt.count(get(k))}</strong>
            </li>
          ))}
        </ul>
      )}

      <h3>{t("history")}</h3>
      <HistoryChart history={history} current={asOf} />
      <p className="details-note">{t("withheldNote")}</p>

      {!isHamlet ? <Children tree={tree} unit={unit} onPick={onPick} /> : null}
    </aside>
  );
});

function yesNo(v: number | null, t: (k: "yes" | "no" | "unknown") => string): string {
  return v === null ? t("unknown") : v ? t("yes") : t("no");
}

function Bar({ value: v, total }: { value: number | null; total: number | null }) {
  if (v === null || total === null || total === 0) return null;
  return (
    <span className="share-bar" aria-hidden="true">
      <span style={{ width: `${Math.min(100, (100 * v) / total)}%` }} />
    </span>
  );
}

function HistoryChart({ history, current }: { history: History | null; current: string | null }) {
  const t = useTranslations("explorer.details");
  const fmt = formatter(useLocale());
  const data = useMemo(
    () =>
      (history?.points ?? []).map((p) => ({
        date: p.date,
        activation: rate(p.activated, p.eligible),
        received: rate(p.received, p.eligible),
      })),
    [history],
  );
  if (!history) return <p className="details-note">…</p>;
  const pct = (v: number) => fmt.percent(v);
  return (
    <div className="history-chart" data-testid="history-chart" data-points={data.length}>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e5e5e5" />
          <XAxis dataKey="date" tickFormatter={(d: string) => `${d.slice(5, 7)}/${d.slice(2, 4)}`} fontSize={10} minTickGap={18} />
          <YAxis domain={[0, 1]} tickFormatter={pct} fontSize={10} width={44} />
          <Tooltip formatter={(v) => (typeof v === "number" ? pct(v) : String(v))} labelFormatter={(d) => fmt.date(String(d))} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {current ? <ReferenceLine x={current} stroke="#c51b7d" /> : null}
          <Line type="monotone" dataKey="received" name={t("historyReceived")} stroke="#2c7fb8" dot={false} isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="activation"
            name={t("historyActivation")}
            stroke="#253494"
            strokeDasharray="4 2"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function Children({ tree, unit, onPick }: { tree: Tree; unit: Unit; onPick(id: string): void }) {
  const t = useTranslations("explorer.breadcrumb");
  const kids = tree.children.get(unit.id) ?? [];
  if (kids.length === 0 || kids.length > 400) return null;
  return (
    <details className="children">
      <summary>
        {t("children")} ({kids.length})
      </summary>
      <ul>
        {kids.map((c) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => onPick(c.id)}>
              {c.fullName}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

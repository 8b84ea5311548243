"use client";

import { useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { RunRequest } from "@/geo/plan-schema";
import type { ScenarioSummary } from "@/db/queries/plans";

const COLOURS = ["#1f77b4", "#d62728"];

/** Save the current plan as a named scenario; pick two saved ones to compare side by side. */
export function Scenarios({
  unit,
  request,
  scenarios,
  onChange,
}: {
  unit: { id: string; structure: string };
  request: RunRequest;
  scenarios: ScenarioSummary[];
  onChange(s: ScenarioSummary[]): void;
}) {
  const t = useTranslations("plans.scenarios");
  const lang = useLocale() as Locale;
  const fmt = formatter(lang);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const q = `unit=${encodeURIComponent(unit.id)}&structure=${encodeURIComponent(unit.structure)}`;

  const reload = async () => {
    const res = await fetch(`/api/plans/scenarios?${q}`);
    if (res.ok) onChange(((await res.json()) as { scenarios: ScenarioSummary[] }).scenarios);
  };
  const save = async () => {
    const res = await fetch("/api/plans/scenarios", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, request }),
    });
    setMessage(res.ok ? { ok: true, text: t("saved") } : { ok: false, text: t("saveError") });
    if (res.ok) {
      const { id } = (await res.json()) as { id: number };
      setName("");
      await reload();
      setPicked((p) => [...p, id].slice(-2));
    }
  };
  const remove = async (id: number) => {
    const res = await fetch(`/api/plans/scenarios?${q}&id=${id}`, { method: "DELETE" });
    if (res.ok) {
      setPicked((p) => p.filter((x) => x !== id));
      await reload();
    }
  };
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const compared = picked.map((id) => scenarios.find((s) => s.id === id)).filter((s): s is ScenarioSummary => !!s);
  const money = (v: number) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(v);

  return (
    <section className="plans-section no-print" aria-labelledby="scenarios-title">
      <h3 id="scenarios-title">{t("title")}</h3>
      <form
        className="plans-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t("name")} <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required name="scenarioName" />
        </label>
        <button type="submit" disabled={name.trim() === ""}>
          {t("save")}
        </button>
        {message && (
          <span role="status" className={message.ok ? "ok" : "plans-error"}>
            {message.text}
          </span>
        )}
      </form>
      {scenarios.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="scenario-list" data-testid="scenario-list">
          {scenarios.map((s) => (
            <li key={s.id}>
              <label className="check">
                <input type="checkbox" checked={picked.includes(s.id)} onChange={() => toggle(s.id)} /> <strong>{s.name}</strong>
              </label>
              <span className="muted">
                {t("createdAt")}: {fmt.date(s.createdAt.slice(0, 10))} · {fmt.percent(s.plan.summary.rateAfter)}
              </span>
              <button type="button" onClick={() => void remove(s.id)}>
                {t("delete")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {compared.length === 2 ? (
        <div className="scenario-compare" data-testid="scenario-compare">
          <h4>{t("compare")}</h4>
          <table className="plans-table">
            <thead>
              <tr>
                <th>{t("metric")}</th>
                {compared.map((s, i) => (
                  <th key={s.id} style={{ color: COLOURS[i] }}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ["peopleReached", (s) => fmt.count(total(s.plan.summary.wifiPeopleReached, s.plan.summary.teamServed))],
                  ["wifiReached", (s) => fmt.count(s.plan.summary.wifiPeopleReached)],
                  ["wifiSites", (s) => String(s.plan.summary.wifiSites)],
                  ["teamServed", (s) => fmt.count(s.plan.summary.teamServed)],
                  ["rateAfter", (s) => fmt.percent(s.plan.summary.rateAfter)],
                  ["wifiCost", (s) => money(s.plan.summary.wifiCost)],
                  ["teamCost", (s) => money(s.plan.summary.teamCost)],
                  ["totalCost", (s) => money(s.plan.summary.wifiCost + s.plan.summary.teamCost)],
                ] as [string, (s: ScenarioSummary) => string][]
              ).map(([key, f]) => (
                <tr key={key}>
                  <th scope="row">{t(key as "metric")}</th>
                  {compared.map((s) => (
                    <td key={s.id} className="num">
                      {f(s)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t("rateByDate")}</h4>
          <div className="scenario-chart">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={chartRows(compared)} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" tickFormatter={(d: string) => fmt.date(d).slice(0, 5)} />
                <YAxis domain={["auto", "auto"]} tickFormatter={(v: number) => fmt.percent(v)} width={64} />
                <Tooltip formatter={(v) => fmt.percent(Number(v))} labelFormatter={(d) => fmt.date(String(d))} />
                <Legend />
                {compared.map((s, i) => (
                  <Line key={s.id} type="monotone" dataKey={`s${s.id}`} name={s.name} stroke={COLOURS[i]} dot={false} connectNulls isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </div>
      ) : scenarios.length > 1 ? (
        <p className="muted">{t("pickTwo")}</p>
      ) : null}
    </section>
  );
}

/** People reached by both; null only when both are withheld. */
function total(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/** One row per date of either scenario, with each scenario's projected rate on its dates. */
function chartRows(list: ScenarioSummary[]): Record<string, string | number | null>[] {
  const dates = [...new Set(list.flatMap((s) => s.plan.summary.byDate.map((b) => b.date)))].sort();
  return dates.map((date) => {
    const row: Record<string, string | number | null> = { date };
    for (const s of list) row[`s${s.id}`] = s.plan.summary.byDate.find((b) => b.date === date)?.rate ?? null;
    return row;
  });
}

"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { runRequestSchema, type AddedCandidate, type RunRequest } from "@/geo/plan-schema";
import type { ScenarioSummary } from "@/db/queries/plans";
import type { FeatureCollection } from "geojson";
import type { RunResult } from "@/app/_screens/plans";
import { WifiResults } from "./WifiResults";
import { TeamResults } from "./TeamResults";
import { PrintPages } from "./PrintPages";
import { Scenarios } from "./Scenarios";
import { MapLegend } from "./MapLegend";

// MapLibre needs window and WebGL: client only (docs/DEVELOPING.md, "Client-only components": dynamic() inside a client component).
const PlansMap = dynamic(() => import("./PlansMap"), { ssr: false });

export interface PlansIslandProps {
  unit: { id: string; name: string; structure: "pre2025" | "post2025"; bbox: [number, number, number, number] };
  date: string;
  hamlets: { id: string; name: string; communeName: string | null }[];
  bases: { id: number; name: string }[];
  scenarios: ScenarioSummary[];
  /** Commune outlines of the scope (drawn under the plan). */
  communes: FeatureCollection;
}

type Form = Omit<RunRequest, "unit" | "structure" | "date">;

/** A number typed into a field; an empty or unreadable entry counts as `fallback`. */
const num = (v: string, fallback: number) => (v.trim() === "" || !Number.isFinite(Number(v)) ? fallback : Number(v));

/**
 * The team planner's detail fields, in form order: their bounds and the value an empty entry counts
 * as. The turnout is a share, entered in percent.
 */
const TEAM_DETAILS: readonly {
  key: "workingHours" | "peoplePerHour" | "setupMinutes" | "turnout" | "speedKmh" | "detourFactor" | "costPerTeamDay";
  min: number;
  max?: number;
  step: number;
  fallback: number;
  percent?: true;
}[] = [
  { key: "workingHours", min: 1, max: 16, step: 0.5, fallback: 8 },
  { key: "peoplePerHour", min: 1, max: 200, step: 1, fallback: 12 },
  { key: "setupMinutes", min: 0, max: 240, step: 5, fallback: 30 },
  { key: "turnout", min: 1, max: 100, step: 1, fallback: 85, percent: true },
  { key: "speedKmh", min: 1, max: 120, step: 1, fallback: 20 },
  { key: "detourFactor", min: 1, max: 4, step: 0.1, fallback: 1.6 },
  { key: "costPerTeamDay", min: 0, step: 0.1, fallback: 1.5 },
];

/** A labelled number input of the planner form; `onChange` gets the number read with {@link num}. */
function NumberField({
  label,
  value,
  fallback,
  onChange,
  ...input
}: {
  label: string;
  value: number;
  fallback: number;
  onChange(value: number): void;
  min: number;
  max?: number;
  step: number;
  name?: string;
}) {
  return (
    <label>
      {label}
      <input type="number" {...input} value={value} onChange={(e) => onChange(num(e.target.value, fallback))} />
    </label>
  );
}

/** The planners' page: parameters, the map, the results, printable itineraries and scenarios. */
export function PlansIsland({ unit, date, hamlets, bases, scenarios: initialScenarios, communes }: PlansIslandProps) {
  const t = useTranslations("plans");
  const tp = useTranslations("priorities");
  const defaults = useMemo(() => runRequestSchema.parse({ unit: unit.id, structure: unit.structure, date }), [unit.id, unit.structure, date]);
  const [form, setForm] = useState<Form>(() => ({ ...defaults, teams: { ...defaults.teams, startDate: date } }));
  const [result, setResult] = useState<RunResult | null>(null);
  const [lastRequest, setLastRequest] = useState<RunRequest | null>(null);
  const [status, setStatus] = useState<{ kind: "idle" | "running" } | { kind: "error"; issues: { path: string; message: string }[] }>({ kind: "idle" });
  const [adding, setAdding] = useState(false);
  const [scenarios, setScenarios] = useState(initialScenarios);

  const run = useCallback(
    async (f: Form) => {
      const request: RunRequest = { ...f, unit: unit.id, structure: unit.structure, date };
      setStatus({ kind: "running" });
      try {
        const res = await fetch("/api/plans/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
        const body = await res.json();
        if (!res.ok) {
          setStatus({ kind: "error", issues: body.issues ?? [] });
          return;
        }
        setResult(body as RunResult);
        setLastRequest(request);
        setStatus({ kind: "idle" });
      } catch (err) {
        console.error("plans run", err);
        setStatus({ kind: "error", issues: [] });
      }
    },
    [unit.id, unit.structure, date],
  );

  // A first plan with the defaults, so the map and tables show something at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount, with the initial form; later runs are the user's (the Run button)
  useEffect(() => {
    void run(form);
  }, []);

  const setWifi = (patch: Partial<Form["wifi"]>) => setForm((f) => ({ ...f, wifi: { ...f.wifi, ...patch } }));
  const setCosts = (patch: Partial<Form["wifi"]["costs"]>) => setForm((f) => ({ ...f, wifi: { ...f.wifi, costs: { ...f.wifi.costs, ...patch } } }));
  /** Changes fields of the selection in `mode` (its fields are shown only while it is the selected mode). */
  const setSelection = <M extends Form["selection"]["mode"]>(_mode: M, patch: Partial<Extract<Form["selection"], { mode: M }>>) =>
    setForm((f) => ({ ...f, selection: { ...(f.selection as Extract<Form["selection"], { mode: M }>), ...patch } }));
  const setTeams = (patch: Partial<Form["teams"]>) => setForm((f) => ({ ...f, teams: { ...f.teams, ...patch } }));
  const addCandidate = useCallback(
    (lon: number, lat: number) => {
      setForm((f) => {
        const n = f.addedCandidates.reduce((m, c) => Math.max(m, Number(c.id.slice(5))), 0) + 1;
        const c: AddedCandidate = { id: `user-${n}`, name: t("wifi.addedName", { n }), lon, lat, power: "none", backhaul: "none" };
        return { ...f, addedCandidates: [...f.addedCandidates, c] };
      });
      setAdding(false);
    },
    [t],
  );
  const sortedHamlets = useMemo(
    () => [...hamlets].sort((a, b) => (a.communeName ?? "").localeCompare(b.communeName ?? "", "vi") || a.name.localeCompare(b.name, "vi")),
    [hamlets],
  );
  const hamletLabel = (h: { name: string; communeName: string | null }) => (h.communeName ? `${h.name} — ${h.communeName}` : h.name);

  return (
    <div className="plans">
      <header className="plans-head no-print">
        <h2>{t("title")}</h2>
        <p>{t("intro")}</p>
        <p className="plans-scope">
          <strong>{t("scope")}:</strong> <span data-testid="plans-unit">{unit.name}</span> · <strong>{t("dataDate")}:</strong>{" "}
          {date.split("-").reverse().join("/")}
        </p>
      </header>

      <div className="plans-layout no-print">
        <form
          className="plans-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(form);
          }}
          aria-label={t("title")}
        >
          <fieldset>
            <legend>{t("selection.title")}</legend>
            <label>
              {t("selection.mode")}
              <select
                value={form.selection.mode}
                onChange={(e) =>
                  setForm((f) => ({
                    ...f,
                    selection:
                      e.target.value === "manual"
                        ? { mode: "manual", hamletIds: hamlets.slice(0, 1).map((h) => h.id) }
                        : e.target.value === "priority"
                          ? { mode: "priority", preset: "mobileTeams", top: 50 }
                          : { mode: "filter", noBroadband: false, maxActivationRate: null, minPeople: 0 },
                  }))
                }
              >
                <option value="filter">{t("selection.filter")}</option>
                <option value="manual">{t("selection.manual")}</option>
                <option value="priority">{t("selection.priority")}</option>
              </select>
            </label>
            {form.selection.mode === "filter" ? (
              <>
                <label className="check">
                  <input type="checkbox" checked={form.selection.noBroadband} onChange={(e) => setSelection("filter", { noBroadband: e.target.checked })} />
                  {t("selection.noBroadband")}
                </label>
                <label>
                  {t("selection.maxActivationRate")}
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    value={form.selection.maxActivationRate === null ? "" : Math.round(form.selection.maxActivationRate * 100)}
                    onChange={(e) =>
                      setSelection("filter", { maxActivationRate: e.target.value === "" ? null : Math.min(1, Math.max(0, Number(e.target.value) / 100)) })
                    }
                  />
                </label>
                <label>
                  {t("selection.minPeople")}
                  <input
                    type="number"
                    min={0}
                    step={1}
                    value={form.selection.minPeople}
                    onChange={(e) => setSelection("filter", { minPeople: Math.max(0, Math.floor(num(e.target.value, 0))) })}
                  />
                </label>
              </>
            ) : form.selection.mode === "priority" ? (
              <>
                <label>
                  {t("selection.preset")}
                  <select
                    value={form.selection.preset}
                    onChange={(e) => setSelection("priority", { preset: e.target.value as Extract<Form["selection"], { mode: "priority" }>["preset"] })}
                  >
                    {(["mobileTeams", "wifiPoints", "telecomBuildOut", "balanced"] as const).map((p) => (
                      <option key={p} value={p}>
                        {tp(`preset.${p}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t("selection.top")}
                  <input
                    type="number"
                    min={1}
                    max={5000}
                    step={1}
                    value={form.selection.top}
                    onChange={(e) => setSelection("priority", { top: Math.min(5000, Math.max(1, Math.floor(num(e.target.value, 50)))) })}
                  />
                </label>
              </>
            ) : (
              <label>
                {t("selection.manualHint")}
                <select
                  multiple
                  size={8}
                  value={form.selection.hamletIds}
                  onChange={(e) => {
                    const ids = [...e.target.selectedOptions].map((o) => o.value);
                    if (ids.length) setForm((f) => ({ ...f, selection: { mode: "manual", hamletIds: ids } }));
                  }}
                >
                  {sortedHamlets.map((h) => (
                    <option key={h.id} value={h.id}>
                      {hamletLabel(h)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t("selection.skip")}
              <select
                multiple
                size={4}
                value={form.skip}
                onChange={(e) => {
                  const ids = [...e.target.selectedOptions].map((o) => o.value);
                  setForm((f) => ({ ...f, skip: ids }));
                }}
              >
                {sortedHamlets.map((h) => (
                  <option key={h.id} value={h.id}>
                    {hamletLabel(h)}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>

          <fieldset>
            <legend>{t("wifi.title")}</legend>
            <NumberField
              label={t("wifi.radiusKm")}
              min={0.1}
              max={20}
              step={0.1}
              value={form.wifi.radiusKm}
              fallback={1.5}
              onChange={(v) => setWifi({ radiusKm: v })}
            />
            <NumberField
              label={t("wifi.maxSites")}
              min={0}
              max={500}
              step={1}
              name="maxSites"
              value={form.wifi.maxSites}
              fallback={5}
              onChange={(v) => setWifi({ maxSites: Math.floor(v) })}
            />
            <label>
              {t("wifi.budget")}
              <input
                type="number"
                min={0}
                step={1}
                value={form.wifi.budget ?? ""}
                onChange={(e) => setWifi({ budget: e.target.value === "" ? null : num(e.target.value, 0) })}
              />
            </label>
            <details>
              <summary>{t("wifi.costs")}</summary>
              {(["accessPoint", "solar", "fiber", "cellular", "link"] as const).map((k) => (
                <label key={k}>
                  {t(`wifi.${k}`)}
                  <input type="number" min={0} step={1} value={form.wifi.costs[k]} onChange={(e) => setCosts({ [k]: num(e.target.value, 0) })} />
                </label>
              ))}
            </details>
            <button type="button" className={adding ? "active" : ""} aria-pressed={adding} onClick={() => setAdding((a) => !a)}>
              {adding ? t("wifi.addingCandidate") : t("wifi.addCandidate")}
            </button>
            {form.addedCandidates.length > 0 && (
              <ul className="added-candidates" aria-label={t("wifi.added")}>
                {form.addedCandidates.map((c) => (
                  <li key={c.id}>
                    <span>{c.name}</span>
                    <select
                      aria-label={t("wifi.power")}
                      value={c.power}
                      onChange={(e) =>
                        setForm((f) => ({
                          ...f,
                          addedCandidates: f.addedCandidates.map((x) => (x.id === c.id ? { ...x, power: e.target.value as AddedCandidate["power"] } : x)),
                        }))
                      }
                    >
                      {(["grid", "solar", "none"] as const).map((p) => (
                        <option key={p} value={p}>
                          {t("wifi.power")}: {t(`power.${p}`)}
                        </option>
                      ))}
                    </select>
                    <select
                      aria-label={t("wifi.backhaul")}
                      value={c.backhaul}
                      onChange={(e) =>
                        setForm((f) => ({
                          ...f,
                          addedCandidates: f.addedCandidates.map((x) => (x.id === c.id ? { ...x, backhaul: e.target.value as AddedCandidate["backhaul"] } : x)),
                        }))
                      }
                    >
                      {(["fiber", "4g", "3g", "none"] as const).map((p) => (
                        <option key={p} value={p}>
                          {t("wifi.backhaul")}: {t(`backhaul.${p}`)}
                        </option>
                      ))}
                    </select>
                    <button type="button" onClick={() => setForm((f) => ({ ...f, addedCandidates: f.addedCandidates.filter((x) => x.id !== c.id) }))}>
                      {t("wifi.remove")}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>

          <fieldset>
            <legend>{t("teams.title")}</legend>
            <NumberField
              label={t("teams.teams")}
              min={1}
              max={20}
              step={1}
              name="teams"
              value={form.teams.teams}
              fallback={3}
              onChange={(v) => setTeams({ teams: Math.floor(v) })}
            />
            <NumberField
              label={t("teams.days")}
              min={1}
              max={60}
              step={1}
              name="days"
              value={form.teams.days}
              fallback={10}
              onChange={(v) => setTeams({ days: Math.floor(v) })}
            />
            <label>
              {t("teams.startDate")}
              <input type="date" value={form.teams.startDate ?? date} onChange={(e) => setTeams({ startDate: e.target.value || date })} />
            </label>
            <label className="check">
              <input type="checkbox" checked={form.teams.restWeekdays.includes(0)} onChange={(e) => setTeams({ restWeekdays: e.target.checked ? [0] : [] })} />
              {t("teams.restWeekdays")}
            </label>
            <label className="check">
              <input type="checkbox" checked={form.teams.returnDaily} onChange={(e) => setTeams({ returnDaily: e.target.checked })} />
              {t("teams.returnDaily")}
            </label>
            <label>
              {t("teams.base")}
              <select value={form.teams.baseSiteId ?? ""} onChange={(e) => setTeams({ baseSiteId: e.target.value === "" ? null : Number(e.target.value) })}>
                <option value="">{t("teams.baseAuto")}</option>
                {bases.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </label>
            <details>
              <summary>
                {t("teams.workingHours")}, {t("teams.peoplePerHour").toLowerCase()}…
              </summary>
              {TEAM_DETAILS.map(({ key, percent, ...field }) => (
                <NumberField
                  key={key}
                  label={t(`teams.${key}`)}
                  {...field}
                  value={percent ? Math.round(form.teams[key] * 100) : form.teams[key]}
                  onChange={(v) => setTeams({ [key]: percent ? Math.min(1, Math.max(0.01, v / 100)) : v })}
                />
              ))}
            </details>
          </fieldset>

          <button type="submit" className="primary" disabled={status.kind === "running"}>
            {status.kind === "running" ? t("running") : t("run")}
          </button>
          {status.kind === "error" && (
            <div role="alert" className="plans-error">
              <p>{t("runError")}</p>
              <ul>
                {status.issues.map((i) => (
                  <li key={i.path + i.message}>
                    <code>{i.path}</code>: {i.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </form>

        <section className="plans-map" aria-label={t("wifi.title")}>
          <PlansMap bbox={unit.bbox} communes={communes} result={result} adding={adding} onAdd={addCandidate} />
          {result && <MapLegend teams={result.teams.itineraries.map((i) => i.team)} />}
        </section>
      </div>

      {result && (
        <div className="plans-results">
          <p className="no-print plans-selected" data-testid="plans-selected">
            {t("selection.selectedCount", { n: result.hamlets.filter((h) => h.selected).length })}
          </p>
          <WifiResults result={result} />
          <TeamResults result={result} />
          {lastRequest && <Scenarios unit={unit} request={lastRequest} scenarios={scenarios} onChange={setScenarios} />}
          <PrintPages result={result} unitName={unit.name} />
        </div>
      )}
    </div>
  );
}

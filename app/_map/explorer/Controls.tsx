"use client";

import { memo, useId, useMemo, useState } from "react";
import { useLocale, useMessages, useTranslations } from "next-intl";
import { formatter, SMALL_COUNT_TEXT } from "@/app/_i18n/format";
import { INDICATORS, indicatorById } from "../indicators";
import { LAYERS } from "../layers";
import { FILTER_IDS, LEVELS, METHODS, OPERATOR_CHOICES, TECH_CHOICES, type ViewState } from "../view-state";
import type { Unit } from "./api";
import { camel, OPERATOR_NAMES } from "./legend-model";
import { searchUnits, type FilterSummary, type Tree } from "./model";

type SetState = (patch: Partial<ViewState>) => void;

/** Search by name (any diacritics, any case, đ = d) or code; picking a result drills down to it. */
export const SearchBox = memo(function SearchBox({ tree, onPick }: { tree: Tree; onPick(id: string): void }) {
  const t = useTranslations("explorer");
  const [query, setQuery] = useState("");
  const hits = useMemo(() => searchUnits(tree, query), [tree, query]);
  const id = useId();
  const parentName = (u: Unit) => {
    const p = u.parentId ? tree.byId.get(u.parentId) : undefined;
    return p && p.level !== "province" ? p.fullName : "";
  };
  return (
    <section className="panel search">
      <label htmlFor={id}>{t("search.label")}</label>
      <input
        id={id}
        type="search"
        value={query}
        placeholder={t("search.placeholder")}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && hits[0]) {
            onPick(hits[0].unit.id);
            setQuery("");
          }
        }}
      />
      {query.trim() ? (
        hits.length > 0 ? (
          <ul className="search-results" aria-label={t("search.results")}>
            {hits.map((h) => (
              <li key={h.unit.id}>
                <button
                  type="button"
                  data-unit={h.unit.id}
                  onClick={() => {
                    onPick(h.unit.id);
                    setQuery("");
                  }}
                >
                  <strong>{h.unit.fullName}</strong>
                  <span className="search-meta">
                    {t(`levelNames.${h.unit.level}`)} · {h.unit.code}
                    {parentName(h.unit) ? ` · ${parentName(h.unit)}` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="search-none">{t("search.none")}</p>
        )
      ) : null}
    </section>
  );
});

/** Province › district › commune › hamlet, each a link back up; the unit's children to go down. */
export const Breadcrumb = memo(function Breadcrumb({ tree, path, onPick }: { tree: Tree; path: Unit[]; onPick(id: string): void }) {
  const t = useTranslations("explorer.breadcrumb");
  const here = path[path.length - 1]!;
  const children = tree.children.get(here.id) ?? [];
  return (
    <nav className="panel breadcrumb" aria-label={t("label")}>
      <ol>
        {path.map((u, i) => (
          <li key={u.id}>
            {i < path.length - 1 ? (
              <button type="button" className="link" onClick={() => onPick(u.id)}>
                {u.fullName}
              </button>
            ) : (
              <span aria-current="location">{u.fullName}</span>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="zoom-to" onClick={() => onPick(here.id)}>
        {t("zoom")}
      </button>
      {children.length > 0 ? (
        <details className="children">
          <summary>
            {t("children")} ({children.length})
          </summary>
          <ul>
            {children.map((c) => (
              <li key={c.id}>
                <button type="button" className="link" data-unit={c.id} onClick={() => onPick(c.id)}>
                  {c.fullName}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </nav>
  );
});

/** Indicator, the level it colours, the structure, and the classification. */
export const IndicatorPanel = memo(function IndicatorPanel({ state, setState, provinceId }: { state: ViewState; setState: SetState; provinceId: string }) {
  const t = useTranslations("explorer");
  const m = useMessages().explorer;
  const ind = indicatorById(state.ind);
  const share = ind.kind === "share";
  const [manual, setManual] = useState(() => state.breaks.map((b) => (share ? b * 100 : b)).join(", "));
  const groups = [...new Set(INDICATORS.map((i) => i.group))];
  return (
    <section className="panel">
      <h2>{t("indicator.title")}</h2>
      <label>
        {t("indicator.label")}
        <select
          name="indicator"
          value={state.ind}
          onChange={(e) => setState({ ind: e.target.value, breaks: [], method: state.method === "manual" ? "quantile" : state.method })}
        >
          {groups.map((g) => (
            <optgroup key={g} label={t(`indicator.groups.${g}`)}>
              {INDICATORS.filter((i) => i.group === g).map((i) => (
                <option key={i.id} value={i.id}>
                  {m.indicators[i.id as keyof typeof m.indicators]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <fieldset className="inline">
        <legend>{t("structure.label")}</legend>
        {(["post2025", "pre2025"] as const).map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="structure"
              value={s}
              checked={state.structure === s}
              onChange={() =>
                // A commune or district of one structure is not in the other: go up to the province then.
                setState({
                  structure: s,
                  level: s === "post2025" && state.level === "district" ? "commune" : state.level,
                  unit: /^(p|h)-/.test(state.unit) ? state.unit : provinceId,
                })
              }
            />
            {t(`structure.${s}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t("indicator.level")}
        <select name="level" value={state.level} onChange={(e) => setState({ level: e.target.value as ViewState["level"] })}>
          {LEVELS.map((l) => (
            <option key={l} value={l} disabled={l === "district" && state.structure !== "pre2025"}>
              {t(`indicator.levels.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          {t("indicator.method")}
          <select name="method" value={state.method} onChange={(e) => setState({ method: e.target.value as ViewState["method"] })}>
            {METHODS.map((x) => (
              <option key={x} value={x}>
                {t(`indicator.methods.${x}`)}
              </option>
            ))}
          </select>
        </label>
        {state.method !== "manual" ? (
          <label>
            {t("indicator.classes")}
            <select name="k" value={state.k} onChange={(e) => setState({ k: Number(e.target.value) })}>
              {[3, 4, 5, 6, 7].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {state.method === "manual" ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const values = manual
              .split(/[,;\s]+/)
              .map((x) => Number(x.replace(",", ".")))
              .filter((x) => Number.isFinite(x))
              .map((x) => (share ? x / 100 : x));
            const ascending = [...new Set(values)].sort((a, b) => a - b);
            setState({ breaks: ascending });
          }}
        >
          <label>
            {t("indicator.manualBreaks")} ({share ? t("indicator.manualHintShare") : t("indicator.manualHintCount")})
            <input name="breaks" value={manual} onChange={(e) => setManual(e.target.value)} />
          </label>
          <button type="submit">{t("indicator.apply")}</button>
        </form>
      ) : null}
    </section>
  );
});

/** The date (a slider over the snapshot dates) and an optional second date to compare with. */
export const DatePanel = memo(function DatePanel({
  state,
  setState,
  dates,
  asOf,
  loading,
}: {
  state: ViewState;
  setState: SetState;
  dates: string[];
  asOf: string | null;
  loading: boolean;
}) {
  const t = useTranslations("explorer.date");
  const fmt = formatter(useLocale());
  const current = state.date ?? dates[dates.length - 1] ?? "";
  const index = Math.max(0, dates.findIndex((d) => d >= current) === -1 ? dates.length - 1 : dates.findIndex((d) => d >= current));
  const go = (i: number) => dates[i] && setState({ date: dates[i] });
  const id = useId();
  return (
    <section className="panel">
      <h2>{t("title")}</h2>
      <label htmlFor={id}>
        {t("label")}: <strong data-testid="date-value">{fmt.date(asOf)}</strong>
        {loading ? " …" : ""}
      </label>
      <div className="row">
        <button type="button" aria-label={t("previous")} disabled={index <= 0} onClick={() => go(index - 1)}>
          ‹
        </button>
        <input id={id} type="range" name="date" min={0} max={Math.max(0, dates.length - 1)} value={index} onChange={(e) => go(Number(e.target.value))} />
        <button type="button" aria-label={t("next")} disabled={index >= dates.length - 1} onClick={() => go(index + 1)}>
          ›
        </button>
      </div>
      <select name="dateSelect" aria-label={t("label")} value={dates[index] ?? ""} onChange={(e) => setState({ date: e.target.value })}>
        {dates.map((d) => (
          <option key={d} value={d}>
            {fmt.date(d)}
          </option>
        ))}
      </select>
      <label className="check">
        <input
          type="checkbox"
          name="compare"
          checked={!!state.cmp}
          onChange={(e) => setState({ cmp: e.target.checked ? (dates[Math.max(0, index - 12)] ?? dates[0]) : undefined })}
        />
        {t("compare")}
      </label>
      {state.cmp ? (
        <select name="cmp" aria-label={t("compare")} value={state.cmp} onChange={(e) => setState({ cmp: e.target.value })}>
          {dates.map((d) => (
            <option key={d} value={d}>
              {fmt.date(d)}
            </option>
          ))}
        </select>
      ) : null}
    </section>
  );
});

/** Hamlet filters (AND) with the number of matching hamlets and people under the unit in focus. */
export const FilterPanel = memo(function FilterPanel({
  state,
  setState,
  summary: s,
  tree,
  unit,
  onPick,
}: {
  state: ViewState;
  setState: SetState;
  summary: FilterSummary | null;
  tree: Tree;
  unit: Unit;
  onPick(id: string): void;
}) {
  const t = useTranslations("explorer.filters");
  const fmt = formatter(useLocale());
  const [act, setAct] = useState(state.act === undefined ? "" : String(state.act));
  const people = (x: { sum: number; partial: boolean }) =>
    x.partial ? t("atLeast", { n: fmt.count(x.sum) }) : x.sum >= 1 && x.sum <= 4 ? SMALL_COUNT_TEXT : fmt.count(x.sum);
  const LIST_MAX = 60;
  return (
    <section className="panel filters">
      <h2>{t("title")}</h2>
      {FILTER_IDS.map((f) => (
        <label key={f} className="check">
          <input
            type="checkbox"
            name={`filter-${f}`}
            checked={state.f.includes(f)}
            onChange={(e) => setState({ f: e.target.checked ? [...state.f, f] : state.f.filter((x) => x !== f) })}
          />
          {t(f)}
        </label>
      ))}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label>
          {t("actBelow")}
          <input
            name="act"
            type="number"
            min={0}
            max={100}
            step={1}
            inputMode="decimal"
            value={act}
            onChange={(e) => {
              setAct(e.target.value);
              const v = e.target.value.trim() === "" ? undefined : Number(e.target.value);
              if (v === undefined || (Number.isFinite(v) && v >= 0 && v <= 100)) setState({ act: v });
            }}
          />
        </label>
      </form>
      {state.f.length > 0 || state.act !== undefined ? (
        <button
          type="button"
          onClick={() => {
            setAct("");
            setState({ f: [], act: undefined });
          }}
        >
          {t("clear")}
        </button>
      ) : null}
      {s ? (
        <div className="filter-summary" role="status" data-testid="filter-summary">
          <p className="filter-count" data-matching={s.matching} data-total={s.hamlets}>
            {s.active
              ? t("count", { matching: fmt.count(s.matching), total: fmt.count(s.hamlets) })
              : t("countAll", { total: fmt.count(s.hamlets), unit: unit.fullName })}
          </p>
          <dl className="filter-people">
            <dt>{t("residents")}</dt>
            <dd data-testid="filter-residents" data-value={s.residents.sum}>
              {people(s.residents)}
            </dd>
            <dt>{t("eligible")}</dt>
            <dd data-testid="filter-eligible" data-value={s.eligible.sum}>
              {people(s.eligible)}
            </dd>
            <dt>{t("notActivated")}</dt>
            <dd data-testid="filter-not-activated" data-value={s.notActivated.sum}>
              {people(s.notActivated)}
            </dd>
          </dl>
          {s.active ? (
            s.matching > 0 ? (
              <details className="filter-list" open={s.matching <= 25}>
                <summary>
                  {t("list")} ({fmt.count(s.matching)})
                </summary>
                <ul>
                  {s.matchingIds.slice(0, LIST_MAX).map((id) => {
                    const h = tree.byId.get(id);
                    const p = h?.parentId ? tree.byId.get(h.parentId) : undefined;
                    return (
                      <li key={id}>
                        <button type="button" className="link" data-unit={id} onClick={() => onPick(id)}>
                          {h?.name ?? id}
                        </button>
                        {p ? <span className="search-meta"> · {p.name}</span> : null}
                      </li>
                    );
                  })}
                </ul>
                {s.matching > LIST_MAX ? <p>{t("more", { n: fmt.count(s.matching - LIST_MAX) })}</p> : null}
              </details>
            ) : (
              <p>{t("none")}</p>
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
});

/** The infrastructure layers (each with its own legend), the operator and the signal technology. */
export const LayerPanel = memo(function LayerPanel({
  layers,
  op,
  tech,
  setState,
}: {
  layers: string[];
  op: ViewState["op"];
  tech: ViewState["tech"];
  setState: SetState;
}) {
  const t = useTranslations("explorer.layers");
  const m = useMessages().explorer.layers;
  return (
    <section className="panel layers">
      <h2>{t("title")}</h2>
      {LAYERS.filter((l) => l.toggle).map((l) => (
        <label key={l.id} className="check">
          <input
            type="checkbox"
            name={`layer-${l.id}`}
            checked={layers.includes(l.id)}
            onChange={(e) => setState({ layers: e.target.checked ? [...layers, l.id] : layers.filter((x) => x !== l.id) })}
          />
          {m.names[camel(l.id) as keyof typeof m.names]}
        </label>
      ))}
      <label>
        {t("operator")}
        <select name="operator" value={op} onChange={(e) => setState({ op: e.target.value as ViewState["op"] })}>
          {OPERATOR_CHOICES.map((o) => (
            <option key={o} value={o}>
              {o === "any" ? t("operators.any") : OPERATOR_NAMES[o]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("tech")}
        <select name="tech" value={tech} onChange={(e) => setState({ tech: e.target.value as ViewState["tech"] })}>
          {TECH_CHOICES.map((x) => (
            <option key={x} value={x}>
              {t(`techs.${x}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
});

"use client";

import { useEffect, useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { foldName } from "@/geo/names";
import { PRIORITY_FACTORS, type PriorityWeights } from "@/geo/priority-score";
import type { Bottleneck } from "@/geo/gap-causes";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import { rankRows, type RankedRow, BOTTLENECKS, type GapRow } from "@/app/_screens/priorities";
import { shownCount } from "@/app/_components/gap-display";
import { ChoiceFilter, HamletRow, SearchFilter, useHamletTable } from "@/app/_components/HamletTable";
import { presetOf, weightsToParam } from "@/app/_screens/params";
import { WeightsPanel } from "./WeightsPanel";
import { ExplanationBar } from "./ExplanationBar";
import { DetailsPanel } from "./DetailsPanel";
import { ExportLinks } from "@/app/_components/ExportLinks";
import { Pagination } from "@/app/_components/Pagination";

// MapLibre needs window and WebGL: client-only, loaded after the table (docs/DEVELOPING.md, "Client-only components").
const PriorityMap = dynamic(() => import("./PriorityMap"), { ssr: false });

type SortKey = "rank" | "name" | "commune" | "remaining" | "bottleneck" | "reach" | "distance";

export interface UnitInfo {
  id: string;
  name: string;
  bbox: [number, number, number, number];
}

/**
 * The ranked table, the weights panel, the map and the details panel of the priorities screen.
 * Scores are recomputed here whenever a weight moves (geo/priority-score.ts, pure and fast), so the
 * table, the explanation bars and the map follow at once.
 */
export function PrioritiesView({
  rows,
  initialWeights,
  unit,
  structure,
  date,
}: {
  rows: GapRow[];
  initialWeights: PriorityWeights;
  unit: UnitInfo;
  structure: string;
  date: string;
}) {
  const t = useTranslations("priorities");
  const locale = useLocale() as Locale;
  const fmt = useMemo(() => formatter(locale), [locale]);
  const dec = useMemo(() => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: 3, maximumFractionDigits: 3 }), [locale]);
  const km = useMemo(() => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }), [locale]);

  const [weights, setWeights] = useState<PriorityWeights>(initialWeights);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rank", dir: 1 });
  const [query, setQuery] = useState("");
  const [bottleneck, setBottleneck] = useState<Bottleneck | "">("");
  const [commune, setCommune] = useState("");

  const ranked = useMemo(() => rankRows(rows, weights), [rows, weights]);
  const communes = useMemo(() => [...new Set(rows.map((r) => r.communeName))].sort((a, b) => a.localeCompare(b, "vi")), [rows]);

  const filtered = useMemo(() => {
    const q = foldName(query);
    const out = ranked.filter(
      (r) => (!q || foldName(r.name).includes(q)) && (!bottleneck || r.bottleneck === bottleneck) && (!commune || r.communeName === commune),
    );
    const value = (r: RankedRow): number | string => {
      switch (sort.key) {
        case "rank":
          return r.rank;
        case "name":
          return foldName(r.name);
        case "commune":
          return foldName(r.communeName);
        // Withheld counts sort as their stand-in (between 0 and 5), never as missing.
        case "remaining":
          return r.factors.remaining;
        case "reach":
          return r.reach ?? 2.5;
        case "bottleneck":
          return BOTTLENECKS.indexOf(r.bottleneck);
        case "distance":
          return r.factors.distance;
      }
    };
    return out.sort((a, b) => {
      const va = value(a),
        vb = value(b);
      const c = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb), "vi");
      return c * sort.dir || a.rank - b.rank;
    });
  }, [ranked, query, bottleneck, commune, sort]);

  const { pages, current, setPage, filterBy, pageRows, selectedId, select } = useHamletTable(filtered);
  const pageIds = useMemo(() => pageRows.map((r) => r.id), [pageRows]);
  const selected = selectedId ? (ranked.find((r) => r.id === selectedId) ?? null) : null;

  // Keep the weights in the URL (without navigating), so that a reload or a shared link shows the same ranking.
  useEffect(() => {
    const url = new URL(window.location.href);
    const preset = presetOf(weights);
    url.searchParams.delete(preset ? "w" : "preset");
    if (preset) url.searchParams.set("preset", preset);
    else url.searchParams.set("w", weightsToParam(weights));
    window.history.replaceState(window.history.state, "", url);
  }, [weights]);

  const sortBy = (key: SortKey) =>
    setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : key === "remaining" || key === "reach" || key === "distance" ? -1 : 1 }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.dir === 1 ? "ascending" : "descending") : "none");
  const header = (key: SortKey, label: string, className?: string) => (
    <th scope="col" aria-sort={ariaSort(key)} className={className}>
      <button type="button" className="sort-button" onClick={() => sortBy(key)} data-sort={key}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}</span>
      </button>
    </th>
  );
  const explain = (r: RankedRow) =>
    PRIORITY_FACTORS.filter((f) => r.contributions[f] > 0)
      .sort((a, b) => r.contributions[b] - r.contributions[a])
      .map((f) => `${weights[f] < 0 ? t(`factorInverse.${f}`) : t(`factor.${f}`)} ${dec.format(r.contributions[f])}`)
      .join(" + ");
  const exportParams = { unit: unit.id, structure, date, w: weightsToParam(weights) };

  return (
    <section className="priorities" aria-label={t("table.caption")}>
      <WeightsPanel weights={weights} onChange={(w) => setWeights(w)} />
      <div className="priorities-main">
        <div className="priorities-table-area">
          <div className="table-filters">
            <SearchFilter label={t("table.search")} value={query} onChange={filterBy(setQuery)} testId="hamlet-search" />
            <ChoiceFilter
              label={t("table.bottleneck")}
              value={bottleneck}
              all={t("table.allBottlenecks")}
              options={BOTTLENECKS.map((b) => ({ value: b, label: t(`bottleneck.${b}`) }))}
              onChange={filterBy(setBottleneck)}
              testId="bottleneck-filter"
            />
            <ChoiceFilter
              label={t("table.commune")}
              value={commune}
              all={t("table.allCommunes")}
              options={communes.map((c) => ({ value: c, label: c }))}
              onChange={filterBy(setCommune)}
            />
            <span className="table-count" role="status">
              {t("table.rows", { count: filtered.length })}
            </span>
          </div>
          <div className="table-scroll">
            <table className="gap-table ranking-table" data-testid="ranking-table">
              <caption className="visually-hidden">{t("table.caption")}</caption>
              <thead>
                <tr>
                  {header("rank", t("table.rank"), "num")}
                  {header("name", t("table.hamlet"))}
                  {header("commune", t("table.commune"))}
                  <th scope="col">
                    {t("table.score")} · {t("table.explanation")}
                  </th>
                  {header("remaining", t("table.remaining"), "num")}
                  {header("bottleneck", t("table.bottleneck"))}
                  <th scope="col">{t("table.intervention")}</th>
                  {header("reach", t("table.reach"), "num")}
                  {header("distance", t("table.distance"), "num")}
                </tr>
              </thead>
              <tbody>
                {pageRows.map((r) => (
                  <HamletRow
                    key={r.id}
                    id={r.id}
                    name={r.name}
                    selected={r.id === selectedId}
                    onSelect={() => select(r.id)}
                    before={<td className="num">{r.rank}</td>}
                  >
                    <td>{r.communeName}</td>
                    <td className="score-cell">
                      <span className="score-value">{dec.format(r.score)}</span>
                      <ExplanationBar contributions={r.contributions} label={explain(r)} />
                    </td>
                    <td className="num">{shownCount(fmt, r.remaining, "remaining", r.suppressed)}</td>
                    <td>
                      <span className={`bottleneck-dot bottleneck-${r.bottleneck}`} aria-hidden="true" /> {t(`bottleneck.${r.bottleneck}`)}
                    </td>
                    <td>{t(`intervention.${r.intervention}`)}</td>
                    <td className="num">{shownCount(fmt, r.reach, "reach", r.suppressed)}</td>
                    <td className="num">{km.format(r.factors.distance)}</td>
                  </HamletRow>
                ))}
              </tbody>
            </table>
            {filtered.length === 0 && <p className="table-empty">{t("table.empty")}</p>}
          </div>
          <Pagination
            current={current}
            pages={pages}
            onPage={setPage}
            labels={{ previous: t("table.previous"), next: t("table.next"), page: t("table.page", { page: current + 1, pages }) }}
          />
          <ExportLinks label={t("export.ranking")} table="priorities" params={exportParams} formats={["csv", "xlsx", "geojson"]} />
          <p className="export-note">{t("export.note")}</p>
        </div>
        <div className="priorities-side">
          <section className="side-map" aria-label={t("map.label")}>
            <PriorityMap unit={unit} structure={structure} rows={filtered} pageIds={pageIds} selectedId={selectedId} onSelect={(id) => select(id, true)} />
          </section>
          <DetailsPanel row={selected} weights={weights} onClose={() => select(null)} />
        </div>
      </div>
    </section>
  );
}

"use client";

import { useEffect, useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { foldName } from "@/geo/names";
import { OPERATOR_COVERAGE_KINDS } from "@/geo/domain";
import { TELECOM_GAPS, type TelecomGap, type TelecomView as View } from "@/geo/telecom-gaps";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import type { ReviewHistoryRow } from "@/db/queries/telecom";
import type { TelecomRow } from "@/app/_screens/telecom";

export type { TelecomRow };
import { shownCount } from "@/app/_components/gap-display";
import { ChoiceFilter, HamletRow, SearchFilter, useHamletTable } from "@/app/_components/HamletTable";
import { ExportLinks } from "@/app/_components/ExportLinks";
import { Pagination } from "@/app/_components/Pagination";
import type { UnitInfo } from "@/app/priorities/_components/PrioritiesView";

const TelecomMap = dynamic(() => import("./TelecomMap"), { ssr: false });

/** One hamlet lacking some infrastructure, as handed to the browser (counts of 1–4 withheld). */

type RankBy = "affected" | "notActivated";
const KINDS = OPERATOR_COVERAGE_KINDS;

/** The telecom table (filter, rank, paginate), its map, and the selected hamlet with its reviews. */
export function TelecomView({
  rows,
  view,
  initialRank,
  unit,
  structure,
  date,
}: {
  rows: TelecomRow[];
  view: View;
  initialRank: RankBy;
  unit: UnitInfo;
  structure: string;
  date: string;
}) {
  const t = useTranslations("telecom");
  const locale = useLocale() as Locale;
  const fmt = useMemo(() => formatter(locale), [locale]);
  const [rank, setRank] = useState<RankBy>(initialRank);
  const [gap, setGap] = useState<TelecomGap | "">("");
  const [query, setQuery] = useState("");

  const filtered = useMemo(() => {
    const q = foldName(query);
    // A withheld count (1–4) ranks as 2.5: between 0 and 5, never as missing.
    const key = (r: TelecomRow) =>
      (rank === "affected" ? r.residents : r.notActivated) ??
      ((rank === "affected" ? r.suppressed.includes("residents") : r.suppressed.includes("notActivated")) ? 2.5 : -1);
    return rows.filter((r) => (!gap || r.gaps[gap]) && (!q || foldName(r.name).includes(q))).sort((a, b) => key(b) - key(a) || a.id.localeCompare(b.id));
  }, [rows, gap, query, rank]);
  const { pages, current, setPage, filterBy, pageRows, selectedId, select } = useHamletTable(filtered);
  const selected = rows.find((r) => r.id === selectedId) ?? null;

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set("rank", rank);
    window.history.replaceState(window.history.state, "", url);
  }, [rank]);

  const reviewText = (r: TelecomRow) => {
    if (r.reviews.length === 0) return <span className="review-none">{t("review.none")}</span>;
    return r.reviews.map((v) => (
      <span key={`${v.operator}-${v.kind}`} className={`review-status-${v.status}`}>
        {view === "combined" ? `${t(`view.${v.operator}`)} ` : ""}
        {t(`review.kinds.${v.kind}`)}: {t(`review.${v.status}`)}{" "}
      </span>
    ));
  };

  return (
    <div className="telecom-main">
      <div>
        <div className="table-filters">
          <SearchFilter label={t("table.search")} value={query} onChange={filterBy(setQuery)} />
          <ChoiceFilter
            label={t("table.filter")}
            value={gap}
            all={t("table.anyGap")}
            options={TELECOM_GAPS.map((g) => ({ value: g, label: t(`gap.${g}`) }))}
            onChange={filterBy(setGap)}
            testId="gap-filter"
          />
          <label>
            {t("rank.label")}
            <select value={rank} onChange={(e) => setRank(e.target.value as RankBy)} data-testid="rank-by">
              <option value="affected">{t("rank.affected")}</option>
              <option value="notActivated">{t("rank.notActivated")}</option>
            </select>
          </label>
          <span className="table-count" role="status">
            {t("table.rows", { count: filtered.length })}
          </span>
        </div>
        <div className="table-scroll">
          <table className="gap-table ranking-table" data-testid="telecom-table">
            <caption className="visually-hidden">{t("table.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.hamlet")}</th>
                <th scope="col">{t("table.commune")}</th>
                {TELECOM_GAPS.map((g) => (
                  <th key={g} scope="col">
                    {t(`service.${g}`)}
                  </th>
                ))}
                <th scope="col" className="num" aria-sort={rank === "affected" ? "descending" : "none"}>
                  {t("table.residents")}
                </th>
                <th scope="col" className="num" aria-sort={rank === "notActivated" ? "descending" : "none"}>
                  {t("table.notActivated")}
                </th>
                <th scope="col" className="num">
                  {t("table.simNeed")}
                </th>
                <th scope="col">{t("table.review")}</th>
              </tr>
            </thead>
            <tbody>
              {pageRows.map((r) => (
                <HamletRow key={r.id} id={r.id} name={r.name} selected={r.id === selectedId} onSelect={() => select(r.id)}>
                  <td>{r.communeName}</td>
                  {TELECOM_GAPS.map((g) => (
                    <td key={g} className={r.gaps[g] ? "gap-mark" : "gap-ok"}>
                      {r.gaps[g] ? `✗ ${t("table.missing")}` : `✓ ${t("table.present")}`}
                    </td>
                  ))}
                  <td className="num">{shownCount(fmt, r.residents, "residents", r.suppressed)}</td>
                  <td className="num">{shownCount(fmt, r.notActivated, "notActivated", r.suppressed)}</td>
                  <td className="num">{shownCount(fmt, r.simNeed, "simNeed", r.suppressed)}</td>
                  <td>{reviewText(r)}</td>
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
        <ExportLinks
          namespace="telecom"
          label={t("export.table")}
          table="telecom"
          params={{ unit: unit.id, structure, date, view, rankBy: rank }}
          formats={["csv", "xlsx", "geojson"]}
        />
      </div>
      <div className="priorities-side">
        <section className="side-map" aria-label={t("map.label")}>
          <TelecomMap unit={unit} structure={structure} rows={filtered} selectedId={selectedId} onSelect={(id) => select(id, true)} />
        </section>
        <TelecomDetails row={selected} view={view} unit={unit} structure={structure} date={date} />
      </div>
    </div>
  );
}

function TelecomDetails({ row, view, unit, structure, date }: { row: TelecomRow | null; view: View; unit: UnitInfo; structure: string; date: string }) {
  const t = useTranslations("telecom");
  const locale = useLocale() as Locale;
  const fmt = useMemo(() => formatter(locale), [locale]);
  const router = useRouter();
  const [history, setHistory] = useState<ReviewHistoryRow[] | null>(null);
  const [form, setForm] = useState<{ status: "confirmed" | "disputed"; kind: (typeof KINDS)[number]; comment: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  // Keyed on the hamlet's id (the row is a new object on every render) and on version, bumped to fetch again after a review is saved.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    setHistory(null);
    if (!row) return;
    const abort = new AbortController();
    fetch(`/api/coverage-reviews?${new URLSearchParams({ unit: unit.id, structure, hamlet: row.id })}`, { signal: abort.signal })
      .then((r) => r.json() as Promise<{ reviews: ReviewHistoryRow[] }>)
      .then((j) => setHistory(j.reviews))
      .catch(() => {
        if (!abort.signal.aborted) setHistory([]);
      });
    return () => abort.abort();
  }, [row?.id, unit.id, structure, version]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is reset when another hamlet is chosen
  useEffect(() => {
    setForm(null);
    setMessage(null);
  }, [row?.id]);

  if (!row)
    return (
      <section className="details-panel">
        <p className="details-empty">{t("details.none")}</p>
      </section>
    );
  const defaultKind = row.gaps.noBroadband ? "4g" : row.gaps.no2g ? "2g" : row.gaps.noFiber ? "fiber" : "4g";
  const open = (status: "confirmed" | "disputed") => {
    setMessage(null);
    setForm({ status, kind: defaultKind, comment: "" });
  };
  const save = async () => {
    if (!form || view === "combined") return;
    const res = await fetch("/api/coverage-reviews", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        unit: unit.id,
        structure,
        hamletId: row.id,
        operator: view,
        kind: form.kind,
        status: form.status,
        comment: form.comment,
        asOf: date,
      }),
    });
    if (res.ok) {
      setForm(null);
      setMessage(t("review.saved"));
      setVersion((v) => v + 1);
      router.refresh();
    } else {
      const body = (await res.json().catch(() => null)) as { error?: string; issues?: { path: string; message: string }[] } | null;
      setMessage(t("review.error", { message: body?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || body?.error || `HTTP ${res.status}` }));
    }
  };

  return (
    <section className="details-panel" aria-labelledby="telecom-details-title" data-testid="telecom-details">
      <header className="details-header">
        <h3 id="telecom-details-title">
          {row.name} <small>— {row.communeName}</small>
        </h3>
      </header>
      <dl className="details-facts">
        {TELECOM_GAPS.map((g) => (
          <div key={g}>
            <dt>{t(`service.${g}`)}</dt>
            <dd className={row.gaps[g] ? "gap-mark" : "gap-ok"}>{row.gaps[g] ? t("table.missing") : t("table.present")}</dd>
          </div>
        ))}
        <div>
          <dt>{t("table.residents")}</dt>
          <dd>{shownCount(fmt, row.residents, "residents", row.suppressed)}</dd>
        </div>
        <div>
          <dt>{t("table.notActivated")}</dt>
          <dd>{shownCount(fmt, row.notActivated, "notActivated", row.suppressed)}</dd>
        </div>
        <div>
          <dt>{t("table.simNeed")}</dt>
          <dd>{shownCount(fmt, row.simNeed, "simNeed", row.suppressed)}</dd>
        </div>
      </dl>
      <h4>{t("review.history")}</h4>
      {history === null ? null : history.length === 0 ? (
        <p className="details-empty">{t("review.noHistory")}</p>
      ) : (
        <ul className="review-history" data-testid="review-history">
          {history.map((h) => (
            <li key={h.id}>
              <span className={`review-status-${h.status}`}>
                {t(`view.${h.operator}`)} · {t(`review.kinds.${h.kind}`)}: {t(`review.${h.status}`)}
              </span>
              {h.comment && <> — {h.comment}</>}
              <br />
              <small>{t("review.on", { date: fmt.date(h.reviewedAt.slice(0, 10)), by: h.reviewedBy })}</small>
            </li>
          ))}
        </ul>
      )}
      {view === "combined" ? (
        <p className="details-empty">{t("review.chooseOperator")}</p>
      ) : (
        <>
          <div className="review-actions">
            <button type="button" onClick={() => open("confirmed")} data-testid="review-confirm">
              {t("review.confirm")}
            </button>
            <button type="button" onClick={() => open("disputed")} data-testid="review-dispute">
              {t("review.dispute")}
            </button>
          </div>
          {form && (
            <form
              className="review-form"
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <label>
                {t("review.kind")}
                <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as (typeof KINDS)[number] })}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`review.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("review.comment")}
                <textarea
                  value={form.comment}
                  maxLength={2000}
                  placeholder={t("review.commentPlaceholder")}
                  onChange={(e) => setForm({ ...form, comment: e.target.value })}
                  required={form.status === "disputed"}
                />
              </label>
              <div className="review-actions">
                <button type="submit">
                  {t("review.save")} — {t(`review.${form.status}`)}
                </button>
                <button type="button" onClick={() => setForm(null)}>
                  {t("review.cancel")}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

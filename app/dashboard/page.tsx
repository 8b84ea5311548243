import Link from "next/link";
import { countsForView } from "@/app/_auth/counts";
import { requirePage } from "@/app/_auth/page";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { HBarChart, ProgressChart } from "@/app/_components/progress/charts";
import { Figure } from "@/app/_components/progress/Figure";
import { InfraTable } from "@/app/_components/progress/InfraTable";
import { loadProgress, parseProgressParams, viewQuery, type ProgressView } from "@/app/_screens/dashboard";
import { presenter } from "@/app/_components/progress/present";
import { Problem } from "@/app/_components/progress/Problem";
import "@/app/_components/progress/progress.css";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata() {
  const t = await getTranslations("common");
  return { title: `${t("nav.dashboard")} · ${t("appTitle")}` };
}

/**
 * The progress dashboard for any unit and date: funnel, monthly progress against the target with a
 * forecast, rankings and movers among the unit's children, reasons, infrastructure. The view is
 * the URL (unit, structure, date), so it can be shared and the language switch keeps it.
 */
export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const { params: raw, viewer } = await requirePage("/dashboard", await searchParams);
  const parsed = parseProgressParams(raw);
  if (!parsed.success) return <Problem base="/dashboard" error={parsed.error} params={raw} />;
  const result = await loadProgress(await getDb(), parsed.data, countsForView(viewer, parsed.data.threshold));
  if (result.status !== "ok") return <Problem base="/dashboard" result={result} params={raw} />;
  const view = result.view;
  const p = await presenter(view);
  const { t, f } = p;
  const ranks = p.rankings(15);
  const movers = p.movers(8);
  const bottlenecks = p.bottleneckRows();
  const series = p.progressSeries();

  return (
    <main className="progress-page">
      <header className="progress-header">
        <h2>{t("pageTitle", { unit: view.unit.fullName })}</h2>
        <p className="progress-asof">
          {t("asOf", { date: f.date(view.date) })} · {view.since ? t("sinceNote", { date: f.date(view.since) }) : t("noSince")}
        </p>
        <ScopePicker view={view} />
      </header>

      <div className="progress-grid">
        <Figure id="funnel" title={t("titles.funnel")} caption={`${t("caption.funnel", { unit: p.unit })} ${p.stamp()}`}>
          <HBarChart rows={p.funnelRows()} axis="count" name={t("table.count")} />
        </Figure>

        <Figure
          id="progress"
          title={t("titles.progress")}
          className="chart-wide"
          caption={
            <>
              {p.progressCaption()}
              {view.targets.map((x) => {
                const fc = p.forecastText(x);
                return (
                  <span key={x.metric} className="forecast-text" data-forecast={x.forecast.status}>
                    <strong>{t("titles.forecast")}:</strong> {fc.sentence} {fc.remaining} {fc.method}
                  </span>
                );
              })}
            </>
          }
        >
          <ProgressChart series={series} />
        </Figure>

        {view.children.length ? (
          <>
            <Figure id="rank-rate" title={t("titles.rankRate")} caption={ranks.rateCaption}>
              <HBarChart rows={ranks.rateRows} axis="percent" name={t("table.rate")} />
            </Figure>
            <Figure id="rank-remaining" title={t("titles.rankRemaining")} caption={ranks.remainingCaption}>
              <HBarChart rows={ranks.remainingRows} axis="count" name={t("table.remaining")} />
            </Figure>
            <Figure id="movers" title={t("titles.movers")} caption={movers?.caption ?? `${t("noMovers")} ${p.stamp()}`}>
              {movers ? <HBarChart rows={movers.rows} axis="pp" name={t("table.change")} /> : <p className="chart-empty">{t("noMovers")}</p>}
            </Figure>
          </>
        ) : (
          <p className="chart-empty">{t("noChildren")}</p>
        )}

        <Figure id="reasons" title={t("titles.reasons")} caption={p.reasonsCaption()}>
          <HBarChart rows={p.reasonRows()} axis="count" name={t("table.count")} />
        </Figure>

        <Figure
          id="bottlenecks"
          title={t("titles.bottlenecks")}
          caption={bottlenecks ? `${t("caption.bottlenecks", { unit: p.unit })} ${p.stamp()}` : t("caption.bottlenecks", { unit: p.unit })}
        >
          {bottlenecks ? <HBarChart rows={bottlenecks} axis="count" name={t("table.count")} /> : <p className="chart-empty">{t("noBottlenecks")}</p>}
        </Figure>

        <Figure id="infra" title={t("titles.infra")} caption={p.infraCaption()}>
          <HBarChart rows={p.infraRows()} axis="count" name={t("table.gapHamlets")} />
          <InfraTable rows={view.infra.rows} p={p} className="progress-table" hamlets />
        </Figure>
      </div>

      {view.children.length ? (
        <section className="progress-children">
          <h3>{t("titles.children")}</h3>
          <table className="progress-table">
            <thead>
              <tr>
                <th scope="col">{t("table.unit")}</th>
                <th scope="col">{t("table.hamlets")}</th>
                <th scope="col">{t("table.eligible")}</th>
                <th scope="col">{t("table.activated")}</th>
                <th scope="col">{t("table.rate")}</th>
                <th scope="col">{t("table.remaining")}</th>
                <th scope="col">{t("table.change")}</th>
              </tr>
            </thead>
            <tbody>
              {view.children.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/dashboard?${viewQuery({ unit: c.id, structure: view.structure, date: view.date, threshold: view.threshold })}`}>
                      {c.fullName}
                    </Link>
                  </th>
                  <td>{p.num(c.hamlets)}</td>
                  <td>{p.count(c.eligible)}</td>
                  <td>{p.count(c.activated)}</td>
                  <td>{f.percent(c.rate)}</td>
                  <td>{p.count(c.remaining)}</td>
                  <td>{p.pp(c.delta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <p className="progress-note">
        {view.counts === "exact" ? t("exactCountNote") : t("smallCountNote", { max: view.threshold - 1, threshold: view.threshold })}
      </p>
    </main>
  );
}

/** Unit (up, current, down), structure and report date, as a plain GET form: the URL is the view. */
async function ScopePicker({ view }: { view: ProgressView }) {
  const t = await getTranslations("dashboard");
  const p = await presenter(view);
  return (
    <form className="scope-picker" method="get" action="/dashboard" aria-label={t("picker.label")}>
      <label>
        {t("picker.unit")}
        <select name="unit" defaultValue={view.unit.id}>
          {view.ancestors.length ? (
            <optgroup label={t("picker.up")}>
              {view.ancestors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.fullName}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t("picker.current")}>
            <option value={view.unit.id}>{view.unit.fullName}</option>
          </optgroup>
          {view.children.length ? (
            <optgroup label={t("picker.down")}>
              {view.children.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.fullName}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      <label>
        {t("picker.structure")}
        <select name="structure" defaultValue={view.structure}>
          <option value="post2025">{t("structures.post2025")}</option>
          <option value="pre2025">{t("structures.pre2025")}</option>
        </select>
      </label>
      <label>
        {t("picker.date")}
        <select name="date" defaultValue={view.date}>
          {[...view.dates].reverse().map((d) => (
            <option key={d} value={d}>
              {p.f.date(d)}
            </option>
          ))}
        </select>
      </label>
      {view.threshold !== 5 ? <input type="hidden" name="threshold" value={view.threshold} /> : null}
      <button type="submit">{t("picker.submit")}</button>
      <Link
        className="briefing-link"
        href={`/briefing?${viewQuery({ unit: view.unit.id, structure: view.structure, date: view.date, since: view.since, threshold: view.threshold })}`}
      >
        {t("picker.briefing")}
      </Link>
    </form>
  );
}

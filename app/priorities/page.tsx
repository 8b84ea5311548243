import { getLocale, getTranslations } from "next-intl/server";
import { countsFor } from "@/app/_auth/counts";
import { requirePage } from "@/app/_auth/page";
import { getDb } from "@/db";
import { priorityHamlets } from "@/db/queries/priorities";
import { formatter } from "@/app/_i18n/format";
import { GAP_DEFAULTS } from "@/geo/gap-defaults";
import { GAP_CAUSES, BOTTLENECK_INTERVENTIONS } from "@/geo/gap-causes";
import { ScopeForm } from "@/app/_components/ScopeForm";
import { ParamError, ScopeAlert } from "@/app/_components/GapAlerts";
import { gapScope } from "@/app/_screens/gap-scope";
import { PrioritiesView } from "./_components/PrioritiesView";
import { ExportLinks } from "@/app/_components/ExportLinks";
import { BOTTLENECKS, bottleneckSummary, gapRows } from "@/app/_screens/priorities";
import { firstParams, scopeParams, weightParams, weightsFrom } from "@/app/_screens/params";
import "@/app/_components/gap.css";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const pageParams = scopeParams.extend(weightParams.shape);

/**
 * Priorities: why each hamlet of the scope lags (cause split, bottleneck, recommended intervention),
 * counts of people per bottleneck, and the transparent priority ranking with live weights, linked
 * to a map. The scope is the URL's unit + structure + date.
 */
export default async function PrioritiesPage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslations("priorities");
  const locale = (await getLocale()) as "vi" | "en";
  const fmt = formatter(locale);
  // Numbers of hamlets are not counts of people: never withheld.
  const int = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB");
  const access = await requirePage("/priorities", await searchParams);
  const parsed = pageParams.safeParse(firstParams(access.params));
  if (!parsed.success) return <ParamError title={t("invalid")} error={parsed.error} />;
  const { unit: unitId, structure } = parsed.data;
  const scope = scopeOf(unitId, structure);
  const db = await getDb();
  const { unit, dates, choices, date } = await gapScope({ db, scope, within: access.root ?? scope, date: parsed.data.date });
  const form = <ScopeForm action="/priorities" unit={unitId} structure={structure} date={date} dates={dates} choices={choices} />;
  if (!unit) return <ScopeAlert form={form} message={t("notInStructure", { unit: unitId })} />;
  if (!date) return <ScopeAlert form={form} message={t("noData")} />;

  const data = await priorityHamlets({ db, scope, date });
  const rows = gapRows(data.hamlets, countsFor(access.viewer));
  const summary = bottleneckSummary(data.hamlets);
  const { weights } = weightsFrom(parsed.data);
  const base = { unit: unitId, structure, date };

  return (
    <main className="gap-page">
      {form}
      <header className="gap-header">
        <h2>{t("heading", { unit: unit.name })}</h2>
        <p className="gap-asof">{t("asOf", { date: fmt.date(date) })}</p>
        <p className="gap-intro">{t("intro")}</p>
        <ul className="gap-notes">
          <li>{data.coverageAsOf ? t("notes.coverage", { date: fmt.date(data.coverageAsOf) }) : t("notes.noCoverage")}</li>
          {data.hamletsWithoutData > 0 && <li>{t("notes.withoutData", { count: data.hamletsWithoutData })}</li>}
          <li>{t("notes.distance", { factor: String(GAP_DEFAULTS.detourFactor).replace(".", locale === "vi" ? "," : ".") })}</li>
          <li>{t("notes.privacy")}</li>
        </ul>
      </header>

      <section className="gap-summary" aria-labelledby="bottleneck-summary">
        <h3 id="bottleneck-summary">{t("summary.title")}</h3>
        <div className="gap-summary-tables">
          <table className="gap-table" data-testid="bottleneck-summary">
            <thead>
              <tr>
                <th scope="col">{t("summary.bottleneck")}</th>
                <th scope="col">{t("summary.intervention")}</th>
                <th scope="col" className="num">
                  {t("summary.hamlets")}
                </th>
                <th scope="col" className="num">
                  {t("summary.remaining")}
                </th>
                <th scope="col" className="num">
                  {t("summary.reach")}
                </th>
              </tr>
            </thead>
            <tbody>
              {BOTTLENECKS.map((b) => (
                <tr key={b}>
                  <th scope="row" title={t(`bottleneckHelp.${b}`)}>
                    <span className={`bottleneck-dot bottleneck-${b}`} aria-hidden="true" /> {t(`bottleneck.${b}`)}
                  </th>
                  <td>{BOTTLENECK_INTERVENTIONS[b].map((i) => t(`intervention.${i}`)).join(" / ")}</td>
                  <td className="num">{int.format(summary.byBottleneck[b].hamlets)}</td>
                  <td className="num">{fmt.count(summary.byBottleneck[b].remaining)}</td>
                  <td className="num">{fmt.count(summary.byBottleneck[b].reach)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("summary.total")}</th>
                <td />
                <td className="num">{int.format(summary.hamlets)}</td>
                <td className="num">{fmt.count(summary.remaining)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
          <table className="gap-table" data-testid="cause-summary">
            <caption>{t("summary.byCause")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("summary.cause")}</th>
                <th scope="col" className="num">
                  {t("summary.people")}
                </th>
              </tr>
            </thead>
            <tbody>
              {GAP_CAUSES.map((c) => (
                <tr key={c}>
                  <th scope="row" title={t(`bottleneckHelp.${c}`)}>
                    {t(`bottleneck.${c}`)}
                  </th>
                  <td className="num">{fmt.count(summary.byCause[c])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ExportLinks label={t("export.summary")} table="bottlenecks" params={base} formats={["csv", "xlsx"]} />
      </section>

      <PrioritiesView rows={rows} initialWeights={weights} unit={unit} structure={structure} date={date} />
    </main>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import { countsFor } from "@/app/_auth/counts";
import { requirePage } from "@/app/_auth/page";
import { z } from "zod";
import { getDb } from "@/db";
import { telecomScreen } from "@/app/_screens/telecom";
import { formatter } from "@/app/_i18n/format";
import { TELECOM_GAPS, TELECOM_VIEWS, type TelecomView as View } from "@/geo/telecom-gaps";
import { ScopeForm } from "@/app/_components/ScopeForm";
import { ParamError, ScopeAlert } from "@/app/_components/GapAlerts";
import { gapScope } from "@/app/_screens/gap-scope";
import { ExportLinks } from "@/app/_components/ExportLinks";
import { firstParams, scopeParams } from "@/app/_screens/params";
import { TelecomView } from "./_components/TelecomView";
import "@/app/_components/gap.css";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const pageParams = scopeParams.extend({
  op: z.enum(TELECOM_VIEWS as [View, ...View[]]).default("combined"),
  rank: z.enum(["affected", "notActivated"]).default("affected"),
});

/**
 * The telecom coordinators' view: per operator (tabs) or combined, the hamlets of the scope without
 * 2G / 3G-4G / fiber / grid, ranked by people affected or not yet activated, with the people
 * needing a SIM, reviews (confirm/dispute with a comment, history kept) and a map with disputes.
 */
export default async function TelecomPage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslations("telecom");
  const tp = await getTranslations("priorities");
  const locale = (await getLocale()) as "vi" | "en";
  const fmt = formatter(locale);
  const int = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB");
  const access = await requirePage("/telecom", await searchParams);
  const parsed = pageParams.safeParse(firstParams(access.params));
  if (!parsed.success) return <ParamError title={tp("invalid")} error={parsed.error} />;
  const { unit: unitId, structure, op: view, rank } = parsed.data;
  const scope = scopeOf(unitId, structure);
  const db = await getDb();
  const { unit, dates, choices, date } = await gapScope({ db, scope, within: access.root ?? scope, date: parsed.data.date });
  const form = <ScopeForm action="/telecom" unit={unitId} structure={structure} date={date} dates={dates} choices={choices} extra={{ op: view, rank }} />;
  if (!unit) return <ScopeAlert form={form} message={tp("notInStructure", { unit: unitId })} />;
  if (!date) return <ScopeAlert form={form} message={tp("noData")} />;

  const { data, rows } = await telecomScreen({ db, scope, date, view, rankBy: rank, counts: countsFor(access.viewer) });
  const link = (extra: Record<string, string>) => `/telecom?${new URLSearchParams({ unit: unitId, structure, date, op: view, rank, ...extra })}`;

  return (
    <main className="gap-page">
      {form}
      <header className="gap-header">
        <h2>{t("heading", { unit: unit.name })}</h2>
        <p className="gap-asof">{tp("asOf", { date: fmt.date(date) })}</p>
        <p className="gap-intro">{t("intro")}</p>
      </header>
      <nav className="telecom-tabs" aria-label={t("view.label")}>
        {TELECOM_VIEWS.map((v) => (
          <a key={v} href={link({ op: v })} aria-current={v === view ? "page" : undefined} data-view={v}>
            {t(`view.${v}`)}
          </a>
        ))}
      </nav>
      <section aria-labelledby="telecom-counts">
        <h3 id="telecom-counts" className="visually-hidden">
          {t("counts.title")}
        </h3>
        <div className="telecom-counts" data-testid="telecom-counts">
          {TELECOM_GAPS.map((g) => (
            <div key={g} className="telecom-count" data-gap={g}>
              <p>{t(`gap.${g}`)}</p>
              <strong data-count={data.counts[g]}>{int.format(data.counts[g])}</strong>
              <p>{t("counts.hamlets", { count: int.format(data.counts[g]), total: int.format(data.hamletsTotal) })}</p>
              <p>
                {t("counts.people", {
                  residents: fmt.count(data.people[g].residents),
                  notActivated: fmt.count(data.people[g].notActivated),
                  simNeed: fmt.count(data.people[g].simNeed),
                })}
              </p>
            </div>
          ))}
        </div>
        <ExportLinks
          namespace="telecom"
          label={t("export.counts")}
          table="telecomCounts"
          params={{ unit: unitId, structure, date }}
          formats={["csv", "xlsx"]}
        />
        <p className="gap-notes">
          {data.coverageAsOf ? t("counts.coverageAsOf", { date: fmt.date(data.coverageAsOf) }) : tp("notes.noCoverage")} {tp("notes.privacy")}
        </p>
      </section>
      <TelecomView key={`${unitId}|${structure}|${date}|${view}`} rows={rows} view={view} initialRank={rank} unit={unit} structure={structure} date={date} />
      <ExportLinks namespace="telecom" label={t("export.reviews")} table="reviews" params={{ unit: unitId, structure, date }} formats={["csv", "xlsx"]} />
    </main>
  );
}

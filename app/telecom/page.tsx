import { getLocale, getTranslations } from "next-intl/server";
import { countsFor } from "@/app/_auth/counts";
import { requirePage } from "@/app/_auth/page";
import { z } from "zod";
import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { scopeChoices, snapshotDates } from "@/db/queries/priorities";
import { telecomScreen } from "@/app/_screens/telecom";
import { formatter } from "@/app/_i18n/format";
import { TELECOM_GAPS, TELECOM_VIEWS, type TelecomView as View } from "@/geo/telecom-gaps";
import { ScopeForm } from "@/app/_components/ScopeForm";
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
  if (!parsed.success) {
    return (
      <main className="gap-page">
        <div role="alert" className="gap-error">
          <p>{tp("invalid")}</p>
          <ul>
            {parsed.error.issues.map((i) => (
              <li key={i.path.join(".") + i.message}>
                <code>{i.path.join(".")}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      </main>
    );
  }
  const { unit: unitId, structure, op: view, rank } = parsed.data;
  const scope = scopeOf(unitId, structure);
  const db = await getDb();
  const [unit, dates, choices] = await Promise.all([
    getScopeUnit({ db, scope }),
    snapshotDates({ db, scope }),
    scopeChoices({ db, scope, within: access.root ?? scope }),
  ]);
  const date = parsed.data.date ?? dates[0] ?? null;
  const form = <ScopeForm action="/telecom" unit={unitId} structure={structure} date={date} dates={dates} choices={choices} extra={{ op: view, rank }} />;
  if (!unit)
    return (
      <main className="gap-page">
        {form}
        <p role="alert" className="gap-error">
          {tp("notInStructure", { unit: unitId })}
        </p>
      </main>
    );
  if (!date)
    return (
      <main className="gap-page">
        {form}
        <p role="alert" className="gap-error">
          {tp("noData")}
        </p>
      </main>
    );

  const { data, rows } = await telecomScreen({ db, scope, date, view, rankBy: rank, counts: countsFor(access.viewer) });
  const link = (extra: Record<string, string>) => `/telecom?${new URLSearchParams({ unit: unitId, structure, date, op: view, rank, ...extra })}`;

  return (
    <main className="gap-page">
      {form}
      <header className="gap-header">
        <h2>{t("heading", { unit: unit.fullName })}</h2>
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
      <TelecomView
        key={`${unitId}|${structure}|${date}|${view}`}
        rows={rows}
        view={view}
        initialRank={rank}
        unit={{ id: unit.id, name: unit.fullName, bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0] }}
        structure={structure}
        date={date}
      />
      <ExportLinks namespace="telecom" label={t("export.reviews")} table="reviews" params={{ unit: unitId, structure, date }} formats={["csv", "xlsx"]} />
    </main>
  );
}

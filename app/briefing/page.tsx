import type { ReactNode } from "react";
import { countsForView } from "@/app/_auth/counts";
import { requirePage } from "@/app/_auth/page";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { HBarChart, ProgressChart } from "@/app/_components/progress/charts";
import { INFRA_CATEGORIES, NO_RATE_COLOUR, RATE_CLASSES } from "@/app/_components/progress/classes";
import { loadBriefing } from "@/app/_screens/briefing";
import { parseProgressParams, viewQuery, type BriefingView } from "@/app/_screens/dashboard";
import { presenter, type Presenter } from "@/app/_components/progress/present";
import { Problem } from "@/app/_components/progress/Problem";
import { InfraTable } from "@/app/_components/progress/InfraTable";
import { Deck } from "./Deck";
import { BriefingMap } from "./MapIsland";
import "@/app/_components/progress/progress.css";
import "./briefing.css";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata() {
  const t = await getTranslations("common");
  return { title: `${t("nav.briefing")} · ${t("appTitle")}` };
}

/** Font size of chart text on slides: readable from the back of a meeting room. */
const SLIDE_FONT = 15;

/**
 * Briefing mode: the six slides of a steering-committee briefing for a unit and date, full screen
 * and keyboard-driven, and printable as an A4 PDF pack (one slide per page, with page numbers,
 * unit, date and the synthetic-data label).
 */
export default async function BriefingPage({ searchParams }: { searchParams: SearchParams }) {
  const { params: raw, viewer } = await requirePage("/briefing", await searchParams);
  const parsed = parseProgressParams(raw);
  if (!parsed.success) return <Problem base="/briefing" error={parsed.error} params={raw} />;
  const result = await loadBriefing(await getDb(), parsed.data, countsForView(viewer, parsed.data.threshold));
  if (result.status !== "ok") return <Problem base="/briefing" result={result} params={raw} />;
  const view = result.view;
  const p = await presenter(view);
  const b = await getTranslations("briefing");
  const m = await getTranslations("map");

  const bodies: { title: string; body: ReactNode }[] = [
    { title: b("slides.headline"), body: <Headline view={view} p={p} b={b} /> },
    { title: b("slides.map"), body: <MapSlide view={view} p={p} b={b} attribution={m("attribution")} /> },
    { title: b("slides.priorities"), body: <Priorities view={view} p={p} b={b} /> },
    { title: b("slides.plan"), body: <Plan view={view} p={p} b={b} /> },
    { title: b("slides.reasons"), body: <ReasonsAndInfra view={view} p={p} /> },
    { title: b("slides.changes"), body: <Changes view={view} p={p} b={b} /> },
  ];
  const total = bodies.length;
  const slides = bodies.map((s, i) => (
    <section key={i} className="slide" data-slide={i + 1}>
      <header className="slide-header">
        <h2>{s.title}</h2>
        <p>{b("footer.unitDate", { unit: view.unit.fullName, date: p.f.date(view.date) })}</p>
      </header>
      <div className="slide-body">{s.body}</div>
      <footer className="slide-footer">
        <span>{b("footer.unitDate", { unit: view.unit.fullName, date: p.f.date(view.date) })}</span>
        {view.synthetic ? <span className="slide-synthetic">{b("footer.synthetic")}</span> : null}
        <span>{view.counts === "exact" ? b("footer.exactCounts") : b("footer.smallCounts", { max: view.threshold - 1, threshold: view.threshold })}</span>
        <span className="slide-page">{b("footer.page", { n: i + 1, total })}</span>
      </footer>
    </section>
  ));
  const exitHref = `/dashboard?${viewQuery({ unit: view.unit.id, structure: view.structure, date: view.date, threshold: view.threshold })}`;
  return <Deck slides={slides} exitHref={exitHref} title={b("pageTitle", { unit: view.unit.fullName })} />;
}

type T = Awaited<ReturnType<typeof getTranslations<"briefing">>>;

function Headline({ view, p, b }: { view: BriefingView; p: Presenter; b: T }) {
  const { t, f } = p;
  return (
    <div className="headline">
      <ul className="headline-cards">
        {view.funnel.map((s) => {
          const delta = s.count !== null && s.previous !== null ? s.count - s.previous : null;
          return (
            <li key={s.step} className="headline-card" data-step={s.step}>
              <span className="headline-label">{t(`steps.${s.step}`)}</span>
              <span className="headline-value">{p.count(s.count)}</span>
              <span className="headline-rate">{s.step === "eligible" ? "\u00a0" : f.percent(s.rate)}</span>
              <span className="headline-change">
                {view.since && delta !== null ? b("headline.change", { delta: p.signedCount(delta), since: f.date(view.since) }) : b("headline.noChange")}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="headline-targets">
        {view.targets.length ? (
          view.targets.map((x) => (
            <p key={x.metric} data-forecast={x.forecast.status}>
              <strong>{b("headline.target", { metric: t(`metrics.${x.metric}`), value: p.num(x.value), rate: f.percent(x.rate) })}.</strong>{" "}
              {p.forecastText(x).sentence}
            </p>
          ))
        ) : (
          <p>{t("caption.progressNoTarget")}</p>
        )}
      </div>
      <ProgressChart series={p.progressSeries()} size={{ width: 1060, height: 300, fontSize: 14 }} />
      <p className="slide-caption">{p.progressCaption()}</p>
    </div>
  );
}

function MapSlide({ view, p, b, attribution }: { view: BriefingView; p: Presenter; b: T; attribution: string }) {
  const common = {
    points: view.map.points,
    children: view.map.children,
    outline: view.map.outline,
    bbox: view.unit.bbox,
    width: 508,
    height: 420,
    loading: b("map.loading"),
  };
  return (
    <div className="map-slide">
      <div className="map-pair">
        <figure className="map-figure" data-chart="map-activation">
          <h3>{b("map.activationTitle")}</h3>
          <BriefingMap {...common} id="activation" by="rateClass" alt={b("map.image", { title: b("map.activationTitle"), unit: p.unit })} />
          <ul className="map-legend">
            {RATE_CLASSES.map((c, i) => (
              <li key={c.key}>
                <span className="swatch" style={{ background: c.colour }} />
                {b(`map.rateClasses.${c.key}`)} ({b("map.count", { n: view.map.counts.rateClasses[i]! })})
              </li>
            ))}
            {view.map.counts.noRate ? (
              <li>
                <span className="swatch" style={{ background: NO_RATE_COLOUR }} />
                {b("map.noRate")} ({b("map.count", { n: view.map.counts.noRate })})
              </li>
            ) : null}
          </ul>
        </figure>
        <figure className="map-figure" data-chart="map-infra">
          <h3>{b("map.infraTitle")}</h3>
          <BriefingMap {...common} id="infra" by="infra" alt={b("map.image", { title: b("map.infraTitle"), unit: p.unit })} />
          <ul className="map-legend">
            {INFRA_CATEGORIES.map((c, i) => (
              <li key={c.key}>
                <span className="swatch" style={{ background: c.colour }} />
                {b(`map.infraCategories.${c.key}`)} ({b("map.count", { n: view.map.counts.infra[i]! })})
              </li>
            ))}
          </ul>
        </figure>
      </div>
      <p className="slide-caption">
        {b("map.caption", { date: p.f.date(view.date), coverage: p.coverage })} {p.t("caption.sourceLabel", { source: `${p.source}; ${attribution}` })}
      </p>
    </div>
  );
}

function Priorities({ view, p, b }: { view: BriefingView; p: Presenter; b: T }) {
  if (view.priorities === null) {
    return (
      <div>
        <p className="not-available" data-not-available="priorities">
          {b("priorities.notAvailable")}
        </p>
        {view.mostRemaining.length ? (
          <>
            <table className="slide-table slide-table-small">
              <caption>{b("priorities.interimTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{b("priorities.hamlet")}</th>
                  <th scope="col" className="text">
                    {b("priorities.commune")}
                  </th>
                  <th scope="col">{b("priorities.remaining")}</th>
                  <th scope="col">{p.t("table.rate")}</th>
                  <th scope="col" className="text">
                    {b("map.infraTitle")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.mostRemaining.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.name}</th>
                    <td className="text">{h.communeName ?? ""}</td>
                    <td>{p.count(h.remaining)}</td>
                    <td>{p.f.percent(h.rate)}</td>
                    <td className="text">{b(`map.infraCategories.${INFRA_CATEGORIES[h.infra]!.key}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="slide-caption">
              {b("priorities.interimCaption", { unit: p.unit })} {p.stamp(`${p.source}; ${p.coverage}`)}
            </p>
          </>
        ) : null}
      </div>
    );
  }
  if (view.priorities.length === 0) return <p className="not-available">{b("priorities.none")}</p>;
  const score = new Intl.NumberFormat(p.locale === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const action = (a: string) => (b.has(`actions.${a}` as never) ? b(`actions.${a}` as never) : a);
  return (
    <div>
      <table className="slide-table">
        <thead>
          <tr>
            <th scope="col">{b("priorities.rank")}</th>
            <th scope="col">{b("priorities.hamlet")}</th>
            <th scope="col">{b("priorities.commune")}</th>
            <th scope="col">{b("priorities.score")}</th>
            <th scope="col">{b("priorities.bottleneck")}</th>
            <th scope="col">{b("priorities.action")}</th>
            <th scope="col">{b("priorities.remaining")}</th>
          </tr>
        </thead>
        <tbody>
          {view.priorities.map((h, i) => (
            <tr key={h.id}>
              <td>{i + 1}</td>
              <th scope="row">{h.name}</th>
              <td className="text">{h.communeName ?? ""}</td>
              <td>{score.format(h.score)}</td>
              <td className="text">{p.t(`bottlenecks.${h.bottleneck}`)}</td>
              <td className="text">{action(h.action)}</td>
              <td>{p.count(h.peopleRemaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="slide-caption">{b("priorities.caption", { n: view.priorities.length, unit: p.unit, date: p.f.date(view.date) })}</p>
    </div>
  );
}

function Plan({ view, p, b }: { view: BriefingView; p: Presenter; b: T }) {
  const plan = view.plan;
  if (!plan)
    return (
      <p className="not-available" data-not-available="plan">
        {b("plan.notAvailable")}
      </p>
    );
  return (
    <div className="plan-slide">
      <h3>{b("plan.saved", { name: plan.name, date: p.f.date(plan.createdAt.slice(0, 10)) })}</h3>
      {plan.wifiSites ? (
        <table className="slide-table">
          <caption>{b("plan.wifiTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{b("plan.site")}</th>
              <th scope="col">{b("plan.people")}</th>
            </tr>
          </thead>
          <tbody>
            {plan.wifiSites.slice(0, 8).map((s, i) => (
              <tr key={i}>
                <th scope="row">{s.name}</th>
                <td>{s.people === null ? "—" : p.count(s.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {plan.teams ? (
        <table className="slide-table">
          <caption>{b("plan.teamsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{b("plan.team")}</th>
              <th scope="col">{b("plan.days")}</th>
              <th scope="col">{b("plan.hamlets")}</th>
              <th scope="col">{b("plan.served")}</th>
            </tr>
          </thead>
          <tbody>
            {plan.teams.slice(0, 8).map((x, i) => (
              <tr key={i}>
                <th scope="row">{x.name}</th>
                <td>{x.days ?? "—"}</td>
                <td>{x.hamlets ?? "—"}</td>
                <td>{x.people === null ? "—" : p.count(x.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {plan.peopleReached !== null ? <p>{b("plan.peopleReached", { people: p.count(plan.peopleReached) })}</p> : null}
      {!plan.wifiSites && !plan.teams ? <p className="not-available">{b("plan.noDetails")}</p> : null}
    </div>
  );
}

function ReasonsAndInfra({ view, p }: { view: BriefingView; p: Presenter }) {
  const { t } = p;
  return (
    <div className="slide-pair">
      <figure className="chart" data-chart="reasons">
        <h3>{t("titles.reasons")}</h3>
        <HBarChart rows={p.reasonRows()} axis="count" name={t("table.count")} size={{ width: 520, height: 400, fontSize: SLIDE_FONT }} labelWidth={200} />
        <figcaption>{p.reasonsCaption()}</figcaption>
      </figure>
      <figure className="chart" data-chart="infra">
        <h3>{t("titles.infra")}</h3>
        <HBarChart rows={p.infraRows()} axis="count" name={t("table.gapHamlets")} size={{ width: 520, height: 260, fontSize: SLIDE_FONT }} labelWidth={200} />
        <InfraTable rows={view.infra.rows} p={p} className="slide-table slide-table-small" />
        <figcaption>{p.infraCaption()}</figcaption>
      </figure>
    </div>
  );
}

function Changes({ view, p, b }: { view: BriefingView; p: Presenter; b: T }) {
  const { t, f } = p;
  if (!view.since) return <p className="not-available">{b("changes.none")}</p>;
  const movers = p.movers(5);
  return (
    <div className="slide-pair">
      <figure className="chart" data-chart="changes">
        <h3>{t("titles.funnel")}</h3>
        <table className="slide-table slide-table-small">
          <thead>
            <tr>
              <th scope="col">{t("table.step")}</th>
              <th scope="col">{b("changes.before", { date: f.date(view.since) })}</th>
              <th scope="col">{b("changes.after", { date: f.date(view.date) })}</th>
              <th scope="col">{b("changes.delta")}</th>
            </tr>
          </thead>
          <tbody>
            {view.funnel.map((s) => (
              <tr key={s.step}>
                <th scope="row">{t(`steps.${s.step}`)}</th>
                <td>{p.count(s.previous)}</td>
                <td>{p.count(s.count)}</td>
                <td>{s.count !== null && s.previous !== null ? p.signedCount(s.count - s.previous) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <figcaption>
          {b("changes.caption", { date: f.date(view.date), since: f.date(view.since), unit: p.unit })} {p.stamp()}
        </figcaption>
      </figure>
      <figure className="chart" data-chart="movers">
        <h3>{t("titles.movers")}</h3>
        {movers ? (
          <HBarChart
            rows={movers.rows}
            axis="pp"
            name={t("table.change")}
            size={{ width: 520, height: Math.min(470, movers.rows.length * 34 + 50), fontSize: SLIDE_FONT }}
            labelWidth={160}
          />
        ) : (
          <p className="chart-empty">{t("noMovers")}</p>
        )}
        <figcaption>{movers?.caption ?? t("noChildren")}</figcaption>
      </figure>
    </div>
  );
}

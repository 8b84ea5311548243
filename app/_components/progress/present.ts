import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { formatter } from "@/app/_i18n/format";
import type { Forecast } from "@/geo/forecast";
import type { BarRow, ProgressSeries } from "@/app/_components/progress/charts";
import type { ChildRow, Count, ProgressView, TargetRow } from "@/app/_screens/dashboard";

/**
 * Turns a view's plain data into what people read: translated labels, vi-VN / en-GB numbers,
 * dd/MM/yyyy dates, "<5" for withheld counts, chart rows and captions (what the chart shows, the
 * as-of date and the data source). Shared by the dashboard and the briefing.
 */
export async function presenter(view: ProgressView) {
  const locale = await getLocale();
  const t = await getTranslations("dashboard");
  const f = formatter(locale, view.counts);
  const hidden = new Set(view.complementary);
  /** A count as shown: "<5" where small, "ẩn / withheld" where withheld as a complementary cell (`key`: its name in view.complementary). */
  const count = (v: Count, key?: string) => (v === null ? (key !== undefined && hidden.has(key) ? t("withheldOther") : `<${view.threshold}`) : f.count(v));
  /** Numbers that are not counts of people (hamlets, targets): never withheld. */
  const num = (v: number) => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 0 }).format(v);
  const signedCount = (v: number) => (v > 0 ? "+" : v < 0 ? "−" : "±") + f.count(Math.abs(v));
  const pp = (v: number | null) => {
    if (v === null) return "—";
    const n = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(Math.abs(v * 100));
    return `${v > 0 ? "+" : v < 0 ? "−" : "±"}${n}`;
  };
  const month = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
  const unit = view.unit.fullName;
  const source = t(view.synthetic ? "source.demo" : "source.imported");
  const coverage = view.infra.coverageAsOf ? t("source.coverage", { date: f.date(view.infra.coverageAsOf) }) : t("source.coverageNone");
  const stamp = (src: string = source) => `${t("caption.asOfLabel", { date: f.date(view.date) })} ${t("caption.sourceLabel", { source: src })}`;
  const levelWord = (level: string | null) =>
    level === "district" || level === "commune" || level === "hamlet" || level === "province" ? t(`levels.${level}`) : "";

  return {
    t,
    f,
    locale,
    count,
    num,
    signedCount,
    pp,
    month,
    unit,
    source,
    coverage,
    stamp,
    levelWord,

    funnelRows(): BarRow[] {
      return view.funnel.map((s) => ({
        key: s.step,
        label: t(`steps.${s.step}`),
        value: s.count,
        text: s.step === "eligible" ? count(s.count, `f.${s.step}`) : `${count(s.count, `f.${s.step}`)} (${f.percent(s.rate)})`,
      }));
    },

    progressSeries(): ProgressSeries {
      const withForecast = view.targets.find((x) => x.forecast.projection.length > 0 && x.forecast.status !== "met") ?? null;
      const rows: ProgressSeries["rows"] = view.monthly.map((m) => ({
        label: month(m.month),
        received: m.received,
        activated: m.activated,
        forecast: null,
        band: null,
      }));
      if (withForecast && rows.length) {
        const last = rows[rows.length - 1]!;
        last.forecast = last[withForecast.metric];
        last.band = last.forecast === null ? null : [last.forecast, last.forecast];
        for (const p of withForecast.forecast.projection) {
          rows.push({
            label: month(p.date.slice(0, 7)),
            received: null,
            activated: null,
            forecast: Math.round(p.value),
            band: [Math.max(0, Math.round(p.low)), Math.round(p.high)],
          });
        }
      }
      const target = withForecast ?? view.targets[0] ?? null;
      return {
        rows,
        names: { received: t("series.received"), activated: t("series.activated"), forecast: t("series.forecast"), band: t("series.band"), target: "" },
        target: target ? { value: target.value, label: t("series.target", { value: num(target.value) }) } : null,
        forecastOf: withForecast?.metric ?? null,
      };
    },

    progressCaption(): string {
      const parts = [t("caption.progress", { unit })];
      if (view.targets.length) {
        for (const x of view.targets)
          parts.push(t("caption.progressTarget", { metric: t(`metrics.${x.metric}`), value: num(x.value), deadline: f.date(x.periodEnd) }));
        if (this.progressSeries().forecastOf) parts.push(t("caption.progressForecast"));
      } else parts.push(t("caption.progressNoTarget"));
      parts.push(stamp());
      return parts.join(" ");
    },

    /** The forecast in one sentence, and how it was computed. */
    forecastText(x: TargetRow): { sentence: string; method: string | null; remaining: string | null } {
      const fc: Forecast = x.forecast;
      const metric = t(`metrics.${x.metric}`);
      const d = (v: string | null) => f.date(v);
      const common = { metric, deadline: d(fc.deadline), date: d(fc.date), earliest: d(fc.earliest), latest: d(fc.latest) };
      let sentence: string;
      switch (fc.status) {
        case "met":
          sentence = t("forecast.met", { metric, value: num(x.value), date: d(fc.metOn) });
          break;
        case "before-deadline":
          sentence = t(fc.latest ? "forecast.before" : "forecast.beforeOpen", common);
          break;
        case "not-before-deadline":
          sentence = fc.date === null ? t("forecast.notBeforeNever", common) : t(fc.latest ? "forecast.notBefore" : "forecast.notBeforeOpen", common);
          break;
        case "no-progress":
          sentence = t("forecast.noProgress", common);
          break;
        default:
          sentence = t("forecast.insufficient", { metric });
      }
      const method =
        fc.method.pacePerMonth === null
          ? null
          : t("forecast.method", {
              points: fc.method.points,
              from: d(fc.method.from),
              to: d(fc.method.to),
              pace: f.count(Math.round(fc.method.pacePerMonth)),
              level: f.percent(fc.method.level),
            });
      const remaining = fc.status === "met" ? null : t("forecast.remaining", { remaining: count(fc.remaining), metric, rate: f.percent(x.rate) });
      return { sentence, method, remaining };
    },

    /** Children ranked by activation rate (lowest first) and by people remaining (most first), at most `limit` each. */
    rankings(limit: number) {
      const withRate = view.children.filter((c) => c.rate !== null).sort((a, b) => a.rate! - b.rate! || a.name.localeCompare(b.name, "vi"));
      const byRemaining = [...view.children].sort((a, b) => (b.remaining ?? 0) - (a.remaining ?? 0) || a.name.localeCompare(b.name, "vi"));
      const rateRows: BarRow[] = withRate.slice(0, limit).map((c) => ({ key: c.id, label: c.name, value: c.rate, text: f.percent(c.rate) }));
      const remainingRows: BarRow[] = byRemaining
        .slice(0, limit)
        .map((c) => ({ key: c.id, label: c.name, value: c.remaining, text: count(c.remaining, `child.${c.id}.remaining`) }));
      const level = levelWord(view.childLevel);
      return {
        rateRows,
        remainingRows,
        rateCaption: `${t("caption.rankRate", { shown: rateRows.length, total: view.children.length, level, unit })} ${stamp()}`,
        remainingCaption: `${t("caption.rankRemaining", { shown: remainingRows.length, total: view.children.length, level, unit })} ${stamp()}`,
      };
    },

    /** Children with the largest and smallest change in activation rate since `since` (`half` of each). */
    movers(half: number): { rows: BarRow[]; caption: string } | null {
      if (!view.since) return null;
      const moved = view.children.filter((c): c is ChildRow & { delta: number } => c.delta !== null).sort((a, b) => b.delta - a.delta);
      if (!moved.length) return null;
      const shown = moved.length <= 2 * half ? moved : [...moved.slice(0, half), ...moved.slice(-half)];
      return {
        rows: shown.map((c) => ({ key: c.id, label: c.name, value: c.delta, text: pp(c.delta), colour: c.delta > 0 ? "#31a354" : "#de2d26" })),
        caption: `${t("caption.movers", { level: levelWord(view.childLevel), unit, since: f.date(view.since), shown: shown.length })} ${stamp()}`,
      };
    },

    reasonRows(): BarRow[] {
      return view.reasons.rows.map((r) => ({
        key: r.reason,
        label: t(`reasons.${r.reason}`),
        value: r.people,
        text: count(r.people, r.reason),
        colour: "#de2d26",
      }));
    },
    reasonsCaption(): string {
      return `${t("caption.reasons", { unit, total: count(view.reasons.notActivated, "notActivated"), notReceived: count(view.reasons.notReceived, "notReceived"), receivedNotActivated: count(view.reasons.receivedNotActivated, "receivedNotActivated") })} ${stamp()}`;
    },
    bottleneckRows(): BarRow[] | null {
      return (
        view.bottlenecks?.map((b) => ({
          key: b.bottleneck,
          label: t(`bottlenecks.${b.bottleneck}`),
          value: b.people,
          text: count(b.people, `b.${b.bottleneck}`),
          colour: "#756bb1",
        })) ?? null
      );
    },

    infraRows(): BarRow[] {
      return view.infra.rows.map((r) => ({
        key: r.gap,
        label: t(`gaps.${r.gap}`),
        value: r.hamlets,
        text: `${num(r.hamlets)} / ${num(view.infra.hamlets)}`,
        colour: "#636363",
      }));
    },
    infraCaption(): string {
      return `${t("caption.infra", { unit, hamlets: num(view.infra.hamlets) })} ${stamp(`${source}; ${coverage}`)}`;
    },
  };
}

export type Presenter = Awaited<ReturnType<typeof presenter>>;

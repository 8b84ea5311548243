import "server-only";
import { createTranslator } from "next-intl";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { MESSAGES } from "@/app/_i18n/messages";
import type { Locale } from "@/app/_i18n/config";
import { GAP_CAUSES, BOTTLENECK_INTERVENTIONS, type Bottleneck } from "@/geo/gap-causes";
import { PRIORITY_FACTORS, type PriorityWeights } from "@/geo/priority-score";
import { TELECOM_GAPS, type TelecomView } from "@/geo/telecom-gaps";
import { suppressSmallCounts, SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import { BOTTLENECKS, shownBottlenecks, type BottleneckSummary, type RankedRow } from "@/app/_screens/priorities";
import type { Counts } from "@/app/_auth/counts";
import type { TelecomData, TelecomHamlet, ReviewHistoryRow } from "@/db/queries/telecom";
import { WITHHELD_TEXT, type Column } from "../_lib/export";

/**
 * The columns of every exported table, headed in the viewer's language. The same lists serve CSV
 * and XLSX; GeoJSON carries the same values as properties (small counts withheld as null, with the
 * withheld names listed in `suppressed`).
 */
const translators = (locale: Locale) => ({
  p: createTranslator({ locale, messages: MESSAGES[locale], namespace: "priorities" }),
  t: createTranslator({ locale, messages: MESSAGES[locale], namespace: "telecom" }),
});

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const WITHHELD = `<${SMALL_COUNT_DEFAULTS.threshold}`;
/** A count of a gap row: the value, or "<5" / "x" where gapRows withheld it (small / complementary). */
const countOf = (r: RankedRow, key: string, v: number | null) => (v === null && r.suppressed.includes(key) ? withheldText(r.suppressedSmall, key) : v);
const withheldText = (small: readonly string[] | undefined, key: string) => (small === undefined || small.includes(key) ? WITHHELD : WITHHELD_TEXT);

export function priorityColumns(locale: Locale, weights: PriorityWeights): Column<RankedRow>[] {
  const { p } = translators(locale);
  const factorName = (f: (typeof PRIORITY_FACTORS)[number]) => (weights[f] < 0 ? p(`factorInverse.${f}`) : p(`factor.${f}`));
  return [
    { header: p("columns.rank"), value: (r) => r.rank, kind: "number" as const, width: 7 },
    { header: p("columns.id"), value: (r) => r.id, width: 14 },
    { header: p("columns.hamlet"), value: (r) => r.name, width: 22 },
    { header: p("columns.commune"), value: (r) => r.communeName, width: 18 },
    { header: p("columns.district"), value: (r) => r.districtName, width: 18 },
    { header: p("columns.asOf"), value: (r) => r.asOf, width: 12 },
    { header: p("columns.score"), value: (r) => round(r.score, 4), kind: "number" as const, width: 12 },
    { header: p("columns.eligible"), value: (r) => countOf(r, "eligible", r.eligible), kind: "count" as const },
    { header: p("columns.received"), value: (r) => countOf(r, "received", r.received), kind: "count" as const },
    { header: p("columns.activated"), value: (r) => countOf(r, "activated", r.activated), kind: "count" as const },
    { header: p("columns.remaining"), value: (r) => countOf(r, "remaining", r.remaining), kind: "count" as const },
    { header: p("columns.toEnroll"), value: (r) => countOf(r, "toEnroll", r.toEnroll), kind: "count" as const },
    { header: p("columns.toActivate"), value: (r) => countOf(r, "toActivate", r.toActivate), kind: "count" as const },
    ...GAP_CAUSES.map((c) => ({
      header: p("columns.cause", { cause: p(`bottleneck.${c}`) }),
      value: (r: RankedRow) => countOf(r, `cause.${c}`, r.causes[c]),
      kind: "count" as const,
    })),
    { header: p("columns.bottleneck"), value: (r) => p(`bottleneck.${r.bottleneck}`), width: 16 },
    { header: p("columns.intervention"), value: (r) => p(`intervention.${r.intervention}`), width: 36 },
    { header: p("columns.reach"), value: (r) => countOf(r, "reach", r.reach), kind: "count" as const },
    { header: p("columns.simNeed"), value: (r) => countOf(r, "simNeed", r.simNeed), kind: "count" as const },
    ...PRIORITY_FACTORS.map((f) => ({
      header: p("columns.contribution", { factor: factorName(f) }),
      value: (r: RankedRow) => round(r.contributions[f], 4),
      kind: "number" as const,
    })),
    ...PRIORITY_FACTORS.map((f) => ({
      header: p("columns.rawFactor", { factor: p(`factor.${f}`) }),
      value: (r: RankedRow) => round(r.factors[f], 4),
      kind: "number" as const,
    })),
    ...PRIORITY_FACTORS.map((f) => ({ header: p("columns.weight", { factor: p(`factor.${f}`) }), value: () => weights[f], kind: "number" as const })),
  ];
}

export interface BottleneckLine {
  kind: "bottleneck" | "cause" | "total";
  key: string;
  hamlets: number | null;
  remaining: number | string;
  reach: number | string | null;
}

/**
 * The bottleneck table's lines. `counts` "withheld" (default): small counts and the complementary
 * cells of remaining = Σ per bottleneck = Σ per cause withheld ("<5" small, "x" complementary);
 * "exact": as computed. Hamlet numbers are never withheld.
 */
export function bottleneckLines(s: BottleneckSummary, counts: Counts = "withheld"): BottleneckLine[] {
  const shown = shownBottlenecks(s, counts);
  const cell = (v: number | null, exact: number) => (v !== null ? v : exact < SMALL_COUNT_DEFAULTS.threshold ? WITHHELD : WITHHELD_TEXT);
  return [
    ...BOTTLENECKS.map((b) => ({
      kind: "bottleneck" as const,
      key: b,
      hamlets: s.byBottleneck[b].hamlets,
      remaining: cell(shown.byBottleneck[b].remaining, s.byBottleneck[b].remaining),
      reach: cell(shown.byBottleneck[b].reach, s.byBottleneck[b].reach),
    })),
    ...GAP_CAUSES.map((c) => ({ kind: "cause" as const, key: c, hamlets: null, remaining: cell(shown.byCause[c], s.byCause[c]), reach: null })),
    { kind: "total" as const, key: "total", hamlets: s.hamlets, remaining: cell(shown.remaining, s.remaining), reach: null },
  ];
}

export function bottleneckColumns(locale: Locale): Column<BottleneckLine>[] {
  const { p } = translators(locale);
  return [
    { header: p("summary.bottleneck"), value: (l) => (l.kind === "bottleneck" ? p(`bottleneck.${l.key as "none"}`) : ""), width: 18 },
    { header: p("summary.intervention"), value: (l) => (l.kind === "bottleneck" ? interventionOf(l.key, p) : ""), width: 40 },
    {
      header: p("summary.cause"),
      value: (l) => (l.kind === "cause" ? p(`bottleneck.${l.key as "away"}`) : l.kind === "total" ? p("summary.total") : ""),
      width: 18,
    },
    { header: p("summary.hamlets"), value: (l) => l.hamlets, width: 10 },
    { header: p("summary.remaining"), value: (l) => l.remaining, kind: "count" as const, width: 16 },
    { header: p("summary.reach"), value: (l) => l.reach, kind: "count" as const, width: 22 },
  ];
}

function interventionOf(bottleneck: string, p: ReturnType<typeof translators>["p"]): string {
  return BOTTLENECK_INTERVENTIONS[bottleneck as Bottleneck].map((i) => p(`intervention.${i}`)).join(" / ");
}

export function telecomColumns(locale: Locale, view: TelecomView): Column<TelecomHamlet>[] {
  const { t } = translators(locale);
  const yn = (b: boolean) => (b ? t("columns.yes") : t("columns.no"));
  return [
    { header: t("columns.id"), value: (h) => h.id, width: 14 },
    { header: t("columns.hamlet"), value: (h) => h.name, width: 22 },
    { header: t("columns.commune"), value: (h) => h.communeName, width: 18 },
    { header: t("columns.district"), value: (h) => h.districtName, width: 18 },
    { header: t("columns.view"), value: () => t(`view.${view}`), width: 16 },
    ...TELECOM_GAPS.map((g) => ({ header: t(`service.${g}`), value: (h: TelecomHamlet) => yn(h.gaps[g]), width: 14 })),
    { header: t("columns.residents"), value: (h) => h.residents, kind: "count" as const, width: 16 },
    { header: t("columns.notActivated"), value: (h) => h.notActivated, kind: "count" as const, width: 14 },
    { header: t("columns.simNeed"), value: (h) => h.simNeed, kind: "count" as const, width: 10 },
    {
      header: t("columns.review"),
      width: 40,
      value: (h) => h.reviews.map((r) => `${r.operator} ${r.kind}: ${t(`review.${r.status}`)}${r.comment ? ` — ${r.comment}` : ""}`).join("; ") || null,
    },
  ];
}

export interface TelecomCountLine {
  view: TelecomView;
  gap: (typeof TELECOM_GAPS)[number];
  hamlets: number;
  total: number;
  residents: number;
  notActivated: number;
  simNeed: number;
}

/** One line per operator view and gap: the counts the telecom screen shows on its cards. */
export function telecomCountLines(views: readonly TelecomData[]): TelecomCountLine[] {
  return views.flatMap((d) => TELECOM_GAPS.map((gap) => ({ view: d.view, gap, hamlets: d.counts[gap], total: d.hamletsTotal, ...d.people[gap] })));
}

export function telecomCountColumns(locale: Locale): Column<TelecomCountLine>[] {
  const { t } = translators(locale);
  return [
    { header: t("columns.view"), value: (l) => t(`view.${l.view}`), width: 28 },
    { header: t("columns.gap"), value: (l) => t(`gap.${l.gap}`), width: 20 },
    { header: t("columns.hamlets"), value: (l) => l.hamlets, width: 10 },
    { header: t("columns.hamletsTotal"), value: (l) => l.total, width: 12 },
    { header: t("columns.residents"), value: (l) => l.residents, kind: "count" as const, width: 16 },
    { header: t("columns.notActivated"), value: (l) => l.notActivated, kind: "count" as const, width: 14 },
    { header: t("columns.simNeed"), value: (l) => l.simNeed, kind: "count" as const, width: 10 },
  ];
}

export function reviewColumns(locale: Locale): Column<ReviewHistoryRow>[] {
  const { t } = translators(locale);
  return [
    { header: t("columns.reviewedAt"), value: (r) => r.reviewedAt, width: 22 },
    { header: t("columns.id"), value: (r) => r.hamletId, width: 14 },
    { header: t("columns.hamlet"), value: (r) => r.hamletName, width: 22 },
    { header: t("columns.commune"), value: (r) => r.communeName, width: 18 },
    { header: t("columns.operator"), value: (r) => r.operator, width: 12 },
    { header: t("columns.kind"), value: (r) => t(`review.kinds.${r.kind}`), width: 10 },
    { header: t("columns.status"), value: (r) => t(`review.${r.status}`), width: 16 },
    { header: t("columns.comment"), value: (r) => r.comment, width: 40 },
    { header: t("columns.asOf"), value: (r) => r.asOf, width: 12 },
    { header: t("columns.reviewedBy"), value: (r) => r.reviewedBy, width: 22 },
  ];
}

/** GeoJSON of the ranked hamlets (polygons where known, else label points) with their scores and explanation. */
export function priorityGeoJson(
  rows: readonly RankedRow[],
  geometries: Map<string, Geometry>,
  weights: PriorityWeights,
  meta: Record<string, unknown>,
): FeatureCollection & { meta: Record<string, unknown> } {
  return {
    type: "FeatureCollection",
    meta: { ...meta, weights },
    features: rows.map(
      (r): Feature => ({
        type: "Feature",
        id: r.id,
        geometry: geometries.get(r.id) ?? { type: "Point", coordinates: [r.lon, r.lat] },
        properties: {
          id: r.id,
          name: r.name,
          communeName: r.communeName,
          districtName: r.districtName,
          asOf: r.asOf,
          rank: r.rank,
          score: r.score,
          contributions: r.contributions,
          factors: r.factors,
          eligible: r.eligible,
          received: r.received,
          activated: r.activated,
          remaining: r.remaining,
          toEnroll: r.toEnroll,
          toActivate: r.toActivate,
          causes: r.causes,
          bottleneck: r.bottleneck,
          intervention: r.intervention,
          reach: r.reach,
          simNeed: r.simNeed,
          grid: r.grid,
          signal: r.signal,
          broadband: r.broadband,
          fiber: r.fiber,
          suppressed: r.suppressed,
        },
      }),
    ),
  };
}

/** GeoJSON of the telecom table: hamlet label points with their gaps, counts (small ones withheld) and latest reviews. */
export function telecomGeoJson(rows: readonly TelecomHamlet[], meta: Record<string, unknown>): FeatureCollection & { meta: Record<string, unknown> } {
  return {
    type: "FeatureCollection",
    meta,
    features: rows.map((h): Feature => {
      const { values, suppressed } = suppressSmallCounts({ residents: h.residents, notActivated: h.notActivated, simNeed: h.simNeed });
      return {
        type: "Feature",
        id: h.id,
        geometry: { type: "Point", coordinates: [h.lon, h.lat] },
        properties: {
          id: h.id,
          name: h.name,
          communeName: h.communeName,
          districtName: h.districtName,
          asOf: h.asOf,
          ...h.gaps,
          ...values,
          suppressed,
          disputed: h.reviews.some((r) => r.status === "disputed"),
          reviews: h.reviews.map(({ operator, kind, status, comment, asOf, reviewedAt }) => ({ operator, kind, status, comment, asOf, reviewedAt })),
        },
      };
    }),
  };
}

import "server-only";
import { sql } from "drizzle-orm";
import { telecomGaps, TELECOM_GAPS, type HamletCoverage, type Operator, type OperatorCoverageKind, type TelecomGap, type TelecomView } from "../../geo";
import type { Db } from "../client";
import { coverageReviews } from "../schema";
import { hamletCoverageAt } from "./priorities";
import { rowsOf, type Scope } from "./scope";
import { inScope } from "./sql/scope";
import { scopeHamletsFrom } from "./indicators";
import { recordAudit, type Actor } from "./audit";

export type ReviewKind = OperatorCoverageKind;
export type ReviewOperator = Operator;

/** A stored review: what was asked (NewReview), its id, who reviewed and when. */
export interface LatestReview extends NewReview {
  id: number;
  reviewedBy: string;
  reviewedAt: string;
}

export interface TelecomHamlet {
  id: string;
  code: string;
  name: string;
  communeName: string | null;
  districtName: string | null;
  lon: number;
  lat: number;
  /** Snapshot used (latest on or before the date); null without one — then the counts are null. */
  asOf: string | null;
  /** People affected by a coverage gap: every resident of the hamlet. */
  residents: number | null;
  /** Eligible people not yet activated. */
  notActivated: number | null;
  /** People who need a SIM card but cannot buy one (hamlet_snapshots.sim_need). */
  simNeed: number | null;
  coverage: HamletCoverage;
  /** The view's gaps (telecomGaps). */
  gaps: Record<TelecomGap, boolean>;
  /** Latest review per operator and kind (for an operator view: that operator's only). */
  reviews: LatestReview[];
}

export interface TelecomData {
  view: TelecomView;
  /** Hamlets with at least one gap in the view, ranked (most people first, then code). */
  hamlets: TelecomHamlet[];
  /** Number of the scope's hamlets with each gap in the view (all hamlets of the scope, data or not). */
  counts: Record<TelecomGap, number>;
  /** People (residents, not activated, SIM need) in the hamlets with each gap. */
  people: Record<TelecomGap, { residents: number; notActivated: number; simNeed: number }>;
  hamletsTotal: number;
  coverageAsOf: string | null;
}

/**
 * The telecom coordinators' view of the scope at `date`: for one operator or all combined, the
 * hamlets without 2G / without 3G-4G / without fiber / without grid (from the spatial join, as the
 * published figures are computed), ranked by the people affected (residents) or by the people not
 * yet activated, with the people needing a SIM and the latest coverage reviews.
 */
export async function telecomGapHamlets({
  db,
  scope,
  date,
  view,
  rankBy = "affected",
}: {
  db: Db;
  scope: Scope;
  date: string;
  view: TelecomView;
  rankBy?: "affected" | "notActivated";
}): Promise<TelecomData> {
  const res = await db.execute(sql`
    select u.id, u.code, u.name, u.label_lon as lon, u.label_lat as lat, cm.name as "communeName", dt.name as "districtName",
           s.as_of::text as "asOf", s.residents, s.eligible - s.activated as "notActivated", s.sim_need as "simNeed"
    ${scopeHamletsFrom(scope, date)}
    order by u.code, u.id`);
  const rows = rowsOf<Record<string, unknown>>(res);
  const [coverage, reviews] = await Promise.all([hamletCoverageAt({ db, scope, date }), latestCoverageReviews({ db, scope })]);
  const reviewsOf = new Map<string, LatestReview[]>();
  for (const r of reviews) if (view === "combined" || r.operator === view) reviewsOf.set(r.hamletId, [...(reviewsOf.get(r.hamletId) ?? []), r]);
  const optNum = (v: unknown) => (v === null || v === undefined ? null : Number(v));

  const counts = Object.fromEntries(TELECOM_GAPS.map((g) => [g, 0])) as Record<TelecomGap, number>;
  const people = Object.fromEntries(TELECOM_GAPS.map((g) => [g, { residents: 0, notActivated: 0, simNeed: 0 }])) as TelecomData["people"];
  const hamlets: TelecomHamlet[] = [];
  for (const r of rows) {
    const id = String(r.id);
    const cov = coverage.byHamlet.get(id);
    if (!cov) throw new Error(`telecomGapHamlets: hamlet ${id} has no point for the coverage join`);
    const gaps = telecomGaps(cov, view);
    const h: TelecomHamlet = {
      id,
      code: String(r.code),
      name: String(r.name),
      communeName: (r.communeName as string | null) ?? null,
      districtName: (r.districtName as string | null) ?? null,
      lon: Number(r.lon),
      lat: Number(r.lat),
      asOf: (r.asOf as string | null) ?? null,
      residents: optNum(r.residents),
      notActivated: optNum(r.notActivated),
      simNeed: optNum(r.simNeed),
      coverage: cov,
      gaps,
      reviews: reviewsOf.get(id) ?? [],
    };
    for (const g of TELECOM_GAPS) {
      if (!gaps[g]) continue;
      counts[g]++;
      people[g].residents += h.residents ?? 0;
      people[g].notActivated += h.notActivated ?? 0;
      people[g].simNeed += h.simNeed ?? 0;
    }
    if (TELECOM_GAPS.some((g) => gaps[g])) hamlets.push(h);
  }
  const key = (h: TelecomHamlet) => (rankBy === "affected" ? h.residents : h.notActivated) ?? -1;
  hamlets.sort((a, b) => key(b) - key(a) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { view, hamlets, counts, people, hamletsTotal: rows.length, coverageAsOf: coverage.asOf };
}

/** The latest review per hamlet, operator and kind, for the hamlets of the scope. */
export async function latestCoverageReviews({ db, scope }: { db: Db; scope: Scope }): Promise<LatestReview[]> {
  const res = await db.execute(sql`
    select distinct on (r.hamlet_id, r.operator, r.kind)
           r.id, r.hamlet_id as "hamletId", r.operator, r.kind, r.status, r.comment, r.as_of::text as "asOf", r.reviewed_by as "reviewedBy",
           to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "reviewedAt"
    from coverage_reviews r
    where ${inScope(scope, sql`r.hamlet_id`)}
    order by r.hamlet_id, r.operator, r.kind, r.reviewed_at desc, r.id desc`);
  return rowsOf<LatestReview>(res).map((r) => ({ ...r, id: Number(r.id) }));
}

export interface ReviewHistoryRow extends LatestReview {
  hamletName: string;
  communeName: string | null;
}

/** Every review of the scope's hamlets (or of one hamlet), newest first: the history is kept. */
export async function coverageReviewHistory({ db, scope, hamletId }: { db: Db; scope: Scope; hamletId?: string }): Promise<ReviewHistoryRow[]> {
  const res = await db.execute(sql`
    select r.id, r.hamlet_id as "hamletId", u.name as "hamletName", cm.name as "communeName", r.operator, r.kind, r.status, r.comment,
           r.as_of::text as "asOf", r.reviewed_by as "reviewedBy",
           to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "reviewedAt"
    from coverage_reviews r
    join admin_units u on u.id = r.hamlet_id
    left join admin_parents pc on pc.structure = ${scope.structure} and pc.child_id = u.id
    left join admin_units cm on cm.id = pc.parent_id
    where ${inScope(scope, sql`r.hamlet_id`)} ${hamletId ? sql`and r.hamlet_id = ${hamletId}` : sql``}
    order by r.reviewed_at desc, r.id desc`);
  return rowsOf<ReviewHistoryRow>(res).map((r) => ({ ...r, id: Number(r.id) }));
}

export interface NewReview {
  hamletId: string;
  operator: ReviewOperator;
  kind: ReviewKind;
  status: "confirmed" | "disputed";
  comment: string;
  asOf: string;
}

/**
 * Appends a review by the actor (never updates one: the table is the history), with its audit row
 * in the same transaction. Returns null (and writes nothing) when the hamlet is not in the
 * viewer's scope, so a viewer cannot review hamlets outside it.
 */
export async function addCoverageReview({ db, scope, review, actor }: { db: Db; scope: Scope; review: NewReview; actor: Actor }): Promise<LatestReview | null> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const inside = rowsOf<{ n: number }>(
      await tx.execute(sql`
      select count(*)::int as n from admin_units u
      where u.id = ${review.hamletId} and u.level = 'hamlet' and ${inScope(scope, sql`u.id`)}`),
    )[0];
    if (!inside || Number(inside.n) === 0) return null;
    const [row] = await tx
      .insert(coverageReviews)
      .values({ ...review, reviewedBy: actor.email })
      .returning();
    if (!row) throw new Error("addCoverageReview: insert returned no row");
    await recordAudit(tx, {
      actor,
      action: "coverage_review.add",
      scope: { unitId: review.hamletId, structure: scope.structure },
      targetIds: [row.id],
      summary: { after: { hamletId: row.hamletId, operator: row.operator, kind: row.kind, status: row.status, asOf: row.asOf } },
    });
    return { ...row, kind: row.kind as ReviewKind, reviewedAt: row.reviewedAt.toISOString().replace(/\.\d{3}Z$/, "Z") };
  });
}

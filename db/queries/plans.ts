import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Feature, Point } from "geojson";
import { hamletCoverage, hasBroadband, type SiteBackhaul, type SiteKind, type SitePower } from "../../geo";
import type { Db } from "../client";
import { scenarios } from "../schema";
import { scenarioNameSchema, scenarioPlanSchema, type ScenarioPlan } from "../../geo/plan-schema";
import { log } from "../../server/log";
import { coverageAt } from "./coverage";
import { getScopeUnit } from "./admin";
import { rowsOf, type Scope, type Structure, type ScopeAtDate } from "./scope";
import { inScope, scopeUnits } from "./sql/scope";
import { recordAudit, type Actor } from "./audit";

export interface PlanHamlet {
  id: string;
  name: string;
  communeName: string | null;
  lon: number;
  lat: number;
  /** Latest snapshot on or before the date (null: no data then). */
  asOf: string | null;
  eligible: number;
  activated: number;
  /** People not yet activated because they are away (a mobile team cannot reach them). */
  away: number;
  /** 3G or 4G from some operator at the hamlet's point, by the coverage join at the date. */
  broadband: boolean;
}

export interface PlanSite {
  id: number;
  kind: SiteKind;
  name: string;
  hamletId: string | null;
  lon: number;
  lat: number;
  power: SitePower;
  backhaul: SiteBackhaul;
}

export interface PlanInputs {
  unit: { id: string; name: string; bbox: [number, number, number, number] };
  date: string;
  hamlets: PlanHamlet[];
  sites: PlanSite[];
}

/**
 * What the planners need for a scope at a date: its hamlets with their points, funnel counts at the
 * latest snapshot ≤ date and broadband status from the coverage join with the layers valid then;
 * and the sites (schools, cultural houses, commune HQ, health stations, Wi-Fi points) with power
 * and backhaul. Null when the unit does not exist in the structure.
 */
export async function planInputs({ db, scope, date }: ScopeAtDate): Promise<PlanInputs | null> {
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return null;
  const [hamletRes, siteRes, coverage] = await Promise.all([
    db.execute(sql`
      select u.id, u.name, cm.name as "communeName", u.label_lon as lon, u.label_lat as lat,
             s.as_of::text as "asOf", coalesce(s.eligible, 0)::int as eligible, coalesce(s.activated, 0)::int as activated,
             coalesce(s.reason_away, 0)::int as away
      from ${scopeUnits(scope)} c
      join admin_units u on u.id = c.id and u.level = 'hamlet'
      left join admin_parents pc on pc.structure = ${scope.structure} and pc.child_id = u.id
      left join admin_units cm on cm.id = pc.parent_id
      left join lateral (
        select * from hamlet_snapshots hs where hs.hamlet_id = u.id and hs.as_of <= ${date}
        order by hs.as_of desc limit 1
      ) s on true
      order by u.code`),
    db.execute(sql`
      select st.id, st.kind, st.name, st.hamlet_id as "hamletId", st.lon, st.lat, st.power, st.backhaul
      from sites st
      where ${inScope(scope, sql`st.hamlet_id`)}
      order by st.id`),
    coverageAt({ db, scope, date }),
  ]);
  const rows = rowsOf<Omit<PlanHamlet, "broadband">>(hamletRes).map((r) => ({
    ...r,
    lon: Number(r.lon),
    lat: Number(r.lat),
    eligible: Number(r.eligible),
    activated: Number(r.activated),
    away: Number(r.away),
  }));
  const points: Feature<Point>[] = rows.map((r) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [r.lon, r.lat] } }));
  const status = hamletCoverage(
    points,
    coverage.map((p) => ({ type: "Feature", properties: { kind: p.kind, operator: p.operator, level: p.level }, geometry: p.geometry })),
  );
  const hamlets = rows.map((r, i) => ({ ...r, broadband: hasBroadband(status[i]!) }));
  const sites = rowsOf<PlanSite>(siteRes).map((s) => ({ ...s, id: Number(s.id), lon: Number(s.lon), lat: Number(s.lat) }));
  return {
    unit: { id: unit.id, name: unit.fullName, bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0] },
    date,
    hamlets,
    sites,
  };
}

/** The latest snapshot date of the scope's hamlets (the page's default data date). */
export async function latestSnapshotDate({ db, scope }: { db: Db; scope: Scope }): Promise<string | null> {
  const res = await db.execute(sql`
    select max(s.as_of)::text as d from hamlet_snapshots s
    where ${inScope(scope, sql`s.hamlet_id`)}`);
  return rowsOf<{ d: string | null }>(res)[0]?.d ?? null;
}

// --- scenarios ---------------------------------------------------------------------------------

export interface ScenarioSummary {
  id: number;
  unitId: string;
  structure: Structure;
  name: string;
  createdAt: string;
  plan: ScenarioPlan;
}

/** Units (ids) of the scope's subtree — scenarios of these units are visible to the viewer. */
const scenarioInScope = (scope: Scope) => and(inScope(scope, scenarios.unitId), eq(scenarios.structure, scope.structure));

/** Scenarios saved for units inside the viewer's scope, newest first. Plans that no longer parse are left out (and logged). */
export async function listScenarios({ db, scope }: { db: Db; scope: Scope }): Promise<ScenarioSummary[]> {
  const rows = await db.select().from(scenarios).where(scenarioInScope(scope)).orderBy(desc(scenarios.createdAt), desc(scenarios.id));
  return rows.flatMap((r) => {
    const plan = scenarioPlanSchema.safeParse(r.plan);
    if (!plan.success) {
      log.warn("scenario does not parse: left out of the list", {
        scenarioId: r.id,
        version: r.plan?.version,
        issues: plan.error.issues.slice(0, 3).map((i) => ({ path: i.path.join("."), message: i.message })),
      });
      return [];
    }
    return [{ id: r.id, unitId: r.unitId, structure: r.structure, name: r.name, createdAt: toIso(r.createdAt), plan: plan.data }];
  });
}

/** One scenario, if it exists and its unit lies inside the viewer's scope. */
export async function getScenario({ db, scope, id }: { db: Db; scope: Scope; id: number }): Promise<ScenarioSummary | null> {
  const rows = await db
    .select()
    .from(scenarios)
    .where(and(eq(scenarios.id, id), scenarioInScope(scope)));
  const r = rows[0];
  if (!r) return null;
  const plan = scenarioPlanSchema.parse(r.plan);
  return { id: r.id, unitId: r.unitId, structure: r.structure, name: r.name, createdAt: toIso(r.createdAt), plan };
}

/**
 * Saves a scenario for the scope's own unit, with its audit row (the actor) in the same
 * transaction. The plan is validated with its zod schema first (a ZodError for a bad one); its
 * request must be for that same unit and structure.
 */
export async function saveScenario({
  db,
  scope,
  name,
  plan,
  actor,
}: {
  db: Db;
  scope: Scope;
  name: string;
  plan: unknown;
  actor: Actor;
}): Promise<{ id: number }> {
  const parsedName = scenarioNameSchema.parse(name);
  const parsed = scenarioPlanSchema.parse(plan);
  if (parsed.request.unit !== scope.unitId || parsed.request.structure !== scope.structure) {
    throw new RangeError(
      `saveScenario: the plan is for ${parsed.request.unit} (${parsed.request.structure}), not the scope ${scope.unitId} (${scope.structure})`,
    );
  }
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(scenarios)
      .values({ unitId: scope.unitId, structure: scope.structure, name: parsedName, plan: parsed as unknown as Record<string, unknown> })
      .returning({ id: scenarios.id });
    await recordAudit(tx, { actor, action: "scenario.save", scope, targetIds: [row!.id], summary: { after: { name: parsedName, date: parsed.request.date } } });
    return { id: row!.id };
  });
}

/**
 * Deletes scenarios by id inside the viewer's scope, with one audit row (the actor, the ids
 * deleted and their names) in the same transaction; returns how many were deleted (none: no
 * audit row, nothing was written).
 */
export async function deleteScenarios({ db, scope, ids, actor }: { db: Db; scope: Scope; ids: number[]; actor: Actor }): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = await tx
      .delete(scenarios)
      .where(and(inArray(scenarios.id, ids), scenarioInScope(scope)))
      .returning({ id: scenarios.id, name: scenarios.name });
    if (rows.length > 0) {
      await recordAudit(tx, {
        actor,
        action: "scenario.delete",
        scope,
        targetIds: rows.map((r) => r.id),
        summary: { before: { names: rows.map((r) => r.name) }, after: null },
      });
    }
    return rows.length;
  });
}

function toIso(v: Date | string): string {
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

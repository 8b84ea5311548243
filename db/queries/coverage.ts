import "server-only";
import { sql } from "drizzle-orm";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import { hamletCoverage, type CoverageKind, type Operator, type SignalLevel } from "../../geo";
import type { Db } from "../client";
import { rowsOf, type Scope, type ScopeAtDate } from "./scope";
import { scopeProvinceId, scopeUnits } from "./sql/scope";

export interface CoverageRow {
  id: number;
  kind: CoverageKind;
  operator: Operator | null;
  level: SignalLevel | null;
  asOf: string;
  geometry: Polygon | MultiPolygon;
}

/**
 * The coverage polygons valid on `date` for the province containing the scope: for each kind and
 * operator, the features of the newest layer delivered on or before that date (an empty newer
 * layer means that coverage is gone).
 */
export async function coverageAt({ db, scope, date }: ScopeAtDate): Promise<CoverageRow[]> {
  const res = await db.execute(sql`
    with current_layers as (
      select distinct on (l.kind, l.operator) l.id from coverage_layers l
      where l.province_id in ${scopeProvinceId(scope)} and l.as_of <= ${date}
      order by l.kind, l.operator, l.as_of desc, l.id desc
    )
    select f.id, f.kind, f.operator, f.level, f.as_of::text as "asOf", f.geometry
    from coverage_features f
    where f.layer_id in (select id from current_layers)
    order by f.id`);
  return rowsOf<CoverageRow>(res).map((r) => ({ ...r, geometry: typeof r.geometry === "string" ? JSON.parse(r.geometry) : r.geometry }));
}

/** Hamlet points (label points) of the scope. */
export async function hamletPoints({ db, scope }: { db: Db; scope: Scope }): Promise<{ id: string; name: string; lon: number; lat: number }[]> {
  const res = await db.execute(sql`
    select u.id, u.name, u.label_lon as lon, u.label_lat as lat
    from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
    order by u.id`);
  return rowsOf<{ id: string; name: string; lon: number; lat: number }>(res).map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }));
}

/** Each hamlet of the scope with its infrastructure at `date`: its label point joined with the coverage polygons valid then. */
export async function coverageOfHamlets(db: Db, scope: Scope, date: string) {
  const [pts, polys] = await Promise.all([hamletPoints({ db, scope }), coverageAt({ db, scope, date })]);
  const features: Feature<Point>[] = pts.map((p) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [p.lon, p.lat] } }));
  const cov = hamletCoverage(
    features,
    polys.map((p) => ({ type: "Feature", properties: { kind: p.kind, operator: p.operator, level: p.level }, geometry: p.geometry })),
  );
  return pts.map((p, i) => ({ id: p.id, name: p.name, c: cov[i]! }));
}

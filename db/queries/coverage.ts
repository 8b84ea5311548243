import "server-only";
import { sql } from "drizzle-orm";
import type { Polygon, MultiPolygon } from "geojson";
import type { Db } from "../client";
import { rowsOf, type Scope } from "./scope";

export interface CoverageRow {
  id: number; kind: "grid" | "2g" | "3g" | "4g" | "fiber"; operator: "viettel" | "vnpt" | "mobifone" | null;
  level: "none" | "weak" | "good" | null; asOf: string; geometry: Polygon | MultiPolygon;
}

/**
 * The coverage polygons valid on `date` for the province containing the scope: for each kind and
 * operator, the features of the newest layer delivered on or before that date. (A delivery that
 * withdraws all coverage of a kind would need an explicit empty layer record; the import issue adds
 * layer records.)
 */
export async function coverageAt({ db, scope, date }: { db: Db; scope: Scope; date: string }): Promise<CoverageRow[]> {
  const res = await db.execute(sql`
    with province as (
      select c.ancestor_id as id from admin_closure c join admin_units u on u.id = c.ancestor_id and u.level = 'province'
      where c.structure = ${scope.structure} and c.descendant_id = ${scope.unitId}
    ), layers as (
      select f.kind, f.operator, max(f.as_of) as as_of from coverage_features f
      where f.province_id in (select id from province) and f.as_of <= ${date}
      group by f.kind, f.operator
    )
    select f.id, f.kind, f.operator, f.level, f.as_of::text as "asOf", f.geometry
    from coverage_features f join layers l
      on l.kind = f.kind and l.operator is not distinct from f.operator and l.as_of = f.as_of
    where f.province_id in (select id from province)
    order by f.id`);
  return rowsOf<CoverageRow>(res).map((r) => ({ ...r, geometry: typeof r.geometry === "string" ? JSON.parse(r.geometry) : r.geometry }));
}

/** Hamlet points (label points) of the scope. */
export async function hamletPoints({ db, scope }: { db: Db; scope: Scope }): Promise<{ id: string; name: string; lon: number; lat: number }[]> {
  const res = await db.execute(sql`
    select u.id, u.name, u.label_lon as lon, u.label_lat as lat
    from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
    where c.structure = ${scope.structure} and c.ancestor_id = ${scope.unitId}
    order by u.id`);
  return rowsOf<{ id: string; name: string; lon: number; lat: number }>(res).map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }));
}

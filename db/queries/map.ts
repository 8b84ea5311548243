import "server-only";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { rate, suppressSmallCounts, type HamletFunnel } from "../../geo";
import type { Db } from "../client";
import { getScopeUnit, unitsInScope } from "./admin";
import { hamletsWithFunnel } from "./indicators";
import { isDemoData } from "./records";
import type { Scope } from "./scope";
import type { Level } from "../schema";

export interface HamletMapProps extends HamletFunnel {
  id: string;
  code: string;
  name: string;
  type: string;
  communeName: string;
  districtName: string | null;
  labelLon: number;
  labelLat: number;
  asOf: string | null;
  /** activated / eligible; null without data or when either count is withheld. */
  activationRate: number | null;
  /** Counts withheld because they are small (1–4). */
  suppressed: string[];
}

export interface HamletMap extends FeatureCollection<Geometry, HamletMapProps> {
  meta: { unit: { id: string; name: string; bbox: [number, number, number, number] }; asOf: string | null; synthetic: boolean; source: string };
}

/** The scope's hamlets as GeoJSON with their funnel at the latest snapshot ≤ date; null when the unit is not in the structure. */
export async function hamletMap({ db, scope, date }: { db: Db; scope: Scope; date?: string }): Promise<HamletMap | null> {
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return null;
  const rows = await hamletsWithFunnel({ db, scope, date });
  const features: Feature<Geometry, HamletMapProps>[] = rows.map((r) => {
    const { values, suppressed } = suppressSmallCounts({
      eligible: r.eligible,
      cccdIssued: r.cccdIssued,
      received: r.received,
      activated: r.activated,
      level2: r.level2,
    });
    const activationRate = rate(values.activated, values.eligible);
    return {
      type: "Feature",
      id: r.id,
      geometry: r.geometry as Geometry,
      properties: {
        id: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        communeName: r.communeName ?? "",
        districtName: r.districtName,
        labelLon: r.labelLon,
        labelLat: r.labelLat,
        asOf: r.asOf,
        ...values,
        activationRate,
        suppressed,
      },
    };
  });
  const asOf = rows.reduce<string | null>((m, r) => (r.asOf && (!m || r.asOf > m) ? r.asOf : m), null);
  const synthetic = await isDemoData({ db });
  return {
    type: "FeatureCollection",
    features,
    meta: {
      unit: { id: unit.id, name: unit.fullName, bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0] },
      asOf,
      synthetic,
      source: synthetic ? "Dữ liệu minh họa tổng hợp, hiệu chỉnh theo số liệu đã công bố (GapMap 06 demo)" : "Số liệu nhập từ tệp của địa phương",
    },
  };
}

/**
 * Boundaries of one level inside the scope; with a date, only units valid then. (Without one, all
 * units of the level in that structure's tree — each structure's tree holds only its own units.)
 */
export async function boundaryMap({ db, scope, level, date }: { db: Db; scope: Scope; level: Level; date?: string }): Promise<FeatureCollection | null> {
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return null;
  const rows = await unitsInScope({ db, scope, level, date });
  return {
    type: "FeatureCollection",
    features: rows
      .filter((r) => r.geometry)
      .map((r) => ({
        type: "Feature",
        id: r.id,
        geometry: r.geometry as Geometry,
        properties: { id: r.id, code: r.code, name: r.name, fullName: r.fullName, level: r.level },
      })),
  };
}

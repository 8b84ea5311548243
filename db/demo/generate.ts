import { createHash } from "node:crypto";
import type { SiteBackhaul, SiteKind, SitePower } from "../../geo/domain";
import type { NewAdminUnit, NewHamletSnapshot, Structure } from "../schema";
import { buildGeography, type DemoHamlet } from "./geography";
import { assignInfrastructure, buildCoverage, joinStatus, type CoverageFeature, type HamletInfra } from "./infrastructure";
import { buildSeries } from "./series";
import { createRng, type Rng } from "./rng";
import { COVERAGE_VERSIONS, DEMO_SEED, DISTRICTS_AT_TARGET_2023, GENERATOR_VERSION, TARGETS, UNIT_FIGURES } from "./params";

export interface DemoData {
  seed: number;
  version: string;
  /** Identifies this exact output: generator version + seed. */
  fingerprint: string;
  units: NewAdminUnit[];
  parents: { structure: Structure; childId: string; parentId: string }[];
  successions: { predecessorId: string; successorId: string; kind: "full" | "partial"; effective: string; legalBasis: string | null }[];
  snapshots: NewHamletSnapshot[];
  coverage: CoverageFeature[];
  hamletInfrastructure: { hamletId: string; asOf: string; status: HamletInfra }[];
  targets: { unitId: string; metric: "received" | "activated"; periodStart: string; periodEnd: string; value: number; source: string }[];
  unitFigures: { unitId: string; asOf: string; metric: string; value: number; source: string; note: string | null }[];
  sites: { kind: SiteKind; name: string; hamletId: string; lon: number; lat: number; power: SitePower; backhaul: SiteBackhaul }[];
}

export const DEMO_SOURCE = "Dữ liệu minh họa tổng hợp (GapMap 06 demo generator), hiệu chỉnh theo số liệu đã công bố";

/** The whole demo data set, deterministic for a seed. Pure computation apart from reading the boundary files. */
export function generateDemo(seed: number = DEMO_SEED): DemoData {
  const rng = createRng(seed);
  const geo = buildGeography(rng.fork("geography"));
  const infra = assignInfrastructure(geo.hamlets, rng.fork("infrastructure"));
  const coverage = buildCoverage(geo.hamlets, infra);
  const hamletInfrastructure: DemoData["hamletInfrastructure"] = [];
  COVERAGE_VERSIONS.forEach((version, vi) => {
    const joined = joinStatus(
      geo.hamlets,
      coverage.filter((f) => f.version === version),
    );
    for (const h of geo.hamlets) {
      const got = joined.get(h.id)!;
      // Self-check: the coverage polygons must give back exactly the status they were built from.
      if (JSON.stringify(got) !== JSON.stringify(infra.get(h.id)![vi])) throw new Error(`coverage join disagrees for ${h.id} (${h.name}) at ${version}`);
      hamletInfrastructure.push({ hamletId: h.id, asOf: version, status: got });
    }
  });
  const unitHamlets = hamletsByUnit(geo.parents);
  const series = buildSeries(geo.hamlets, infra, unitHamlets, rng.fork("series"));
  const targets = buildTargets(series.snapshots, unitHamlets, geo.units);
  const unitFigures = UNIT_FIGURES.map((f) => ({
    unitId: f.unit,
    asOf: f.asOf,
    metric: f.metric,
    value: f.value,
    source: DEMO_SOURCE,
    note: `published figure ${f.figure}`,
  }));
  const sites = buildSites(geo.hamlets, infra, rng.fork("sites"));
  const fingerprint = createHash("sha256").update(`gapmap-demo:${GENERATOR_VERSION}:${seed}`).digest("hex");
  return {
    seed,
    version: GENERATOR_VERSION,
    fingerprint,
    units: geo.units,
    parents: geo.parents,
    successions: geo.successions,
    snapshots: series.snapshots,
    coverage,
    hamletInfrastructure,
    targets,
    unitFigures,
    sites,
  };
}

/** Hamlet ids under every unit, in both structures. */
export function hamletsByUnit(parents: DemoData["parents"]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const up = new Map<string, string[]>();
  for (const p of parents) up.set(`${p.structure}:${p.childId}`, [p.parentId]);
  for (const p of parents) {
    if (!p.childId.startsWith("h-")) continue;
    let cur: string | undefined = p.parentId;
    while (cur) {
      if (!out.has(cur)) out.set(cur, new Set());
      out.get(cur)!.add(p.childId);
      cur = up.get(`${p.structure}:${cur}`)?.[0];
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

function buildTargets(snaps: NewHamletSnapshot[], unitHamlets: Map<string, string[]>, units: NewAdminUnit[]): DemoData["targets"] {
  const at = (unit: string, date: string, key: "eligible" | "received") => {
    const ids = new Set(unitHamlets.get(unit) ?? []);
    return snaps.filter((s) => s.asOf === date && ids.has(s.hamletId)).reduce((sum, s) => sum + s[key], 0);
  };
  const out: DemoData["targets"] = TARGETS.map((t) => ({
    unitId: t.unit,
    metric: t.metric,
    periodStart: t.period[0],
    periodEnd: t.period[1],
    value: t.value,
    source: `${DEMO_SOURCE} — ${t.figure}`,
  }));
  // Districts that reached their 2023 target by 15/09/2023 get a target a little under what they had received.
  const fixed = new Map(out.filter((t) => t.periodStart === "2023-01-01").map((t) => [t.unitId, t.value]));
  DISTRICTS_AT_TARGET_2023.forEach((d, k) => {
    const v = Math.floor(at(d, "2023-09-15", "received") * (0.965 + 0.01 * k));
    fixed.set(d, v);
    out.push({
      unitId: d,
      metric: "received",
      periodStart: "2023-01-01",
      periodEnd: "2023-12-31",
      value: v,
      source: `${DEMO_SOURCE} — DB-17..DB-19 (≥ 100 %)`,
    });
  });
  // The other Điện Biên districts share the rest of the province's 2023 target by eligible people.
  const province = fixed.get("p-11")!;
  const free = units.filter(
    (u) => u.level === "district" && u.id.startsWith("d-") && (unitHamlets.get(u.id) ?? []).some((h) => h.startsWith("h-03")) && !fixed.has(u.id),
  );
  const weights = free.map((u) => at(u.id, "2023-09-15", "eligible"));
  const rest = province - [...fixed].filter(([u]) => u !== "p-11").reduce((s, [, v]) => s + v, 0);
  const wsum = weights.reduce((s, w) => s + w, 0);
  let left = rest;
  free.forEach((u, k) => {
    const v = k === free.length - 1 ? left : Math.round((rest * weights[k]!) / wsum);
    left -= v;
    out.push({
      unitId: u.id,
      metric: "received",
      periodStart: "2023-01-01",
      periodEnd: "2023-12-31",
      value: v,
      source: `${DEMO_SOURCE} — share of the province's 2023 target`,
    });
  });
  return out;
}

const sitePowerOf = (i: HamletInfra, r: Rng): SitePower => (i.grid ? "grid" : r.next() < 0.35 ? "solar" : "none");
const siteBackhaulOf = (i: HamletInfra): SiteBackhaul => {
  if (i.fiber.viettel || i.fiber.vnpt) return "fiber";
  const sig = Object.values(i.signal);
  if (sig.some((s) => s["4g"] !== "none")) return "4g";
  if (sig.some((s) => s["3g"] !== "none")) return "3g";
  return "none";
};

function buildSites(hamlets: DemoHamlet[], infra: Map<string, HamletInfra[]>, rng: Rng): DemoData["sites"] {
  const out: DemoData["sites"] = [];
  const latest = COVERAGE_VERSIONS.indexOf("2023-07-01");
  const byCommune = new Map<string, DemoHamlet[]>();
  for (const h of hamlets) byCommune.set(h.communeId, [...(byCommune.get(h.communeId) ?? []), h]);
  const jitter = (h: DemoHamlet, r: Rng): [number, number] => [round6(h.site[0] + r.between(-0.002, 0.002)), round6(h.site[1] + r.between(-0.002, 0.002))];
  for (const [, hs] of byCommune) {
    const seat = hs.reduce((a, b) => (a.distanceKm <= b.distanceKm ? a : b));
    const r = rng.fork(seat.communeId);
    const st = infra.get(seat.id)![latest]!;
    const [lon, lat] = seat.site;
    out.push({
      kind: "commune_hq",
      name: "Trụ sở UBND và Công an xã",
      hamletId: seat.id,
      lon,
      lat,
      power: st.grid ? "grid" : "solar",
      backhaul: siteBackhaulOf(st),
    });
    out.push({
      kind: "health_station",
      name: "Trạm Y tế xã",
      hamletId: seat.id,
      ...pos(jitter(seat, r)),
      power: st.grid ? "grid" : "solar",
      backhaul: siteBackhaulOf(st),
    });
    hs.forEach((h, k) => {
      const s = infra.get(h.id)![latest]!;
      if (k % 3 === 0 || h === seat)
        out.push({
          kind: "school",
          name: `Điểm trường ${h.name}`,
          hamletId: h.id,
          ...pos(jitter(h, r)),
          power: sitePowerOf(s, r),
          backhaul: siteBackhaulOf(s),
        });
      if (!h.urban && r.next() < 0.6)
        out.push({
          kind: "cultural_house",
          name: `Nhà văn hóa ${h.name}`,
          hamletId: h.id,
          ...pos(jitter(h, r)),
          power: sitePowerOf(s, r),
          backhaul: siteBackhaulOf(s),
        });
      if ((s.fiber.viettel || s.fiber.vnpt) && r.next() < 0.05)
        out.push({ kind: "wifi_point", name: `Điểm Wi-Fi công cộng ${h.name}`, hamletId: h.id, ...pos(jitter(h, r)), power: "grid", backhaul: "fiber" });
    });
  }
  return out;
}

const pos = ([lon, lat]: [number, number]) => ({ lon, lat });
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

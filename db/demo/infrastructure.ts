import type { Feature, Point, Polygon } from "geojson";
import { emptyCoverage, hamletCoverage, MOBILE_TECHS, OPERATORS, type CoverageKind, type HamletCoverage, type Operator, type SignalLevel } from "../../geo";
import type { DemoHamlet } from "./geography";
import type { Rng } from "./rng";
import { COVERAGE_VERSIONS, INFRA_TARGETS, HANG_PA } from "./params";

/** What a hamlet has under one coverage version. */
export type HamletInfra = HamletCoverage;

export interface CoverageFeature {
  version: string;
  provinceId: string;
  kind: CoverageKind;
  operator: Operator | null;
  level: SignalLevel | null;
  geometry: Polygon;
}

/** Largest service radius of one site, km, per kind: towers reach further on 2G than on 4G. */
const MAX_RADIUS_KM = { grid: 6, fiber: 4, "2g": 9, "3g": 6, "4g": 5 } as const;
const CIRCLE_STEPS = 24;
// Local planar km around the region (equirectangular): circles and distances in the same metric,
// and an affine map of lon/lat, so point-in-polygon on lon/lat agrees with distance tests here.
const KM_PER_DEG_LAT = 110.574;

/**
 * Per-hamlet infrastructure for every coverage version, chosen so that the published counts hold
 * (INFRA_TARGETS), the hardest places (far from the commune seat) lack most, and coverage only
 * improves from one version to the next.
 */
export function assignInfrastructure(hamlets: DemoHamlet[], rng: Rng): Map<string, HamletInfra[]> {
  const r = rng.fork("infra");
  // Remoteness: distance from the commune seat, relative within the area, plus noise.
  const remote = new Map(hamlets.map((h) => [h.id, h.urban ? -1 : h.distanceKm * r.between(0.6, 1.4) + r.between(0, 4)]));
  const byRemote = (hs: DemoHamlet[], salt: string) => {
    const rr = rng.fork(`order:${salt}`);
    const score = new Map(hs.map((h) => [h.id, remote.get(h.id)! + rr.between(0, 3)]));
    return [...hs].filter((h) => !h.urban).sort((a, b) => score.get(b.id)! - score.get(a.id)! || a.id.localeCompare(b.id));
  };
  const hangPa = hamlets.find((h) => h.communeId === HANG_PA.commune && h.name === HANG_PA.name);
  if (!hangPa) throw new Error("Háng Pa was not generated");
  const inDistrict = (d: string) => (h: DemoHamlet) => h.districtId === d;
  const db = hamlets.filter((h) => h.area === "dienbien");
  const dbd = db.filter(inDistrict("d-101"));
  const np = db.filter(inDistrict("d-103"));
  const rest = db.filter((h) => h.districtId !== "d-101");
  const t23 = INFRA_TARGETS["2023-07-01"];
  const t22 = INFRA_TARGETS["2022-01-01"]["d-103"];

  const take = (list: DemoHamlet[], n: number, must: DemoHamlet[] = [], exclude: Set<string> = new Set()) => {
    const out = new Set(must.map((h) => h.id));
    for (const h of list) {
      if (out.size >= n) break;
      if (!exclude.has(h.id)) out.add(h.id);
    }
    if (out.size !== n) throw new Error(`could only pick ${out.size} of ${n} hamlets`);
    return out;
  };
  const union = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));

  // Version 2023-07-01: Điện Biên's published counts.
  const noGrid23 = union(take(byRemote(dbd, "grid"), t23["d-101"].noGrid, [hangPa]), take(byRemote(rest, "grid"), t23["p-11"].noGrid - t23["d-101"].noGrid));
  const nbDbd = take(byRemote(dbd, "bb"), t23["d-101"].noBroadband, [hangPa]);
  const nbRest = take(
    byRemote(
      rest.filter((h) => h.districtId !== "d-103"),
      "bb",
    ),
    t23["p-11"].noBroadband - t23["d-101"].noBroadband - 2,
  );
  const nbNp = take(byRemote(np, "bb"), 2);
  const noBroadband23 = union(nbDbd, nbRest, nbNp);
  // No 2G at all: the most remote of those without broadband (Háng Pa has weak 2G).
  const no2g23 = take(
    byRemote(
      db.filter((h) => noBroadband23.has(h.id)),
      "2g",
    ),
    t23["p-11"].no2g,
    [],
    new Set([hangPa.id]),
  );
  // No fiber: every hamlet without grid, and the next most remote ones.
  const noFiber23 = union(noGrid23, take(byRemote(db, "fiber"), t23["p-11"].noFiber - noGrid23.size, [], noGrid23));

  // Version 2022-01-01: more gaps everywhere; Nậm Pồ's best signal exactly as published.
  const npNone22 = take(
    byRemote(np, "2g"),
    t22.signalNone,
    np.filter((h) => no2g23.has(h.id)),
  );
  const npWeak22 = take(byRemote(np, "weak"), t22.signalWeak, [], npNone22);
  const extra = (set: Set<string>, list: DemoHamlet[], n: number, salt: string) =>
    union(
      set,
      new Set(
        byRemote(list, salt)
          .filter((h) => !set.has(h.id))
          .slice(0, n)
          .map((h) => h.id),
      ),
    );
  const dbNoNp = db.filter((h) => h.districtId !== "d-103");
  const noGrid22 = extra(noGrid23, db, 25, "grid22");
  const no2g22 = union(
    new Set([...no2g23].filter((id) => !np.some((h) => h.id === id))),
    npNone22,
    new Set(
      byRemote(dbNoNp, "2g22")
        .filter((h) => noBroadband23.has(h.id) && !no2g23.has(h.id) && h.id !== hangPa.id)
        .slice(0, 6)
        .map((h) => h.id),
    ),
  );
  const noBroadband22 = union(
    extra(noBroadband23, dbNoNp, 40, "bb22"),
    npNone22,
    npWeak22,
    new Set([...noBroadband23].filter((id) => np.some((h) => h.id === id))),
  );
  const noFiber22 = extra(noFiber23, db, 60, "fiber22");
  // Later versions: the most accessible gaps are closed first.
  const shrink = (set: Set<string>, keep: number) =>
    new Set([...set].sort((a, b) => remote.get(b)! - remote.get(a)! || a.localeCompare(b)).slice(0, Math.round(set.size * keep)));

  // Thường Xuân and Đà Bắc: no published infrastructure counts; gaps in proportion to remoteness.
  const other = hamlets.filter((h) => h.area !== "dienbien");
  const oRank = byRemote(other, "other");
  const oNoGrid = new Set(oRank.slice(0, Math.round(other.length * 0.04)).map((h) => h.id));
  const oNoBb = new Set(oRank.slice(0, Math.round(other.length * 0.08)).map((h) => h.id));
  const oNo2g = new Set(oRank.slice(0, Math.round(other.length * 0.015)).map((h) => h.id));
  const oNoFiber = new Set(oRank.slice(0, Math.round(other.length * 0.12)).map((h) => h.id));

  const sets = [
    // weakBest: hamlets whose best signal is weak; exactBest: hamlets whose best signal is published,
    // so that only weakBest ones may be weak (Nậm Pồ in 2022: 105 good, 13 weak, 3 none).
    {
      grid: union(noGrid22, oNoGrid),
      bb: union(noBroadband22, oNoBb),
      g2: union(no2g22, oNo2g),
      fiber: union(noFiber22, oNoFiber),
      weakBest: npWeak22,
      exactBest: new Set(np.map((h) => h.id)),
    },
    {
      grid: union(noGrid23, oNoGrid),
      bb: union(noBroadband23, oNoBb),
      g2: union(no2g23, oNo2g),
      fiber: union(noFiber23, oNoFiber),
      weakBest: new Set([hangPa.id]),
      exactBest: new Set([hangPa.id]),
    },
    {
      grid: shrink(union(noGrid23, oNoGrid), 0.7),
      bb: shrink(union(noBroadband23, oNoBb), 0.6),
      g2: shrink(union(no2g23, oNo2g), 0.6),
      fiber: shrink(union(noFiber23, oNoFiber), 0.7),
      weakBest: new Set<string>(),
      exactBest: new Set<string>(),
    },
    {
      grid: shrink(union(noGrid23, oNoGrid), 0.4),
      bb: shrink(union(noBroadband23, oNoBb), 0.3),
      g2: shrink(union(no2g23, oNo2g), 0.25),
      fiber: shrink(union(noFiber23, oNoFiber), 0.45),
      weakBest: new Set<string>(),
      exactBest: new Set<string>(),
    },
  ];

  const out = new Map<string, HamletInfra[]>();
  for (const h of hamlets) {
    // Operators build per area, not per hamlet: the draws are per commune (so coverage comes in
    // contiguous patches), shifted by the hamlet's remoteness; they are stable across versions.
    const cr = rng.fork(`infra:${h.communeId}`);
    const hr = rng.fork(`infra:${h.id}`);
    const rem = remote.get(h.id)!;
    const far = Math.min(1, Math.max(0, rem / 25)) * 0.35;
    const u = {
      vnpt2: cr.next() + far,
      mob2: cr.next() + far,
      vnptBb: cr.next() + far,
      mobBb: cr.next() + far,
      viettel4: cr.next() + far,
      weak: hr.next(),
      fiberVnpt: cr.next() + far,
    };
    out.set(
      h.id,
      sets.map((s) => {
        const signal = emptyCoverage().signal;
        const weakOnly = s.weakBest.has(h.id);
        const mayBeWeak = !s.exactBest.has(h.id) && rem > 12 && u.weak < 0.3;
        const lvl = (): SignalLevel => (weakOnly || mayBeWeak ? "weak" : "good");
        if (!s.g2.has(h.id)) {
          signal.viettel["2g"] = lvl();
          if (u.vnpt2 < 0.75) signal.vnpt["2g"] = weakOnly ? "weak" : u.vnpt2 < 0.5 ? "good" : "weak";
          if (u.mob2 < 0.45 && !s.bb.has(h.id)) signal.mobifone["2g"] = "weak";
          if (!s.bb.has(h.id)) {
            const v4 = u.viettel4 < 0.85 || h.urban;
            signal.viettel[v4 ? "4g" : "3g"] = lvl();
            if (v4) signal.viettel["3g"] = signal.viettel["4g"];
            if (u.vnptBb < 0.6 || h.urban) {
              signal.vnpt["3g"] = weakOnly ? "weak" : "good";
              signal.vnpt["2g"] = signal.vnpt["2g"] === "none" ? signal.vnpt["3g"] : signal.vnpt["2g"];
              if (u.vnptBb < 0.35 || h.urban) signal.vnpt["4g"] = signal.vnpt["3g"];
            }
            if (u.mobBb < 0.45 || h.urban) {
              signal.mobifone["4g"] = weakOnly ? "weak" : "good";
              signal.mobifone["3g"] = signal.mobifone["4g"];
              signal.mobifone["2g"] = signal.mobifone["4g"];
            }
          }
        }
        const fiber = !s.fiber.has(h.id);
        return { grid: !s.grid.has(h.id), fiber: { viettel: fiber, vnpt: fiber && (u.fiberVnpt < 0.55 || h.urban), mobifone: false }, signal };
      }),
    );
  }
  return out;
}

/**
 * Coverage polygons that reproduce the per-hamlet status through the spatial join: for each
 * layer, service circles around sites (towers, substations, fiber nodes) placed greedily at
 * covered hamlets, each with a radius that stops short of every hamlet the layer must not reach.
 */
export function buildCoverage(hamlets: DemoHamlet[], infra: Map<string, HamletInfra[]>): CoverageFeature[] {
  const out: CoverageFeature[] = [];
  const byProvince = new Map<string, DemoHamlet[]>();
  for (const h of hamlets) byProvince.set(h.provinceId, [...(byProvince.get(h.provinceId) ?? []), h]);
  for (const [provinceId, hs] of byProvince) {
    const lat0 = hs.reduce((s, h) => s + h.site[1], 0) / hs.length;
    const kx = KM_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
    const xy = hs.map((h) => [h.site[0] * kx, h.site[1] * KM_PER_DEG_LAT] as const);
    COVERAGE_VERSIONS.forEach((version, vi) => {
      const st = (h: DemoHamlet) => infra.get(h.id)![vi]!;
      const layer = (
        kind: CoverageFeature["kind"],
        operator: Operator | null,
        level: SignalLevel | null,
        covered: (h: DemoHamlet) => boolean,
        excluded: (h: DemoHamlet) => boolean,
      ) => {
        for (const geometry of serviceCircles(hs, xy, kx, covered, excluded, MAX_RADIUS_KM[kind]))
          out.push({ version, provinceId, kind, operator, level, geometry });
      };
      layer(
        "grid",
        null,
        null,
        (h) => st(h).grid,
        (h) => !st(h).grid,
      );
      for (const op of ["viettel", "vnpt"] as const)
        layer(
          "fiber",
          op,
          null,
          (h) => st(h).fiber[op],
          (h) => !st(h).fiber[op],
        );
      for (const op of OPERATORS)
        for (const tech of MOBILE_TECHS) {
          // "good" circles must not reach weak or unserved hamlets; "weak" circles must not reach unserved ones.
          layer(
            tech,
            op,
            "good",
            (h) => st(h).signal[op][tech] === "good",
            (h) => st(h).signal[op][tech] !== "good",
          );
          layer(
            tech,
            op,
            "weak",
            (h) => st(h).signal[op][tech] === "weak",
            (h) => st(h).signal[op][tech] === "none",
          );
        }
    });
  }
  return out;
}

function serviceCircles(
  hs: DemoHamlet[],
  xy: (readonly [number, number])[],
  kx: number,
  covered: (h: DemoHamlet) => boolean,
  excluded: (h: DemoHamlet) => boolean,
  maxKm: number,
): Polygon[] {
  const need = hs.map((h) => covered(h));
  const bad = hs.map((h, i) => (excluded(h) ? i : -1)).filter((i) => i >= 0);
  const done = need.map((n) => !n);
  const circles: Polygon[] = [];
  const inscribed = Math.cos(Math.PI / CIRCLE_STEPS);
  for (let i = 0; i < hs.length; i++) {
    if (done[i]) continue;
    const [x, y] = xy[i]!;
    let r = maxKm;
    for (const j of bad) r = Math.min(r, 0.9 * Math.hypot(xy[j]![0] - x, xy[j]![1] - y));
    // Mark what the polygon (inscribed in the circle) surely contains.
    for (let j = 0; j < hs.length; j++) if (!done[j] && need[j] && Math.hypot(xy[j]![0] - x, xy[j]![1] - y) <= r * inscribed * 0.999) done[j] = true;
    done[i] = true;
    const ring: [number, number][] = [];
    for (let k = 0; k <= CIRCLE_STEPS; k++) {
      const a = (2 * Math.PI * (k % CIRCLE_STEPS)) / CIRCLE_STEPS;
      ring.push([round5(hs[i]!.site[0] + (r * Math.cos(a)) / kx), round5(hs[i]!.site[1] + (r * Math.sin(a)) / KM_PER_DEG_LAT)]);
    }
    circles.push({ type: "Polygon", coordinates: [ring] });
  }
  return circles;
}

/** 5 decimals ≈ 1 m: finer than any coverage map. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** The status every hamlet gets from the spatial join of its point with the coverage layers of one version. */
export function joinStatus(hamlets: DemoHamlet[], features: CoverageFeature[]): Map<string, HamletInfra> {
  const pts: Feature<Point>[] = hamlets.map((h) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: h.site } }));
  const polys = features.map((f) => ({ type: "Feature" as const, properties: { kind: f.kind, operator: f.operator, level: f.level }, geometry: f.geometry }));
  const got = hamletCoverage(pts, polys);
  return new Map(hamlets.map((h, i) => [h.id, got[i]!]));
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { point, union, featureCollection, distance, truncate } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Point } from "geojson";
import { hamletCells, randomPointsInPolygon, labelPoint, bbox4, foldName, toNFC } from "../../geo";
import type { NewAdminUnit, Structure } from "../schema";
import { apportion } from "./calibrate";
import { hamletNames } from "./names";
import type { Rng } from "./rng";
import { AREAS, COMMUNE_ALIASES, POST_2025_FROM, PRE_2025_TO, type AreaConfig } from "./params";

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");
type Poly = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

export function readGeoJson(file: string): FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>> & { attribution?: string; license?: string } {
  return JSON.parse(readFileSync(path.join(DATA_DIR, file), "utf8"));
}

/** A hamlet as generated: its units row plus what the indicator model needs. */
export interface DemoHamlet {
  id: string;
  area: string;
  provinceId: string;
  districtId: string;
  communeId: string; // pre-2025 commune
  newCommuneId: string; // post-2025 commune
  name: string;
  urban: boolean;
  site: [number, number];
  /** Straight-line distance from the commune seat, km. */
  distanceKm: number;
  /** Share of the commune's 2019 population living here. */
  popShare: number;
  pop2019Commune: number;
  cell: Feature<Polygon | MultiPolygon>;
}

export interface Geography {
  units: NewAdminUnit[];
  parents: { structure: Structure; childId: string; parentId: string }[];
  successions: { predecessorId: string; successorId: string; kind: "full" | "partial"; effective: string; legalBasis: string | null }[];
  hamlets: DemoHamlet[];
  /** Pre-2025 commune polygons by unit id (for coverage layers). */
  communePolys: Map<string, Poly>;
}

const lc = (s: string) => toNFC(s).toLocaleLowerCase("vi");

function unitRow(
  f: Poly | null,
  u: Omit<NewAdminUnit, "nameFolded" | "geometry" | "labelLon" | "labelLat" | "bboxWest" | "bboxSouth" | "bboxEast" | "bboxNorth">,
  label?: [number, number],
): NewAdminUnit {
  const name = toNFC(u.name);
  const row: NewAdminUnit = { ...u, name, fullName: toNFC(u.fullName), nameFolded: foldName(name) };
  if (f) {
    const [w, s, e, n] = bbox4(f);
    const [lon, lat] = label ?? labelPoint(f);
    Object.assign(row, { geometry: f.geometry, labelLon: lon, labelLat: lat, bboxWest: w, bboxSouth: s, bboxEast: e, bboxNorth: n });
  }
  return row;
}

function unionAll(polys: Feature<Polygon | MultiPolygon>[]): Feature<Polygon | MultiPolygon> {
  if (polys.length === 1) return polys[0]!;
  const u = union(featureCollection(polys));
  if (!u) throw new Error(`union of ${polys.length} polygons is empty`);
  return u;
}

/** Builds every unit of the demo: provinces, districts, communes (both structures) and hamlets. */
export function buildGeography(rng: Rng): Geography {
  const g: Geography = { units: [], parents: [], successions: [], hamlets: [], communePolys: new Map() };
  const provinces63 = readGeoJson("vietnam_provinces_63_pre2025.geojson");
  const provinces34 = readGeoJson("vietnam_provinces_34_2025.geojson");
  const seenProvince = new Set<string>();
  for (const area of AREAS) buildArea(g, area, rng.fork(`geo:${area.key}`), provinces63, provinces34, seenProvince);
  return g;
}

function buildArea(
  g: Geography,
  area: AreaConfig,
  rng: Rng,
  provinces63: FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>,
  provinces34: FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>,
  seenProvince: Set<string>,
) {
  const communes = readGeoJson(area.communesFile);
  const src = `demo: ${area.communesFile} (${communes.attribution ?? ""})`;
  // Provinces: the pre-2025 one and, if different, the post-2025 one.
  const preId = `p-${area.provincePre}`;
  const postId = `p-${area.provincePost}`;
  if (!seenProvince.has(preId)) {
    seenProvince.add(preId);
    const own = area.provinceFile ? (readGeoJson(area.provinceFile).features[0] as Poly) : null;
    const f = own ?? (provinces63.features.find((x) => x.properties.code === area.provincePre) as Poly);
    const p = f.properties;
    const same = area.provincePre === area.provincePost;
    g.units.push(
      unitRow(f, {
        id: preId,
        code: area.provincePre,
        level: "province",
        type: lc(String(p.type)).startsWith("thành phố") ? "thành phố" : "tỉnh",
        name: String(p.name),
        fullName: String(p.full_name),
        validFrom: "2004-01-01",
        validTo: same ? null : PRE_2025_TO,
        pop2019: (p.pop2019 as number) ?? null,
        source: own ? `demo: ${area.provinceFile}` : "demo: vietnam_provinces_63_pre2025.geojson (© Open Development Mekong, CC BY-SA 4.0)",
      }),
    );
    if (!same) {
      const f2 = provinces34.features.find((x) => x.properties.code === area.provincePost) as Poly;
      g.units.push(
        unitRow(f2, {
          id: postId,
          code: area.provincePost,
          level: "province",
          type: "tỉnh",
          name: String(f2.properties.name),
          fullName: String(f2.properties.full_name),
          validFrom: POST_2025_FROM,
          validTo: null,
          pop2019: null,
          source: "demo: vietnam_provinces_34_2025.geojson (© Open Development Mekong, CC BY-SA 4.0; NQ 202/2025/QH15)",
        }),
      );
      g.successions.push({ predecessorId: preId, successorId: postId, kind: "full", effective: POST_2025_FROM, legalBasis: "Nghị quyết 202/2025/QH15" });
    }
  }

  // Districts (pre-2025 only).
  const byDistrict = new Map<string, Poly[]>();
  for (const f of communes.features) {
    const dc = String(f.properties.district_code);
    byDistrict.set(dc, [...(byDistrict.get(dc) ?? []), f as Poly]);
  }
  const districtFile = area.districtsFile ? readGeoJson(area.districtsFile) : null;
  for (const [dc, members] of byDistrict) {
    const p = members[0]!.properties;
    const f = (districtFile?.features.find((x) => x.properties.code === dc) as Poly | undefined) ?? (unionAll(members) as Poly);
    g.units.push(
      unitRow(f, {
        id: `d-${dc}`,
        code: dc,
        level: "district",
        type: lc(String(p.district_type)),
        name: String(p.district_name),
        fullName: String(p.district_full_name),
        validFrom: "2004-01-01",
        validTo: PRE_2025_TO,
        pop2019: members.reduce((s, m) => s + Number(m.properties.pop2019), 0),
        source: src,
      }),
    );
    g.parents.push({ structure: "pre2025", childId: `d-${dc}`, parentId: preId });
  }

  // Pre-2025 communes.
  for (const f of communes.features) {
    const p = f.properties;
    const id = `c19-${p.code}`;
    g.communePolys.set(id, f as Poly);
    g.units.push(
      unitRow(
        f as Poly,
        {
          id,
          code: String(p.code),
          level: "commune",
          type: lc(String(p.type)),
          name: String(p.name),
          fullName: String(p.full_name),
          aliases: (COMMUNE_ALIASES[String(p.code)] ?? []).map(toNFC),
          validFrom: "2020-01-01",
          validTo: PRE_2025_TO,
          pop2019: Number(p.pop2019),
          source: src,
        },
        [Number(p.label_lon), Number(p.label_lat)],
      ),
    );
    g.parents.push({ structure: "pre2025", childId: id, parentId: `d-${p.district_code}` });
  }

  // Hamlets: counts per commune in proportion to population, with published district totals.
  const counts = hamletCounts(area, communes.features as Poly[]);
  for (const f of communes.features as Poly[]) {
    const p = f.properties;
    const code = String(p.code);
    const n = counts.get(code)!;
    const crng = rng.fork(`commune:${code}`);
    const seat: [number, number] = [Number(p.label_lon), Number(p.label_lat)];
    const sites = randomPointsInPolygon(f, n, crng.next, { minDistanceKm: 0.9 }).map((q) => q.geometry.coordinates as [number, number]);
    // The hamlet nearest the commune seat sits at the seat itself (the commune centre).
    let nearest = 0;
    sites.forEach((s, i) => {
      if (distance(s, seat) < distance(sites[nearest]!, seat)) nearest = i;
    });
    sites[nearest] = seat;
    const urban = ["phường", "thị trấn"].includes(lc(String(p.type)));
    const names = urban ? sites.map((_, i) => `Tổ dân phố ${i + 1}`) : hamletNames(area.key, code, n, crng);
    // Order by distance from the seat so "01" is the central hamlet; real names keep their own draw.
    const order = sites.map((_, i) => i).sort((a, b) => distance(sites[a]!, seat) - distance(sites[b]!, seat));
    const pts: Feature<Point, { i: number }>[] = order.map((i) => point(sites[i]!, { i }));
    // 5 decimals ≈ 1 m: as precise as a hamlet outline drawn from a point can be, and 40 % less to send.
    const cells = hamletCells(pts, f).map((c) => truncate(c, { precision: 5, coordinates: 2 }));
    const weights = order.map(() => crng.between(0.6, 1.4));
    const wsum = weights.reduce((s, w) => s + w, 0);
    order.forEach((i, k) => {
      const hcode = `${code}-${String(k + 1).padStart(2, "0")}`;
      const hid = `h-${hcode}`;
      const name = names[i]!;
      const type = urban ? "tổ dân phố" : area.hamletType;
      const cell = cells[k]!;
      g.units.push(
        unitRow(
          cell as Poly,
          {
            id: hid,
            code: hcode,
            level: "hamlet",
            type,
            name,
            fullName: name.startsWith("Tổ dân phố") ? name : `${type[0]!.toUpperCase()}${type.slice(1)} ${name}`,
            validFrom: "2020-01-01",
            validTo: null,
            pop2019: null,
            source: "demo: synthetic hamlet (point drawn in the real commune, Voronoi cell clipped to it)",
          },
          sites[i]!,
        ),
      );
      g.hamlets.push({
        id: hid,
        area: area.key,
        provinceId: preId,
        districtId: `d-${p.district_code}`,
        communeId: `c19-${code}`,
        newCommuneId: "",
        name,
        urban,
        site: sites[i]!,
        distanceKm: distance(sites[i]!, seat),
        popShare: weights[k]! / wsum,
        pop2019Commune: Number(p.pop2019),
        cell,
      });
      g.parents.push({ structure: "pre2025", childId: hid, parentId: `c19-${code}` });
    });
  }

  buildPost2025(g, area, communes.features as Poly[], postId);
}

/** Hamlet counts per commune: published district totals first, the rest by population (at least 2 each). */
function hamletCounts(area: AreaConfig, communes: Poly[]): Map<string, number> {
  const out = new Map<string, number>();
  const fixedDistricts = area.districtHamlets;
  const groups = new Map<string, Poly[]>();
  for (const f of communes) {
    const dc = String(f.properties.district_code);
    const key = dc in fixedDistricts ? dc : "*";
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const fixedSum = Object.values(fixedDistricts).reduce((s, n) => s + n, 0);
  for (const [key, members] of groups) {
    const total = key === "*" ? area.hamletTotal - fixedSum : fixedDistricts[key]!;
    const min = 2;
    const extra = apportion(
      total - min * members.length,
      members.map((m) => Number(m.properties.pop2019)),
    );
    members.forEach((m, i) => out.set(String(m.properties.code), min + extra[i]!));
  }
  return out;
}

/**
 * Post-2025 communes. Điện Biên's come from their own file (whole-commune merges). For Thường Xuân
 * and Đà Bắc, where one commune was split between two successors, each hamlet of the split commune
 * goes to the successor nearest to it, and the new commune's shape is the union of its hamlets.
 */
function buildPost2025(g: Geography, area: AreaConfig, communes: Poly[], postProvinceId: string) {
  const hamlets = g.hamlets.filter((h) => h.area === area.key);
  const newFile = area.newCommunesFile ? readGeoJson(area.newCommunesFile) : null;
  const newCodes = new Map<string, { name: string; type: string; legal: string }>();
  for (const f of communes) {
    const p = f.properties;
    const codes = String(p.new2025_code).split(";");
    const names = String(p.new2025_name).split(";");
    const types = String(p.new2025_type).split(";");
    codes.forEach((c, i) => {
      if (!newCodes.has(c)) newCodes.set(c, { name: names[i] ?? names[0]!, type: types[i] ?? types[0]!, legal: String(p.new2025_legal_basis ?? "") });
    });
    for (const c of codes) {
      g.successions.push({
        predecessorId: `c19-${p.code}`,
        successorId: `c25-${c}`,
        kind: codes.length > 1 ? "partial" : "full",
        effective: POST_2025_FROM,
        legalBasis: codes.length > 1 ? String(p.new2025_legal_basis ?? "") : String(p.new2025_legal_basis ?? "") || null,
      });
    }
  }
  // Where each successor lies: the seats of its whole predecessors (or a configured reference point).
  const anchor = new Map<string, [number, number]>();
  for (const f of communes) {
    const codes = String(f.properties.new2025_code).split(";");
    if (codes.length === 1 && !anchor.has(codes[0]!)) anchor.set(codes[0]!, [Number(f.properties.label_lon), Number(f.properties.label_lat)]);
  }
  for (const [code, pt] of Object.entries(area.successorReferencePoints ?? {})) anchor.set(code, pt);
  for (const h of hamlets) {
    const f = communes.find((c) => `c19-${c.properties.code}` === h.communeId)!;
    const codes = String(f.properties.new2025_code).split(";");
    const code =
      codes.length === 1 ? codes[0]! : codes.reduce((best, c) => (distance(h.site, anchor.get(c)!) < distance(h.site, anchor.get(best)!) ? c : best));
    h.newCommuneId = `c25-${code}`;
    g.parents.push({ structure: "post2025", childId: h.id, parentId: h.newCommuneId });
  }
  for (const [code, meta] of newCodes) {
    const id = `c25-${code}`;
    const own = newFile?.features.find((x) => x.properties.code === code) as Poly | undefined;
    const members = hamlets.filter((h) => h.newCommuneId === id);
    const shape = own ?? (unionAll(members.map((h) => h.cell)) as Poly);
    const label: [number, number] | undefined = own
      ? [Number(own.properties.label_lon), Number(own.properties.label_lat)]
      : area.successorReferencePoints?.[code]
        ? undefined
        : anchor.get(code);
    const note = own
      ? `demo: ${area.newCommunesFile}`
      : `demo: union of its hamlets in ${area.communesFile}${area.partialSuccessors?.includes(code) ? " (only the part inside the demo area)" : ""}`;
    const type = lc(own ? String(own.properties.type) : meta.type);
    g.units.push(
      unitRow(
        shape,
        {
          id,
          code,
          level: "commune",
          type,
          name: own ? String(own.properties.name) : meta.name,
          fullName: own ? String(own.properties.full_name) : `${type[0]!.toUpperCase()}${type.slice(1)} ${meta.name}`,
          validFrom: POST_2025_FROM,
          validTo: null,
          pop2019: own ? Number(own.properties.pop2019_predecessors) : null,
          source: note,
        },
        label,
      ),
    );
    g.parents.push({ structure: "post2025", childId: id, parentId: postProvinceId });
  }
}

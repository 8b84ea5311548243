import "server-only";
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import type { Feature, MultiPolygon, Point, Polygon } from "geojson";
import type { Db } from "../client";
import { rowsOf, type Scope } from "../queries/scope";
import { scopeUnits } from "../queries/sql/scope";
import { insertLogged, sitesInScope, unitsById, updateLogged } from "../queries/imports";
import { coverageJoin, labelPoint, bbox4, foldName, repairPolygon } from "../../geo";
import { orderLatLon } from "../../geo/lat-lon-order";
import type { SiteBackhaul, SiteKind, SitePower } from "../../geo/domain";
import { cellText, looksLikeFormula, looksLikeMarkup, parseCoordinate, type RawCell } from "./text/cells";
import { IngestError, problem, type Problem } from "./problems";
import { CONTROL_CHARS, MAX_PROPERTY_DEPTH, nestingDepth } from "./limits";
import type { DataRow, SheetLayout, SheetStats } from "./sheet";
import type { PlaceResolver } from "./places";
import type { Gazetteer } from "./match";
import type { Preview, SampleRow, UnitSummary } from "./types";
import { guessField, headerSignature } from "./vocabulary";

type Province = { id: string; name: string; bbox: [number, number, number, number] } | null;

export interface PointRow {
  row: number;
  lon: number | null;
  lat: number | null;
  polygon: Polygon | MultiPolygon | null;
  unitId: string | null;
  groupKey: string | null;
  siteKind: SiteKind | null;
  name: string;
  power: SitePower;
  backhaul: SiteBackhaul;
  error: boolean;
  /** Left out by the user (the row's "skip" decision, or "skip these rows" for its hamlet). */
  skip: boolean;
}

/** How site names and kind cells begin, per site kind (on folded text). */
const SITE_KIND_PATTERNS: [RegExp, SiteKind][] = [
  [/^(diem truong|truong|school|mam non|tieu hoc|thcs|pthcs|ptdt)/, "school"],
  [/^(nha van hoa|cultural|nvh)/, "cultural_house"],
  [/^(tru so|ubnd|uy ban|cong an|commune hq|commune_hq|police)/, "commune_hq"],
  [/^(tram y te|y te|health)/, "health_station"],
  [/^(wifi|wi fi|diem wi|diem wifi|wifi point|wifi_point)/, "wifi_point"],
];

/** "Trường", "Nhà văn hóa", "school", "wifi_point" … → a site kind. */
export function siteKindOf(text: string): SiteKind | null {
  const f = foldName(text)
    .replace(/[^a-z0-9 ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return SITE_KIND_PATTERNS.find(([re]) => re.test(f))?.[1] ?? null;
}
function powerOf(text: string): PointRow["power"] {
  const f = foldName(text);
  if (/mat troi|solar/.test(f)) return "solar";
  if (/luoi|grid|^co$|yes/.test(f)) return "grid";
  return "none";
}
function backhaulOf(text: string): PointRow["backhaul"] {
  const f = foldName(text);
  if (/quang|fiber|fibre|ftth/.test(f)) return "fiber";
  if (/4g|lte/.test(f)) return "4g";
  if (/3g/.test(f)) return "3g";
  return "none";
}

/**
 * Pass 1 for a site or hamlet-geometry row: the coordinates (lat/lon columns in either order, or
 * one "21.43, 103.12" column; the order is decided against the province's bounding box), the
 * place, and for sites the kind, name, power and backhaul.
 */
export function readPointRow(
  out: PointRow[],
  d: DataRow & { polygon?: Polygon | MultiPolygon | null },
  ctx: {
    kind: "sites" | "hamlets" | "indicators" | "targets";
    places: PlaceResolver;
    header: (f: string) => string;
    problems: Problem[];
    decisions: (row: number) => "accept" | "skip" | undefined;
    province: Province;
  },
) {
  const v = d.values;
  const p = ctx.problems;
  let error = false;
  let skip = ctx.decisions(d.row) === "skip";
  let a: number | null = null;
  let b: number | null = null;
  let coordCol = ctx.header("lat") || ctx.header("coords");
  if (v.coords !== undefined && v.coords !== null && cellText(v.coords) !== "") {
    const parts = cellText(v.coords)
      .split(/[;,\s]+/)
      .filter(Boolean);
    if (parts.length === 2) (a = parseCoordinate(parts[0]!)), (b = parseCoordinate(parts[1]!));
    coordCol = ctx.header("coords");
  } else {
    a = parseCoordinate((v.lat ?? null) as RawCell);
    b = parseCoordinate((v.lon ?? null) as RawCell);
  }
  let lon: number | null = null;
  let lat: number | null = null;
  let polygon = d.polygon ?? null;
  if (polygon) {
    // A hamlet outline: made valid as coverage polygons are (or rejected), and inside the province.
    const r = repairPolygon({ type: "Feature", properties: {}, geometry: polygon });
    if (!r.ok) {
      p.push(problem("geometryRejected", { row: d.row, column: "geometry", value: r.reason }, { reason: r.reason.replace(/:.*/, "") }));
      error = true;
      polygon = null;
    } else {
      if (r.repairs.length > 0) p.push(problem("geometryRepaired", { row: d.row, column: "geometry" }, { repairs: r.repairs.join(", ") }));
      polygon = r.feature.geometry;
      const [w, s, e, n] = bbox4(r.feature);
      const pb = ctx.province?.bbox;
      if (pb && (w < pb[0] || s < pb[1] || e > pb[2] || n > pb[3])) {
        p.push(
          problem(
            "outsideProvince",
            { row: d.row, column: "geometry", value: `${w.toFixed(3)}, ${s.toFixed(3)} … ${e.toFixed(3)}, ${n.toFixed(3)}` },
            { province: ctx.province!.name },
          ),
        );
        error = true;
      } else [lon, lat] = labelPoint(r.feature);
    }
  } else if (a === null || b === null) {
    p.push(
      problem("badCoordinate", {
        row: d.row,
        column: coordCol,
        value: cellText((v.coords ?? v.lat ?? null) as RawCell) + (v.lon !== undefined ? ` ${cellText((v.lon ?? null) as RawCell)}` : ""),
      }),
    );
    error = true;
  } else if (ctx.province) {
    const o = orderLatLon([a, b], ctx.province.bbox);
    if (o.order === "outside") {
      p.push(problem("outsideProvince", { row: d.row, column: coordCol, value: `${a}, ${b}` }, { province: ctx.province.name }));
      error = true;
    } else {
      [lon, lat] = o.lonLat;
      if (o.order === "lonLat") p.push(problem("latLonSwapped", { row: d.row, column: coordCol, value: `${a}, ${b}` }));
    }
  }
  const name = cellText((v.siteName ?? v.hamlet ?? null) as RawCell);
  if (looksLikeFormula(name)) p.push(problem("formulaLikeName", { row: d.row, column: ctx.header("siteName") || ctx.header("hamlet"), value: name }));
  if (looksLikeMarkup(name)) p.push(problem("markupInName", { row: d.row, column: ctx.header("siteName") || ctx.header("hamlet"), value: name }));
  let siteKind: SiteKind | null = null;
  let unitId: string | null = null;
  let groupKey: string | null = null;
  if (ctx.kind === "sites") {
    siteKind = siteKindOf(cellText((v.siteKind ?? null) as RawCell));
    if (!siteKind) {
      p.push(problem("badSiteKind", { row: d.row, column: ctx.header("siteKind"), value: cellText((v.siteKind ?? null) as RawCell) }));
      error = true;
    }
    if (name === "") {
      p.push(problem("missingValue", { row: d.row, column: ctx.header("siteName") }, { field: "siteName" }));
      error = true;
    }
    if (v.hamlet || v.hamletCode) {
      const place = ctx.places.resolve(d.row, v, d.sectionCommune);
      if (place.status === "unit" && place.level === "hamlet") unitId = place.unitId;
      else if (place.status === "open") groupKey = place.groupKey;
    }
  } else {
    const place = ctx.places.resolve(d.row, v, d.sectionCommune);
    if (place.status === "unit" && place.level === "hamlet") unitId = place.unitId;
    else if (place.status === "open" || place.status === "create") groupKey = place.groupKey;
    else if (place.status === "skip") skip = true;
    else {
      p.push(problem("missingValue", { row: d.row, column: ctx.header("hamlet") }, { field: "hamlet" }));
      error = true;
    }
  }
  out.push({
    row: d.row,
    lon,
    lat,
    polygon,
    unitId,
    groupKey,
    siteKind,
    name,
    power: powerOf(cellText((v.power ?? null) as RawCell)),
    backhaul: backhaulOf(cellText((v.backhaul ?? null) as RawCell)),
    error,
    skip,
  });
}

export interface PointPlan {
  siteInserts: Record<string, unknown>[];
  siteUpdates: Record<string, unknown>[];
  unitUpdates: Record<string, unknown>[];
  summary: Preview["summary"];
  perUnit: UnitSummary[];
  sample: SampleRow[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A stored or new outline as "west, south … east, north" (5 decimals ≈ 1 m), null when it is not a polygon. */
function outlineText(g: unknown): string | null {
  const geometry = (typeof g === "string" ? JSON.parse(g) : g) as Polygon | MultiPolygon | null;
  if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") return null;
  return bbox4({ type: "Feature", properties: {}, geometry })
    .map((x) => x.toFixed(5))
    .join(", ")
    .replace(/^([^,]+, [^,]+), /, "$1 … ");
}

/** Pass 2: sites are the same when kind, name and hamlet are; hamlets are compared on their point (and polygon). */
export async function planPoints({
  db,
  kind,
  rows,
  gaz,
  scope,
  createdIds,
  skipInvalid,
  problems,
  province,
}: {
  db: Db;
  kind: string;
  rows: PointRow[];
  gaz: Gazetteer;
  scope: Scope;
  createdIds: Map<string, string>;
  skipInvalid: boolean;
  problems: Problem[];
  province: Province;
}): Promise<PointPlan> {
  void problems;
  void province;
  const summary: Preview["summary"] = { rows: rows.length, new: 0, changed: 0, unchanged: 0, skipped: 0, blocking: 0 };
  const perUnit = new Map<string, UnitSummary>();
  const sample: SampleRow[] = [];
  const plan: PointPlan = { siteInserts: [], siteUpdates: [], unitUpdates: [], summary, perUnit: [], sample };
  const skipped = (r: PointRow) => {
    if (r.skip) summary.skipped++;
    return r.skip;
  };
  const count = (unitId: string | null, status: "new" | "changed" | "unchanged") => {
    summary[status]++;
    const u = unitId ? gaz.unit(unitId) : undefined;
    const c = u?.parentIds.map((x) => gaz.unit(x)).find((x) => x?.id.startsWith("c25-"));
    const key = c?.id ?? "—";
    if (!perUnit.has(key)) perUnit.set(key, { unitId: key, name: c ? `${c.type} ${c.name}` : "—", new: 0, changed: 0, unchanged: 0, skipped: 0 });
    perUnit.get(key)![status]++;
  };
  if (kind === "sites") {
    // Sites without a hamlet column take the hamlet whose polygon contains them.
    const needHamlet = rows.filter((r) => !r.skip && !r.error && !r.unitId && !r.groupKey && r.lon !== null);
    if (needHamlet.length > 0) {
      const res = await db.execute(sql`
        select u.id, u.geometry from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
        where u.geometry is not null and u.geometry->>'type' in ('Polygon', 'MultiPolygon')`);
      const hamlets = rowsOf<{ id: string; geometry: unknown }>(res).map((h) => ({
        id: h.id,
        f: {
          type: "Feature" as const,
          properties: {},
          geometry: (typeof h.geometry === "string" ? JSON.parse(h.geometry) : h.geometry) as Polygon | MultiPolygon,
        },
      }));
      const hits = coverageJoin(
        needHamlet.map((r) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [r.lon!, r.lat!] } }) as Feature<Point>),
        hamlets.map((h) => h.f),
      );
      needHamlet.forEach((r, i) => (r.unitId = hits[i]![0] !== undefined ? hamlets[hits[i]![0]!]!.id : null));
    }
    const stored = await sitesInScope({ db, scope });
    const key = (k: string, name: string, h: string | null) => `${k}|${foldName(name)}|${h ?? ""}`;
    const byKey = new Map(stored.map((s) => [key(String(s.kind), String(s.name), (s.hamlet_id as string | null) ?? null), s]));
    const seen = new Set<string>();
    for (const r of rows) {
      if (skipped(r)) continue;
      if (r.error || r.groupKey) {
        if (skipInvalid) summary.skipped++;
        else summary.blocking++;
        continue;
      }
      const k = key(r.siteKind!, r.name, r.unitId);
      if (seen.has(k)) continue;
      seen.add(k);
      const old = byKey.get(k);
      const next = {
        kind: r.siteKind,
        name: r.name.normalize("NFC"),
        hamlet_id: r.unitId,
        lon: round6(r.lon!),
        lat: round6(r.lat!),
        power: r.power,
        backhaul: r.backhaul,
      };
      let status: SampleRow["status"];
      const changes: Record<string, [unknown, unknown]> = {};
      if (!old) {
        status = "new";
        plan.siteInserts.push({ ...next, attrs: {}, import_id: null });
        for (const [f, x] of Object.entries(next)) changes[f] = [null, x];
      } else {
        for (const f of ["lon", "lat", "power", "backhaul"] as const)
          if (old[f] !== next[f] && !(typeof next[f] === "number" && Math.abs(Number(old[f]) - Number(next[f])) < 1e-7)) changes[f] = [old[f], next[f]];
        status = Object.keys(changes).length ? "changed" : "unchanged";
        if (status === "changed") plan.siteUpdates.push({ ...old, ...next });
      }
      count(r.unitId, status);
      if (status !== "unchanged" && sample.length < 200)
        sample.push({ row: r.row, unitId: r.unitId ?? "", unitName: r.name, key: r.siteKind!, status, changes });
    }
  } else {
    const ids = [...new Set(rows.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
    const stored = new Map((await unitsById({ db, ids })).map((u) => [String(u.id), u]));
    for (const r of rows) {
      if (skipped(r)) continue;
      const created = r.groupKey ? createdIds.get(r.groupKey) : undefined;
      if (r.error || (!r.unitId && !created)) {
        if (skipInvalid) summary.skipped++;
        else summary.blocking++;
        continue;
      }
      if (created) {
        count(null, "new");
        if (sample.length < 200)
          sample.push({ row: r.row, unitId: created, unitName: r.name, key: "", status: "new", changes: { lon: [null, r.lon], lat: [null, r.lat] } });
        continue;
      }
      const old = stored.get(r.unitId!)!;
      const next: Record<string, unknown> = { ...old, label_lon: round6(r.lon!), label_lat: round6(r.lat!) };
      if (r.polygon) {
        const [w, s, e, n] = bbox4({ type: "Feature", properties: {}, geometry: r.polygon });
        Object.assign(next, { geometry: r.polygon, bbox_west: w, bbox_south: s, bbox_east: e, bbox_north: n });
      }
      const changes: Record<string, [unknown, unknown]> = {};
      for (const f of ["label_lon", "label_lat"]) if (Math.abs(Number(old[f]) - Number(next[f])) > 1e-7) changes[f] = [old[f], next[f]];
      // The outline's change shown by its bounding box (old → new); a stored point or none shows as null.
      if (r.polygon && JSON.stringify(old.geometry) !== JSON.stringify(r.polygon)) changes.geometry = [outlineText(old.geometry), outlineText(r.polygon)];
      const status = Object.keys(changes).length ? "changed" : "unchanged";
      if (status === "changed") plan.unitUpdates.push(next);
      count(r.unitId, status);
      if (status !== "unchanged" && sample.length < 200)
        sample.push({ row: r.row, unitId: r.unitId!, unitName: String(old.full_name), key: "", status, changes });
    }
  }
  plan.perUnit = [...perUnit.values()];
  return plan;
}

export async function writePoints({ db, importId, plan, kind }: { db: Db; importId: number; plan: PointPlan; kind: string }): Promise<Record<string, number>> {
  if (kind === "sites") {
    if (plan.siteInserts.length) await insertLogged({ db, importId, tableName: "sites", rows: plan.siteInserts.map((s) => ({ ...s, import_id: importId })) });
    if (plan.siteUpdates.length) await updateLogged({ db, importId, tableName: "sites", rows: plan.siteUpdates.map((s) => ({ ...s, import_id: importId })) });
    return { sites: plan.siteInserts.length + plan.siteUpdates.length };
  }
  if (plan.unitUpdates.length) {
    await updateLogged({ db, importId, tableName: "admin_units", rows: plan.unitUpdates });
    // Hamlet points moved: their coverage status is recomputed through the geo/ join.
    const { recomputeInfrastructure } = await import("./coverage");
    await recomputeInfrastructure({ db, importId, hamletIds: plan.unitUpdates.map((u) => String(u.id)) });
  }
  return { admin_units: plan.unitUpdates.length };
}

/** The commune of the scope (a province, in the structure wanted) whose polygon contains a point. */
export async function communeAt({ db, scope, lon, lat }: { db: Db; scope: Scope; lon: number; lat: number }): Promise<string | null> {
  const res = await db.execute(sql`
    select u.id, u.geometry from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'commune'
    where u.geometry is not null
      and ${lon} between u.bbox_west and u.bbox_east and ${lat} between u.bbox_south and u.bbox_north`);
  const cands = rowsOf<{ id: string; geometry: unknown }>(res).map((r) => ({
    id: r.id,
    f: { type: "Feature" as const, properties: {}, geometry: (typeof r.geometry === "string" ? JSON.parse(r.geometry) : r.geometry) as Polygon | MultiPolygon },
  }));
  if (cands.length === 0) return null;
  const hit = coverageJoin(
    [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [lon, lat] } }],
    cands.map((c) => c.f),
  )[0]!;
  return hit[0] !== undefined ? cands[hit[0]]!.id : null;
}

/**
 * A GeoJSON file of sites (points) or hamlets (points or polygons) read as table rows: property
 * names are mapped like column headers; the geometry gives the coordinates.
 */
export async function readGeojsonPoints(
  path: string,
  kind: "sites" | "hamlets",
): Promise<{ layout: SheetLayout; data: AsyncGenerator<DataRow & { polygon?: Polygon | MultiPolygon | null }>; stats: SheetStats }> {
  let gj: { type?: string; features?: Feature[] };
  try {
    gj = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new IngestError("badGeojson", { detail: (err as Error).message.slice(0, 200) });
  }
  if (gj?.type !== "FeatureCollection" || !Array.isArray(gj.features)) throw new IngestError("badGeojson", { detail: "not a FeatureCollection" });
  if (gj.features.length === 0) throw new IngestError("noFeatures", {});
  // Properties nested absurdly deep (objects in objects …) are refused at their feature before anything walks them.
  const deep = gj.features.findIndex((f) => nestingDepth(f?.properties, MAX_PROPERTY_DEPTH) > MAX_PROPERTY_DEPTH);
  if (deep >= 0) throw new IngestError("nestedTooDeep", { max: MAX_PROPERTY_DEPTH }, { row: deep, column: "properties" });
  const props = [...new Set(gj.features.flatMap((f) => Object.keys(f?.properties ?? {})))];
  const columns = props.map((h, index) => {
    const field = guessField(kind, h);
    return { index, header: h, field, source: field ? ("auto" as const) : ("none" as const) };
  });
  const layout: SheetLayout = {
    headerRows: [],
    columns,
    titleLines: [],
    titleCommune: null,
    titleDate: null,
    signature: headerSignature(props),
    encoding: "GeoJSON (UTF-8)",
  };
  const stats: SheetStats = { blankRows: 0, totalsRows: [], dataRows: 0 };
  async function* data() {
    for (let i = 0; i < gj.features!.length; i++) {
      const f = gj.features![i]!;
      const values: Record<string, RawCell> = {};
      for (const c of columns) {
        if (!c.field) continue;
        const v = (f.properties?.[c.header] ?? null) as RawCell;
        // Control characters (NUL …) go, as from a table's cells: the dry run and the commit see the same text.
        values[c.field] = typeof v === "string" && CONTROL_CHARS.test(v) ? v.replace(new RegExp(CONTROL_CHARS.source, "g"), "") : v;
      }
      const g = f.geometry;
      let polygon: Polygon | MultiPolygon | null = null;
      if (g?.type === "Point") {
        values.lon = g.coordinates[0] ?? null;
        values.lat = g.coordinates[1] ?? null;
        delete values.coords;
      } else if (g?.type === "Polygon" || g?.type === "MultiPolygon") polygon = g;
      stats.dataRows++;
      yield { row: i, values, formulas: [], sectionCommune: null, polygon };
    }
  }
  return { layout, data: data(), stats };
}

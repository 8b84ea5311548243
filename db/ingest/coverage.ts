import "server-only";
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { DOMParser } from "@xmldom/xmldom";
import { kml as kmlToGeoJson } from "@tmcw/togeojson";
import { parseDbf, parseShp, combine } from "shpjs";
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from "geojson";
import type { Db } from "../client";
import { rowsOf, unitScope, type Scope } from "../queries/scope";
import { scopeProvinceId, scopeUnits } from "../queries/sql/scope";
import { coverageAt } from "../queries/coverage";
import { infrastructureAt, infrastructureDates, insertLogged, layerFeatures, upsertLogged } from "../queries/imports";
import { bbox4, foldName, hamletCoverage, hasFiber, type CoverageProps, type HamletCoverage } from "../../geo";
import { repairPolygonSteps, type RepairResult } from "../../geo/repair-polygon";
import { inflateZipEntries, zipEntriesOf, type ZipEntry } from "./archive";
import { MAX_PROPERTY_DEPTH, nestingDepth, Slicer } from "./limits";
import { IngestError, problem, type Problem } from "./problems";
import type { ImportRequest, Preview, Progress } from "./types";

type Province = { id: string; name: string; bbox: [number, number, number, number] } | null;

/**
 * Reads a coverage file — GeoJSON, KML, KMZ (zipped KML) or a zipped Shapefile (reprojected to
 * WGS84 by shpjs from its .prj) — into features. Throws an IngestError a person can act on.
 */
export async function readCoverageFile(path: string, format: string): Promise<Feature<Geometry | null>[]> {
  const bytes = await readFile(path);
  if (format === "geojson") {
    let gj: FeatureCollection | Feature | Geometry;
    try {
      gj = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
    } catch (err) {
      throw new IngestError("badGeojson", { detail: (err as Error).message.slice(0, 200) });
    }
    if (gj?.type === "FeatureCollection" && Array.isArray((gj as FeatureCollection).features)) return (gj as FeatureCollection).features;
    if (gj?.type === "Feature") return [gj as Feature];
    if (gj && typeof gj === "object" && "coordinates" in gj) return [{ type: "Feature", properties: {}, geometry: gj as Geometry }];
    throw new IngestError("badGeojson", { detail: `type ${String((gj as { type?: unknown })?.type)}` });
  }
  if (format === "kml" || format === "kmz") {
    let xml: string;
    if (format === "kmz") {
      // Only the KML is inflated (doc.kml by the KMZ convention, else the first .kml), capped.
      const kmls = zipEntriesOf(bytes).filter((e) => e.name.toLowerCase().endsWith(".kml") && !e.name.startsWith("__MACOSX"));
      const entry = kmls.find((e) => e.name.toLowerCase() === "doc.kml") ?? kmls[0];
      if (!entry) throw new IngestError("badKml", { detail: "no .kml inside the KMZ" });
      xml = new TextDecoder("utf-8").decode((await inflateZipEntries(bytes, [entry])).get(entry.name)!);
    } else xml = bytes.toString("utf8");
    let errors = 0;
    const dom = new DOMParser({ onError: (level: string) => void (level !== "warning" && errors++) }).parseFromString(xml, "text/xml");
    if (errors > 0 || !dom.getElementsByTagName("kml").length) throw new IngestError("badKml", { detail: "not a KML document" });
    return kmlToGeoJson(dom as unknown as Document).features as Feature<Geometry | null>[];
  }
  if (format === "zip") {
    // From the central directory: which layers (.shp) there are; only their .shp/.dbf/.prj/.cpg are inflated, capped.
    const entries = zipEntriesOf(bytes).filter((e) => !e.name.startsWith("__MACOSX") && !e.name.endsWith("/"));
    const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name.toLowerCase(), e]));
    const layers = entries.filter((e) => e.name.toLowerCase().endsWith(".shp")).map((e) => e.name.slice(0, -4).toLowerCase());
    if (layers.length === 0) throw new IngestError("shapefileIncomplete", { missing: ".shp" });
    const wanted = layers.flatMap((l) => [".shp", ".dbf", ".prj", ".cpg"].flatMap((ext) => byName.get(l + ext) ?? []));
    const files = await inflateZipEntries(bytes, wanted);
    const part = (l: string, ext: string) => {
      const e = byName.get(l + ext);
      return e ? files.get(e.name) : undefined;
    };
    try {
      return layers.flatMap((l) => {
        const prj = part(l, ".prj"),
          dbf = part(l, ".dbf"),
          cpg = part(l, ".cpg");
        const decode = (b: Uint8Array | undefined) => (b ? new TextDecoder("latin1").decode(b) : undefined);
        return combine([parseShp(part(l, ".shp")!, decode(prj)), dbf ? parseDbf(dbf, decode(cpg)) : undefined]).features;
      }) as Feature<Geometry | null>[];
    } catch (err) {
      throw new IngestError("corruptZip", { detail: (err as Error).message.slice(0, 200) });
    }
  }
  throw new IngestError("wrongType", { detected: format.toUpperCase() });
}

/** A feature's signal level from its properties (level, signal, mức sóng …): "weak" or "good". */
function levelOf(props: Record<string, unknown> | null | undefined): "good" | "weak" {
  for (const [k, v] of Object.entries(props ?? {})) {
    const key = foldName(k).replace(/[^a-z]/g, "");
    if (!["level", "signal", "mucsong", "cuongdo", "chatluong", "quality"].includes(key)) continue;
    const f = foldName(String(v));
    if (/weak|yeu|kem|thap|low/.test(f)) return "weak";
  }
  return "good";
}

const canonical = (features: { g: unknown; l: string | null }[]) => JSON.stringify(features.map((f) => ({ g: f.g, l: f.l })));

/**
 * Dry run of a coverage layer: features read, repaired or rejected (with the feature index),
 * tagged kind / operator / date, compared with the same layer if it was already delivered, and
 * the hamlets whose status would change at that date counted through the geo/ join.
 */
export async function analyseCoverage({
  db,
  req,
  format,
  province,
  problems,
  onProgress,
}: {
  db: Db;
  req: ImportRequest;
  format: string;
  province: Province;
  problems: Problem[];
  onProgress?: Progress;
}) {
  const tags = req.coverage ?? null;
  if (!tags || !province) throw new IngestError("missingContext", { what: !province ? "province" : "kind/operator/date" });
  if (tags.kind !== "grid" && !tags.operator) throw new IngestError("missingContext", { what: "operator" });
  if (tags.asOf > req.today) throw new IngestError("futureDate", { today: req.today });
  const raw = await readCoverageFile(req.filePath, format);
  if (raw.length === 0) throw new IngestError("noFeatures", {});
  await onProgress?.({ phase: "read", done: raw.length, total: raw.length });
  const { features, repaired, rejected, skipped } = await checkFeatures({ raw, req, tags, province, problems });
  const blocking = rejected - skipped;

  // The same layer delivered again?
  const existing = await layerFeatures({
    db,
    provinceId: province.id,
    kind: tags.kind,
    operator: tags.kind === "grid" ? null : tags.operator,
    asOf: tags.asOf,
  });
  const same = existing && canonical(existing.features) === canonical(features.map((f) => ({ g: f.geometry, l: f.properties.level })));

  // Hamlets whose status changes at the layer's date.
  let hamletsChanged = 0;
  if (!same) {
    // Coverage layers come per province: the layer's province, in the current structure.
    const scope = unitScope(province.id, "post2025");
    const current = await coverageAt({ db, scope, date: tags.asOf });
    const op = tags.kind === "grid" ? null : tags.operator;
    const others = current.filter((c) => !(c.kind === tags.kind && (c.operator ?? null) === op));
    const points = await hamletPointsOf(db, scope);
    const toF = (c: (typeof current)[number]): Feature<Polygon | MultiPolygon, CoverageProps> => ({
      type: "Feature",
      properties: { kind: c.kind, operator: c.operator, level: c.level },
      geometry: c.geometry,
    });
    const before = hamletCoverage(
      points.map((p) => p.f),
      current.map(toF),
    );
    const after = hamletCoverage(
      points.map((p) => p.f),
      [...others.map(toF), ...features],
    );
    hamletsChanged = before.filter((b, i) => storedStatus(b) !== storedStatus(after[i]!)).length;
  }
  const summary = { rows: raw.length, new: same ? 0 : 1, changed: 0, unchanged: same ? 1 : 0, skipped, blocking };
  if (features.length === 0 && !same) problems.push(problem("emptyLayer", {}));
  const preview: Partial<Preview> = {
    encoding: format === "zip" ? "Shapefile" : "UTF-8",
    summary,
    coverage: { features: features.length, repaired, rejected, hamletsChanged, tags, provinceId: province.id },
    perUnit: [
      { unitId: province.id, name: province.name, new: same ? 0 : features.length, changed: 0, unchanged: same ? features.length : 0, skipped: rejected },
    ],
  };
  const write = async (tx: Db, importId: number) => {
    const [layerId] = await insertLogged({
      db: tx,
      importId,
      tableName: "coverage_layers",
      rows: [
        {
          province_id: province.id,
          kind: tags.kind,
          operator: tags.kind === "grid" ? null : tags.operator,
          as_of: tags.asOf,
          source: `import: ${req.fileName}`,
          import_id: importId,
        },
      ],
    });
    const rows = features.map((f) => {
      const [w, s, e, n] = bbox4(f);
      return {
        layer_id: layerId,
        kind: f.properties.kind,
        operator: f.properties.operator,
        level: f.properties.level,
        as_of: tags.asOf,
        province_id: province.id,
        geometry: f.geometry,
        bbox_west: w,
        bbox_south: s,
        bbox_east: e,
        bbox_north: n,
        source: `import: ${req.fileName}`,
        import_id: importId,
      };
    });
    // Features go with their layer: deleting the layer (undo) cascades to them.
    for (let i = 0; i < rows.length; i += 500) {
      await tx.execute(sql`insert into coverage_features
          (layer_id, kind, operator, level, as_of, province_id, geometry, bbox_west, bbox_south, bbox_east, bbox_north, source, import_id)
        select layer_id, kind, operator, level, as_of, province_id, geometry, bbox_west, bbox_south, bbox_east, bbox_north, source, import_id
        from jsonb_populate_recordset(null::coverage_features, ${JSON.stringify(rows.slice(i, i + 500))}::jsonb)`);
    }
    const dates = [tags.asOf, ...(await infrastructureDates({ db: tx, scope: unitScope(province.id, "post2025"), from: tags.asOf }))];
    const changed = await recomputeInfrastructure({ db: tx, importId, provinceId: province.id, dates });
    return { coverage_layers: 1, coverage_features: rows.length, hamlet_infrastructure: changed };
  };
  return { preview, write };
}

/**
 * Each feature of a coverage file repaired or rejected (with its feature index), inside the
 * province, tagged kind / operator / level — in slices, with a turn of the event loop between them
 * (a 2-million-vertex polygon does not stop the server). No database.
 */
export async function checkFeatures({
  raw,
  req,
  tags,
  province,
  problems,
}: {
  raw: readonly Feature<Geometry | null>[];
  req: Pick<ImportRequest, "skipInvalid" | "decisions">;
  tags: NonNullable<ImportRequest["coverage"]>;
  province: NonNullable<Province>;
  problems: Problem[];
}) {
  const features: Feature<Polygon | MultiPolygon, CoverageProps>[] = [];
  let repaired = 0;
  let rejected = 0;
  // Rejected features the user chose to leave out: all of them, or one by one (by feature index).
  let skipped = 0;
  const reject = (i: number) => {
    rejected++;
    if (req.skipInvalid || req.decisions?.[String(i)] === "skip") skipped++;
  };
  // Feature by feature, the repair in slices: other requests get a turn at least every SLICE_MS.
  const slices = new Slicer();
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i]!;
    await slices.tick();
    const depth = nestingDepth(f && typeof f === "object" ? f.properties : null, MAX_PROPERTY_DEPTH);
    if (depth > MAX_PROPERTY_DEPTH) {
      reject(i);
      problems.push(problem("nestedTooDeep", { row: i, column: "properties" }, { max: MAX_PROPERTY_DEPTH }));
      continue;
    }
    const r: RepairResult = await slices.run(
      repairPolygonSteps(f && typeof f === "object" && f.type === "Feature" ? f : { type: "Feature", properties: {}, geometry: null }),
    );
    if (!r.ok) {
      reject(i);
      const code = r.reason.startsWith("notPolygon") ? "notPolygon" : "geometryRejected";
      problems.push(problem(code, { row: i, column: "geometry", value: r.reason.replace(/^notPolygon:/, "") }, { reason: r.reason.replace(/:.*/, "") }));
      continue;
    }
    if (r.repairs.length > 0) {
      repaired++;
      problems.push(problem("geometryRepaired", { row: i, column: "geometry" }, { repairs: r.repairs.join(", ") }));
    }
    const [w, s, e, n] = bbox4(r.feature);
    const pb = province.bbox;
    if (e < pb[0] - 0.5 || w > pb[2] + 0.5 || n < pb[1] - 0.5 || s > pb[3] + 0.5) {
      reject(i);
      problems.push(
        problem(
          "outsideProvince",
          { row: i, column: "geometry", value: `${w.toFixed(3)}, ${s.toFixed(3)} … ${e.toFixed(3)}, ${n.toFixed(3)}` },
          { province: province.name },
        ),
      );
      continue;
    }
    const mobile = tags.kind === "2g" || tags.kind === "3g" || tags.kind === "4g";
    features.push({
      type: "Feature",
      properties: { kind: tags.kind, operator: tags.kind === "grid" ? null : tags.operator, level: mobile ? levelOf(f.properties) : null },
      geometry: r.feature.geometry,
    });
  }
  return { features, repaired, rejected, skipped };
}

/** A hamlet's status as hamlet_infrastructure keeps it (fiber from any operator, not per operator). */
function storedStatus(s: HamletCoverage): string {
  return JSON.stringify({ grid: s.grid, fiber: hasFiber(s), signal: s.signal });
}

async function hamletPointsOf(db: Db, scope: Scope, only?: readonly string[]) {
  const res = await db.execute(sql`
    select u.id, u.label_lon as lon, u.label_lat as lat from ${scopeUnits(scope)} c join admin_units u on u.id = c.id and u.level = 'hamlet'
    where u.label_lon is not null order by u.id`);
  return rowsOf<{ id: string; lon: number; lat: number }>(res)
    .filter((r) => !only || only.includes(r.id))
    .map((r) => ({
      id: r.id,
      f: { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [Number(r.lon), Number(r.lat)] } } as Feature<Point>,
    }));
}

/**
 * Recomputes hamlet_infrastructure through the geo/ join (hamletCoverage) at the given dates (or
 * every date the hamlets have), for a province's hamlets or only some; writes only rows that
 * change, logged for undo. Rows from a field survey are left alone.
 */
export async function recomputeInfrastructure({
  db,
  importId,
  provinceId,
  dates,
  hamletIds,
}: {
  db: Db;
  importId: number;
  provinceId?: string;
  dates?: string[];
  hamletIds?: string[];
}): Promise<number> {
  let province = provinceId;
  if (!province) {
    const res = await db.execute(sql`select p.ancestor_id as id from ${scopeProvinceId(unitScope(hamletIds![0]!, "post2025"))} p limit 1`);
    province = rowsOf<{ id: string }>(res)[0]?.id;
    if (!province) return 0;
  }
  const scope = unitScope(province, "post2025");
  const ds = dates ?? (await infrastructureDates({ db, scope, from: "1900-01-01" }));
  const points = await hamletPointsOf(db, scope, hamletIds);
  const rows: Record<string, unknown>[] = [];
  for (const date of ds) {
    const polys = (await coverageAt({ db, scope, date })).map((c) => ({
      type: "Feature" as const,
      properties: { kind: c.kind, operator: c.operator, level: c.level },
      geometry: c.geometry,
    }));
    const status = hamletCoverage(
      points.map((p) => p.f),
      polys,
    );
    const stored = new Map((await infrastructureAt({ db, scope, date })).map((r) => [String(r.hamlet_id), r]));
    points.forEach((p, i) => {
      const s = status[i]!;
      const old = stored.get(p.id);
      if (old?.source === "survey") return;
      const next = { hamlet_id: p.id, as_of: date, grid: s.grid, fiber: hasFiber(s), signal: s.signal, source: "coverage_join" };
      if (old && old.grid === next.grid && old.fiber === next.fiber && JSON.stringify(sortKeys(old.signal)) === JSON.stringify(sortKeys(next.signal))) return;
      rows.push(next);
    });
  }
  if (rows.length > 0) await upsertLogged({ db, importId, tableName: "hamlet_infrastructure", rows });
  return rows.length;
}

function sortKeys(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.keys(v as object)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

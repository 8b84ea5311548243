import "server-only";
import { readFile } from "node:fs/promises";
import { DOMParser } from "@xmldom/xmldom";
import { kml as kmlToGeoJson } from "@tmcw/togeojson";
import { parseDbf, parseShp, combine } from "shpjs";
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from "geojson";
import { bbox4, foldName, type CoverageProps } from "../../geo";
import { repairPolygonSteps, type RepairResult } from "../../geo/repair-polygon";
import { inflateZipEntries, zipEntriesOf, type ZipEntry } from "./archive";
import { MAX_PROPERTY_DEPTH, nestingDepth, Slicer } from "./limits";
import { IngestError, problem, type Problem } from "./problems";
import type { ImportRequest } from "./types";

/**
 * A coverage file read and its features checked — no database: what the analysis worker runs
 * (db/ingest/worker/), and what db/ingest/coverage.ts runs in the thread when asked to.
 */

export type Province = { id: string; name: string; bbox: [number, number, number, number] } | null;

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
  onFeature,
}: {
  raw: readonly Feature<Geometry | null>[];
  req: Pick<ImportRequest, "skipInvalid" | "decisions">;
  tags: NonNullable<ImportRequest["coverage"]>;
  province: NonNullable<Province>;
  problems: Problem[];
  /** Called as each feature's check begins (the worker reports where it is). */
  onFeature?: (index: number) => void;
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
    onFeature?.(i);
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

import "server-only";
import { sql } from "drizzle-orm";
import type { Feature, Point } from "geojson";
import type { Db } from "../client";
import { rowsOf, unitScope, type Scope } from "../queries/scope";
import { scopeProvinceId, scopeUnits } from "../queries/sql/scope";
import { coverageAt } from "../queries/coverage";
import { infrastructureAt, infrastructureDates, insertLogged, layerFeatures, upsertLogged } from "../queries/imports";
import { hamletCoverage, hasFiber } from "../../geo";
import type { Province } from "./coverage-file";
import { IngestError, problem, type Problem } from "./problems";
import type { ImportRequest, Preview, Progress } from "./types";
import { runAnalysis } from "./worker/pool";
import type { CoverageInput, CoverageOutput } from "./worker/tasks";

export { checkFeatures, readCoverageFile } from "./coverage-file";

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
  // What the analysis needs from the database, read first; the file is read, checked and joined
  // in the analysis worker (./worker/), which gives back the kept features' geometry as JSON text.
  const existing = await layerFeatures({
    db,
    provinceId: province.id,
    kind: tags.kind,
    operator: tags.kind === "grid" ? null : tags.operator,
    asOf: tags.asOf,
  });
  // Coverage layers come per province: the layer's province, in the current structure.
  const scope = unitScope(province.id, "post2025");
  const current = await coverageAt({ db, scope, date: tags.asOf });
  const points = await hamletPointsOf(db, scope);
  const input: CoverageInput = {
    filePath: req.filePath,
    fileName: req.fileName,
    format,
    req: { skipInvalid: req.skipInvalid, decisions: req.decisions },
    tags,
    province,
    existing: existing ? existing.features.map((f) => ({ g: f.g, l: f.l })) : null,
    current: current.map((c) => ({ type: "Feature", properties: { kind: c.kind, operator: c.operator, level: c.level }, geometry: c.geometry })),
    points: points.map((p) => p.f.geometry.coordinates as [number, number]),
  };
  const out = await runAnalysis<CoverageOutput>("coverage", input, { fileName: req.fileName });
  if (out.features === 0) throw new IngestError("noFeatures", {});
  await onProgress?.({ phase: "read", done: out.features, total: out.features });
  problems.push(...out.problems);
  const { kept: features, repaired, rejected, skipped, same, hamletsChanged } = out;
  const blocking = rejected - skipped;
  const summary = { rows: out.features, new: same ? 0 : 1, changed: 0, unchanged: same ? 1 : 0, skipped, blocking };
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
    // Each row as JSON text, its geometry spliced in as the worker wrote it (not parsed again here).
    const rows = features.map((f) => {
      const [w, s, e, n] = f.bbox;
      const row = JSON.stringify({
        layer_id: layerId,
        kind: f.kind,
        operator: f.operator,
        level: f.level,
        as_of: tags.asOf,
        province_id: province.id,
        bbox_west: w,
        bbox_south: s,
        bbox_east: e,
        bbox_north: n,
        source: `import: ${req.fileName}`,
        import_id: importId,
      });
      return `${row.slice(0, -1)},"geometry":${f.geometry}}`;
    });
    // Features go with their layer: deleting the layer (undo) cascades to them.
    for (let i = 0; i < rows.length; i += 500) {
      await tx.execute(sql`insert into coverage_features
          (layer_id, kind, operator, level, as_of, province_id, geometry, bbox_west, bbox_south, bbox_east, bbox_north, source, import_id)
        select layer_id, kind, operator, level, as_of, province_id, geometry, bbox_west, bbox_south, bbox_east, bbox_north, source, import_id
        from jsonb_populate_recordset(null::coverage_features, ${`[${rows.slice(i, i + 500).join(",")}]`}::jsonb)`);
    }
    const dates = [tags.asOf, ...(await infrastructureDates({ db: tx, scope: unitScope(province.id, "post2025"), from: tags.asOf }))];
    const changed = await recomputeInfrastructure({ db: tx, importId, provinceId: province.id, dates });
    return { coverage_layers: 1, coverage_features: rows.length, hamlet_infrastructure: changed };
  };
  return { preview, write };
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

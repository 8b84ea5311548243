import { sql, inArray } from "drizzle-orm";
import type { Db } from "../client";
import {
  adminUnits,
  adminParents,
  adminSuccessions,
  hamletSnapshots,
  coverageLayers,
  coverageFeatures,
  hamletInfrastructure,
  targets,
  unitFigures,
  sites,
  importRecords,
} from "../schema";
import { rebuildClosure } from "../queries/admin";
import { bbox4, hasFiber } from "../../geo";
import { generateDemo, type DemoData } from "./generate";

export type SeedOutcome = { status: "seeded"; counts: Record<string, number>; ms: number } | { status: "already-seeded"; importId: number };

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Inserts rows in chunks (PostgreSQL allows 65,535 parameters per statement). */
async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (const chunk of chunks(rows, size)) await insert(chunk);
}

/**
 * Writes the demo data in one transaction, unless this very demo (same generator version and
 * seed) is already there. A database holding a different demo is re-seeded; one holding imported
 * (non-demo) data is left alone with an error.
 */
export async function seedDemo({ db, data, importedBy = "demo-generator" }: { db: Db; data?: DemoData; importedBy?: string }): Promise<SeedOutcome> {
  const t0 = performance.now();
  const existing = await db.select({ id: importRecords.id, kind: importRecords.kind, sha256: importRecords.sha256 }).from(importRecords);
  const demo = data ?? generateDemo();
  const same = existing.find((r) => r.kind === "demo" && r.sha256 === demo.fingerprint);
  if (same) return { status: "already-seeded", importId: same.id };
  if (existing.some((r) => r.kind !== "demo")) {
    throw new Error("The database holds imported data; refusing to replace it with the demo. Use an empty database (another PGLITE_DIR or DATABASE_URL).");
  }
  const counts: Record<string, number> = {
    admin_units: demo.units.length,
    admin_parents: demo.parents.length,
    admin_successions: demo.successions.length,
    hamlet_snapshots: demo.snapshots.length,
    coverage_layers: new Set(demo.coverage.map((f) => `${f.provinceId}|${f.kind}|${f.operator}|${f.version}`)).size,
    coverage_features: demo.coverage.length,
    hamlet_infrastructure: demo.hamletInfrastructure.length,
    targets: demo.targets.length,
    unit_figures: demo.unitFigures.length,
    sites: demo.sites.length,
  };
  await db.transaction(async (tx) => {
    if (existing.length > 0)
      await wipeDemo(
        tx as unknown as Db,
        existing.map((r) => r.id),
      );
    const [rec] = await tx
      .insert(importRecords)
      .values({
        kind: "demo",
        fileName: "db/demo (generated)",
        sha256: demo.fingerprint,
        importedBy,
        counts,
        details: {
          generator: "db/demo/generate.ts",
          version: demo.version,
          seed: demo.seed,
          note: "synthetic demo data calibrated to db/demo/data/published-figures.csv",
        },
      })
      .returning({ id: importRecords.id });
    const importId = rec!.id;
    await insertChunked(demo.units, 200, (c) => tx.insert(adminUnits).values(c));
    await insertChunked(demo.parents, 2000, (c) => tx.insert(adminParents).values(c));
    await insertChunked(demo.successions, 1000, (c) => tx.insert(adminSuccessions).values(c));
    await rebuildClosure({ db: tx as unknown as Db });
    await insertChunked(
      demo.snapshots.map((s) => ({ ...s, importId })),
      2000,
      (c) => tx.insert(hamletSnapshots).values(c),
    );
    // One layer per delivered (province, kind, operator, version), then its features.
    const COVERAGE_SOURCE = "demo: synthetic service areas (circles around sites) built to match the hamlet status";
    const layerKey = (f: { provinceId: string; kind: string; operator: string | null; version: string }) =>
      `${f.provinceId}|${f.kind}|${f.operator ?? ""}|${f.version}`;
    const layerDefs = new Map(demo.coverage.map((f) => [layerKey(f), f]));
    const layerIds = new Map<string, number>();
    for (const chunk of chunks([...layerDefs.values()], 500)) {
      const ids = await tx
        .insert(coverageLayers)
        .values(chunk.map((f) => ({ provinceId: f.provinceId, kind: f.kind, operator: f.operator, asOf: f.version, source: COVERAGE_SOURCE, importId })))
        .returning({ id: coverageLayers.id });
      chunk.forEach((f, i) => layerIds.set(layerKey(f), ids[i]!.id));
    }
    await insertChunked(
      demo.coverage.map((f) => {
        const [w, s, e, n] = bbox4({ type: "Feature", properties: {}, geometry: f.geometry });
        return {
          layerId: layerIds.get(layerKey(f))!,
          kind: f.kind,
          operator: f.operator,
          level: f.level,
          asOf: f.version,
          provinceId: f.provinceId,
          geometry: f.geometry,
          bboxWest: w,
          bboxSouth: s,
          bboxEast: e,
          bboxNorth: n,
          source: COVERAGE_SOURCE,
          importId,
        };
      }),
      500,
      (c) => tx.insert(coverageFeatures).values(c),
    );
    await insertChunked(
      demo.hamletInfrastructure.map((h) => ({
        hamletId: h.hamletId,
        asOf: h.asOf,
        grid: h.status.grid,
        fiber: hasFiber(h.status),
        signal: h.status.signal,
        source: "coverage_join" as const,
      })),
      2000,
      (c) => tx.insert(hamletInfrastructure).values(c),
    );
    await insertChunked(
      demo.targets.map((t) => ({ ...t, importId })),
      1000,
      (c) => tx.insert(targets).values(c),
    );
    await insertChunked(
      demo.unitFigures.map((f) => ({ ...f, importId })),
      1000,
      (c) => tx.insert(unitFigures).values(c),
    );
    await insertChunked(
      demo.sites.map((s) => ({ ...s, importId })),
      1000,
      (c) => tx.insert(sites).values(c),
    );
  });
  // Fresh tables have no statistics: without them the planner guesses one row everywhere.
  await db.execute(sql`analyze`);
  return { status: "seeded", counts, ms: Math.round(performance.now() - t0) };
}

/** Removes a previous demo: its import records and every unit it created (rows referencing them cascade). */
async function wipeDemo(db: Db, importIds: number[]) {
  await db.delete(sites).where(inArray(sites.importId, importIds));
  await db.delete(adminUnits).where(sql`${adminUnits.source} like 'demo:%'`);
  await db.delete(importRecords).where(inArray(importRecords.id, importIds));
}

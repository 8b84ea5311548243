// The analysis worker (db/ingest/worker/): the CPU-heavy steps of an import's analysis run in a
// worker thread of the pool, not in this thread — asserted structurally (the functions that do
// the work are spied on in this thread and are not called; the pool started a worker), with the
// same results as the same task run in this thread; and each task is bounded in time and memory.
// Not a timing test: the one timer check has bounds far from what it measures.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { Feature, Polygon } from "geojson";
import * as coverageFile from "@/db/ingest/coverage-file";
import * as sheetModule from "@/db/ingest/sheet";
import { IngestError, type Problem } from "@/db/ingest/problems";
import { analysisWorkersStarted, configureAnalysis, runAnalysis } from "@/db/ingest/worker/pool";
import { readTableInWorker } from "@/db/ingest/worker/table";
import type { CoverageInput, CoverageOutput } from "@/db/ingest/worker/tasks";
import { star } from "../../bench/shapes";

// The same modules, with their work counted when it runs in this thread.
vi.mock("@/db/ingest/coverage-file", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/db/ingest/coverage-file")>();
  return { ...m, checkFeatures: vi.fn(m.checkFeatures), readCoverageFile: vi.fn(m.readCoverageFile) };
});
vi.mock("@/db/ingest/sheet", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/db/ingest/sheet")>();
  return { ...m, readSheet: vi.fn(m.readSheet) };
});

const tmp = mkdtempSync(path.join(tmpdir(), "gapmap-worker-test-"));
const defaults = configureAnalysis({});
afterEach(() => {
  configureAnalysis(defaults);
  vi.mocked(coverageFile.checkFeatures).mockClear();
  vi.mocked(coverageFile.readCoverageFile).mockClear();
  vi.mocked(sheetModule.readSheet).mockClear();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const square = (lon: number, lat: number, d = 0.02): Feature<Polygon> => ({
  type: "Feature",
  properties: { level: "yếu" },
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
    ],
  },
});
const bowtie: Feature<Polygon> = {
  type: "Feature",
  properties: {},
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [103.0, 21.3],
        [103.1, 21.4],
        [103.1, 21.3],
        [103.0, 21.4],
        [103.0, 21.3],
      ],
    ],
  },
};

function coverageInput(name: string, features: Feature[]): CoverageInput {
  const filePath = path.join(tmp, name);
  writeFileSync(filePath, JSON.stringify({ type: "FeatureCollection", features }));
  return {
    filePath,
    fileName: name,
    format: "geojson",
    req: {},
    tags: { kind: "4g", operator: "viettel", asOf: "2026-01-15" },
    province: { id: "p-11", name: "Điện Biên", bbox: [102, 20.5, 104, 22.5] },
    existing: null,
    current: [],
    points: [
      [103.02, 21.35],
      [103.205, 21.405],
      [103.9, 22.4],
    ],
  };
}

describe("a coverage file's analysis runs in the worker", () => {
  it("reads, repairs and joins there (not in this thread), with the same result as in this thread", async () => {
    const input = coverageInput("three.geojson", [square(103.2, 21.4), bowtie, square(110, 10)]);
    const before = analysisWorkersStarted();
    const inWorker = await runAnalysis<CoverageOutput>("coverage", input, { fileName: "three.geojson" });
    expect(coverageFile.readCoverageFile).not.toHaveBeenCalled();
    expect(coverageFile.checkFeatures).not.toHaveBeenCalled();
    expect(analysisWorkersStarted()).toBeGreaterThanOrEqual(before + (before === 0 ? 1 : 0));
    expect(analysisWorkersStarted()).toBeGreaterThan(0);
    // The result: the bow tie repaired, the square far away rejected, the join counted.
    expect(inWorker).toMatchObject({ features: 3, repaired: 1, rejected: 1, same: false, hamletsChanged: 2 });
    expect(inWorker.kept).toHaveLength(2);
    // The geometry as JSON text, as repairPolygon gives it (coordinates rounded to 1e-7°).
    expect(JSON.parse(inWorker.kept[0]!.geometry)).toMatchObject({ type: "Polygon", coordinates: [expect.any(Array)] });
    expect(JSON.parse(inWorker.kept[0]!.geometry).coordinates[0][2]).toEqual([103.22, 21.42]);
    expect(inWorker.problems.map((p) => `${p.code}@${p.row}`)).toEqual(["geometryRepaired@1", "outsideProvince@2"]);

    configureAnalysis({ mode: "inline" });
    const inThread = await runAnalysis<CoverageOutput>("coverage", input, { fileName: "three.geojson" });
    expect(coverageFile.checkFeatures).toHaveBeenCalledTimes(1);
    expect(inThread).toEqual(inWorker);
  });

  it("this thread keeps answering timers while the worker repairs a 200k-vertex polygon", async () => {
    const input = coverageInput("star-200k.geojson", [star(200_000)]);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const out = await runAnalysis<CoverageOutput>("coverage", input, { fileName: "star-200k.geojson" }).finally(() => clearInterval(timer));
    expect(out.repaired).toBe(1);
    // The repair alone takes ≈ 2 s of CPU; a blocked thread would have ticked about once.
    expect(ticks).toBeGreaterThan(20);
    expect(coverageFile.checkFeatures).not.toHaveBeenCalled();
  });

  it("past the time limit the worker is stopped and the file refused, naming the feature; the pool goes on", async () => {
    // A warm worker first, so that the limit is spent on the file, not on starting the worker.
    await runAnalysis("coverage", coverageInput("warm.geojson", [square(103.2, 21.4)]), { fileName: "warm.geojson" });
    const input = coverageInput("slow.geojson", [square(103.2, 21.4), star(500_000)]);
    configureAnalysis({ timeLimitMs: 1500 });
    const err = await runAnalysis("coverage", input, { fileName: "slow.geojson" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    // Seconds of CPU for the star's repair (feature 1: 500k vertices, the sweep's worst case), past
    // 1.5 s; reading the 12 MB file takes ≈ 0.2 s.
    expect((err as IngestError).toProblem()).toMatchObject({ code: "featureTooComplex", row: 1, params: { file: "slow.geojson", seconds: 2 } });
    configureAnalysis(defaults);
    const next = await runAnalysis<CoverageOutput>("coverage", coverageInput("after.geojson", [bowtie]), { fileName: "after.geojson" });
    expect(next.repaired).toBe(1);
  });

  it("past the memory limit the worker is stopped and the file refused (KML); a GeoJSON file too big for the heap is refused before it is parsed", async () => {
    // 64 MB: enough to start a worker, not to hold a 1 M-vertex polygon.
    configureAnalysis({ maxHeapMb: 64 });
    const ring = star(1_000_000).geometry.coordinates[0]!;
    const kml = path.join(tmp, "big.kml");
    writeFileSync(
      kml,
      `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => p.join(",")).join(" ")}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`,
    );
    const input = { ...coverageInput("unused.geojson", []), filePath: kml, fileName: "big.kml", format: "kml" };
    const err = await runAnalysis("coverage", input, { fileName: "big.kml" }).catch((e: unknown) => e);
    expect((err as IngestError).toProblem()).toMatchObject({ code: "analysisMemory", params: { file: "big.kml", mb: 64 } });
    // The same polygon as GeoJSON (≈ 25 MB): refused from its size, JSON.parse never starts.
    const big = coverageInput("big.geojson", [star(1_000_000)]);
    const err2 = await runAnalysis("coverage", big, { fileName: "big.geojson" }).catch((e: unknown) => e);
    expect((err2 as IngestError).toProblem()).toMatchObject({ code: "analysisMemory", params: { file: "big.geojson", mb: 64 } });
    // With the default limit the pool works again.
    configureAnalysis(defaults);
    expect((await runAnalysis<CoverageOutput>("coverage", coverageInput("small.geojson", [bowtie]), { fileName: "small.geojson" })).repaired).toBe(1);
  });
});

describe("a table is read in the worker", () => {
  /** Reads a CSV through readTableInWorker: its rows, problems (in order) and stats. */
  async function read(file: string, problems: Problem[] = []) {
    const t = await readTableInWorker({ filePath: file, fileName: path.basename(file), format: "csv", kind: "indicators", problems });
    const rows = [];
    try {
      for await (const d of t.data) rows.push(d);
    } finally {
      t.release();
    }
    return { layout: t.layout, rows, problems, stats: t.stats, conversions: t.conversions(), counts: t.counts };
  }

  it("5,000 rows with control characters here and there: the same rows, problems in the same order and stats as in this thread", async () => {
    const lines = ["Xã,Thôn,Số người đủ điều kiện,Đã kích hoạt"];
    for (let i = 0; i < 5000; i++) lines.push(`Mường Luân,${i % 997 === 0 ? "Bản\u0007 Co" : `Bản ${i}`},${100 + (i % 7)},${i % 50}`);
    lines.push("", "Tổng cộng,,500000,1000");
    const file = path.join(tmp, "rows.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const inWorker = await read(file);
    expect(sheetModule.readSheet).not.toHaveBeenCalled();
    expect(inWorker.rows).toHaveLength(5000);
    expect(inWorker.problems.filter((p) => p.code === "controlChars").map((p) => p.row)).toEqual([2, 999, 1996, 2993, 3990, 4987]);
    configureAnalysis({ mode: "inline" });
    const inThread = await read(file);
    expect(sheetModule.readSheet).toHaveBeenCalledTimes(1);
    expect(inWorker).toEqual(inThread);
  });

  it("a 5 MB cell refuses the file at its row and column, after the problems found before it", async () => {
    const file = path.join(tmp, "big-cell.csv");
    writeFileSync(file, `Xã,Thôn,Số người đủ điều kiện,Đã kích hoạt\nMường Luân,Bản\u0001 A,1,1\nMường Luân,"${"x".repeat(5_000_000)}",1,1\n`);
    const problems: Problem[] = [];
    const err = await read(file, problems).catch((e: unknown) => e);
    expect((err as IngestError).toProblem()).toMatchObject({ code: "cellTooLong", row: 3, column: "B", params: { length: 5_000_000 } });
    expect(problems.map((p) => `${p.code}@${p.row}`)).toEqual(["controlChars@2"]);
  });
});

// npx vitest bench --run bench/repair-polygon.bench.ts — polygon repair (geo/repair-polygon.ts) on
// generated star polygons of 5k … 2M vertices with a few self-intersections, against baselines in
// the same run: reading the coordinates once (turf area) and, up to 20k vertices, turf's
// O(n²) kinks check that the repair used before. Also: the longest event-loop stall while a 2 M
// vertex GeoJSON file is read and analysed (db/ingest/coverage.ts: readCoverageFile, checkFeatures).
// The machine is shared: the load average is printed with the figures.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, bench, describe } from "vitest";
import { area, kinks } from "@turf/turf";
import { blob, star } from "./shapes";
import { repairPolygon } from "../geo";
import { checkFeatures, readCoverageFile } from "../db/ingest/coverage";
import type { Problem } from "../db/ingest/problems";

const ms = (t0: number) => Math.round(performance.now() - t0);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");
function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: ms(t0), value };
}

// --- The event loop while a 2 M-vertex GeoJSON file is read and analysed (first: a fresh heap) -----
const dir = mkdtempSync(path.join(tmpdir(), "gapmap-bench-repair-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
{
  const file = path.join(dir, "coverage-2m.geojson");
  const big = blob(2_000_000);
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [big, star(5_000), star(20_000)] }));
  const stall = async <T>(f: () => Promise<T>) => {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const t0 = performance.now();
    const value = await f();
    const took = ms(t0);
    // One more turn so that the last slice's delay is recorded.
    await new Promise((r) => setTimeout(r, 20));
    h.disable();
    return { took, maxStallMs: Math.round(h.max / 1e6), p99Ms: Math.round(h.percentile(99) / 1e6), value };
  };
  const read = await stall(() => readCoverageFile(file, "geojson"));
  const problems: Problem[] = [];
  const province = { id: "p-11", name: "Điện Biên", bbox: [102, 20.5, 104, 22.5] as [number, number, number, number] };
  const checked = await stall(() =>
    checkFeatures({ raw: read.value, req: {}, tags: { kind: "4g", operator: "viettel", asOf: "2026-01-15" }, province, problems }),
  );
  console.log(
    `\n2 M-vertex GeoJSON file (a blob; ${(JSON.stringify(big).length / 1e6).toFixed(0)} MB, 3 features):` +
      `\n  read (JSON.parse): ${read.took} ms, longest event-loop stall ${read.maxStallMs} ms` +
      `\n  checkFeatures (repair in slices): ${checked.took} ms, longest event-loop stall ${checked.maxStallMs} ms (p99 ${checked.p99Ms} ms); ${checked.value.features.length} features kept, ${checked.value.repaired} repaired` +
      `\n  load average ${load()}\n`,
  );
}

// --- One timed run of each size, printed as a table (vitest's own bench rows follow) ---------------
const rows: string[] = [];
for (const [shape, n] of [
  ["star", 5_000],
  ["star", 20_000],
  ["star", 40_000],
  ["star", 200_000],
  ["star", 2_000_000],
  ["blob", 200_000],
  ["blob", 2_000_000],
] as const) {
  const f = shape === "star" ? star(n) : blob(n);
  const base = time(() => area(f));
  const r = time(() => repairPolygon(f));
  const old = n <= 20_000 ? time(() => kinks(f).features.length) : null;
  const parts = r.value.ok && r.value.feature.geometry.type === "MultiPolygon" ? r.value.feature.geometry.coordinates.length : 1;
  rows.push(
    `${shape} ${String(n).padStart(9)} vertices: repair ${String(r.ms).padStart(6)} ms (${r.value.ok ? r.value.repairs.join(",") : r.value.reason}, ${parts} parts) | baseline turf area ${String(base.ms).padStart(4)} ms | ratio ${(r.ms / Math.max(1, base.ms)).toFixed(1)}×${old ? ` | old turf kinks alone ${old.ms} ms` : ""} | load ${load()}`,
  );
}
console.log(`\nrepairPolygon (3 crossings each; star: spikes, the sweep's worst case; blob: a noisy circle, like a traced coverage area):\n${rows.join("\n")}`);

describe("repairPolygon on star polygons with 3 crossings", () => {
  for (const n of [5_000, 20_000]) {
    const f = star(n);
    bench(`${n} vertices: geo/repairPolygon`, () => void repairPolygon(f), { iterations: 5, time: 0 });
    bench(`${n} vertices: baseline turf area (reads every coordinate once)`, () => void area(f), { iterations: 5, time: 0 });
  }
});

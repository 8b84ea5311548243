import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, bench, describe, inject } from "vitest";
import { openDb, type OpenDb } from "../db/client";
import { dryRun } from "../db/ingest/run";
import type { ImportRequest, Preview } from "../db/ingest/types";
import { IngestError } from "../db/ingest/problems";
import { configureAnalysis } from "../db/ingest/worker/pool";
import { readTableInWorker } from "../db/ingest/worker/table";
import { copySeededPglite } from "../tests/support/seeded-db";
import { blob, star } from "./shapes";
import { indicatorsRequest } from "./import-data";

const TARGET_MS = 100;
const work = mkdtempSync(path.join(tmpdir(), "gapmap-stall-bench-"));
const dir = copySeededPglite(inject("seededPgliteDir"));
const o: OpenDb = await openDb({ pgliteDir: dir, migrate: false });
// PGlite starts on its first query (≈ 3 s, on this thread): before any measurement.
await o.db.execute(sql`select 1`);
const defaults = configureAnalysis({});
afterAll(async () => {
  configureAnalysis(defaults);
  await o.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");

const request = indicatorsRequest;

// The set-up's garbage (the 2 M-vertex polygon, its 50 MB of JSON) is collected before each
// measurement, so that neither mode's figure includes a collection of what the other left.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The longest gap the event loop had while `f` ran (and p99), with `f`'s wall time. */
async function stall<T>(f: () => Promise<T>) {
  gc();
  const h = monitorEventLoopDelay({ resolution: 5 });
  // A fresh turn first, so that the set-up's own work is not counted.
  await new Promise((r) => setTimeout(r, 20));
  h.enable();
  const t0 = performance.now();
  const value = await f();
  const took = Math.round(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 20)); // the last slice's delay is recorded
  h.disable();
  return { took, maxMs: Math.round(h.max / 1e6), p99Ms: Math.round(h.percentile(99) / 1e6), value };
}

/** Each case in the thread (baseline) and through the worker, the same preview from both. */
async function compare(name: string, req: ImportRequest, summary: (p: Preview) => string) {
  // The stall is measured here, not the time limit: on a loaded machine a 2 M-vertex file's
  // analysis can take longer than ANALYSIS_TIME_LIMIT_MS of wall time.
  // The worker first (its first task starts a worker, off this thread: counted), then the
  // baseline, whose garbage (hundreds of MB for (a)) is then not this run's to collect.
  configureAnalysis({ mode: "worker", timeLimitMs: 900_000 });
  const worker = await stall(() => dryRun({ db: o.db, req }));
  configureAnalysis({ mode: "inline" });
  const inline = await stall(() => dryRun({ db: o.db, req }));
  const same = JSON.stringify(inline.value) === JSON.stringify(worker.value);
  if (!same) {
    const a = inline.value as unknown as Record<string, unknown>;
    const b = worker.value as unknown as Record<string, unknown>;
    const keys = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    throw new Error(
      `${name}: the worker's preview differs from the thread's in ${keys.map((k) => `${k}: ${String(JSON.stringify(a[k])).slice(0, 300)} ≠ ${String(JSON.stringify(b[k])).slice(0, 300)}`).join("; ")}`,
    );
  }
  return [
    `${name}: ${summary(worker.value)}; same preview from both: ${same ? "yes" : "NO"}`,
    `  baseline, in the thread: longest stall ${String(inline.maxMs).padStart(5)} ms (p99 ${inline.p99Ms} ms), ${inline.took} ms wall`,
    `  through the worker:      longest stall ${String(worker.maxMs).padStart(5)} ms (p99 ${worker.p99Ms} ms), ${worker.took} ms wall — target ≤ ${TARGET_MS} ms: ${worker.maxMs <= TARGET_MS ? "OK" : "OVER"}`,
    `  load average ${load()} on ${availableParallelism()} cores`,
  ].join("\n");
}

const lines: string[] = [];

// (a) A 2 M-vertex coverage file.
{
  const file = path.join(work, "coverage-2m.geojson");
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [blob(2_000_000), star(5_000), star(20_000)] }));
  const mb = (readFileSync(file).length / 1e6).toFixed(0);
  lines.push(
    await compare(
      `(a) coverage file, 2 M-vertex outline + 2 small stars (GeoJSON, ${mb} MB)`,
      request(file, { kind: "coverage", coverage: { kind: "4g", operator: "viettel", asOf: "2026-01-15" } }),
      (p) => `${p.coverage?.features} features kept, ${p.coverage?.repaired} repaired, ${p.coverage?.hamletsChanged} hamlets change`,
    ),
  );
}

// (b) A sheet with one 5 MB cell (random text: a workbook compresses it little, so its ZIP passes the ratio check).
const bigCell = randomBytes(3_750_000).toString("base64");
const header = ["Xã", "Thôn, bản", "Số người đủ điều kiện", "Đã kích hoạt"];
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Báo cáo");
  ws.addRow(header);
  ws.addRow(["Mường Luân", bigCell, 120, 80]);
  ws.addRow(["Mường Luân", "Bản Co Chạy", 120, 80]);
  const xlsx = path.join(work, "one-5mb-cell.xlsx");
  await wb.xlsx.writeFile(xlsx);
  const csv = path.join(work, "one-5mb-cell.csv");
  writeFileSync(csv, `${header.join(",")}\nMường Luân,"${bigCell}",120,80\nMường Luân,Bản Co Chạy,120,80\n`);
  const refused = (p: Preview) => {
    const x = p.problems.find((q) => q.code === "cellTooLong");
    return x ? `refused at row ${x.row}, column ${x.column} (cellTooLong, ${x.params.length} characters)` : `NOT refused: ${JSON.stringify(p.problemCounts)}`;
  };
  lines.push(await compare("(b) XLSX with one 5 MB cell", request(xlsx, {}), refused));
  lines.push(await compare("(b) CSV with one 5 MB cell", request(csv, {}), refused));
  // The table's reading alone (what moved to the worker), without the dry run's database work
  // (PGlite runs its queries on this thread: the gazetteer's query is a stall of its own).
  for (const [name, file, format] of [
    ["XLSX", xlsx, "xlsx"],
    ["CSV", csv, "csv"],
  ] as const) {
    const readOnce = async () => {
      const t = await readTableInWorker({ filePath: file, fileName: path.basename(file), format, kind: "indicators", problems: [] }).catch((e: unknown) => e);
      return t instanceof IngestError ? t.code : "read";
    };
    configureAnalysis({ mode: "worker" });
    const w = await stall(readOnce);
    configureAnalysis({ mode: "inline" });
    const i = await stall(readOnce);
    lines.push(
      `(b) ${name} with one 5 MB cell, the read alone (${w.value}): longest stall in the thread ${i.maxMs} ms, through the worker ${w.maxMs} ms — target ≤ ${TARGET_MS} ms: ${w.maxMs <= TARGET_MS ? "OK" : "OVER"}; load average ${load()}`,
    );
  }
}
console.log(`\nEvent-loop stalls while an import is analysed (dry run on a copy of the seeded database):\n${lines.join("\n")}\n`);

describe("dry run of a sheet with one 5 MB cell (XLSX)", () => {
  const xlsx = request(path.join(work, "one-5mb-cell.xlsx"), {});
  bench(
    "through the analysis worker",
    async () => {
      configureAnalysis({ mode: "worker" });
      await dryRun({ db: o.db, req: xlsx });
    },
    { iterations: 3, warmupIterations: 0, warmupTime: 0, time: 0 },
  );
  bench(
    "baseline: in the thread",
    async () => {
      configureAnalysis({ mode: "inline" });
      await dryRun({ db: o.db, req: xlsx });
    },
    { iterations: 3, warmupIterations: 0, warmupTime: 0, time: 0 },
  );
});

// npm run bench — importing 100k indicator rows (every hamlet of Điện Biên, every 4 days through
// 2026: bench/import-data.ts) into a private copy of the seeded PGlite database, with baselines in
// the same run: reading the CSV alone (csv-parse + header detection + row handling) and the dry run
// (reading + matching + comparing). The full import is the commit as the API runs it: the analysis
// again inside ONE transaction, then the 100k rows written with their before/after log. Each
// commit imports a file of its own (dates shifted), so each one writes 99,912 new rows.
// The measured figures are printed on their own lines ("[import bench] …") next to tinybench's table.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, bench, describe, inject } from "vitest";
import { openDb, type OpenDb } from "../db/client";
import { commitImport, dryRun } from "../db/ingest/run";
import { openTable } from "../db/ingest/read-table";
import { readSheet } from "../db/ingest/sheet";
import type { ImportRequest } from "../db/ingest/types";
import { copySeededPglite } from "../tests/support/seeded-db";
import { testActor } from "../tests/support/actor";
import { indicatorsRequest, writeBenchCsv } from "./import-data";

const LIMIT_MS = 10_000;
const work = mkdtempSync(path.join(tmpdir(), "gapmap-import-bench-"));
const dir = copySeededPglite(inject("seededPgliteDir"));
const o: OpenDb = await openDb({ pgliteDir: dir, migrate: false });
const file = path.join(work, "dien-bien-2026-every-4-days.csv");
const rows = await writeBenchCsv(o.db, file);
const req: ImportRequest = indicatorsRequest(file);
// Each commit imports its own file (dates shifted by a day: 99,912 new rows every time), so no
// iteration finds the previous one's rows; tinybench may call a function once more to warm up.
let next = 1;
const fileFor = async (k: number) => {
  const f = path.join(work, `dien-bien-2026-offset-${k}.csv`);
  await writeBenchCsv(o.db, f, k);
  return { ...req, filePath: f, fileName: path.basename(f), sha256: createHash("sha256").update(readFileSync(f)).digest("hex") };
};
// Offsets 1–3 keep the files disjoint (dates are 4 days apart).
const files = await Promise.all([1, 2, 3].map(fileFor));
const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
afterAll(async () => {
  await o.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe(`import of ${rows.toLocaleString("en")} indicator rows (CSV, ${(readFileSync(file).length / 1e6).toFixed(1)} MB)`, () => {
  bench(
    "baseline: read the CSV only (csv-parse + header + rows)",
    async () => {
      const src = await openTable(file, "csv");
      const sheet = await readSheet({ kind: "indicators", rows: src.rows, encoding: src.encoding, problems: [] });
      let n = 0;
      for await (const _ of sheet.data) n++;
      if (n !== rows) throw new Error(`read ${n} rows, expected ${rows}`);
    },
    { iterations: 2, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench(
    "dry run (read + match + compare, nothing written)",
    async () => {
      const t = performance.now();
      const p = await dryRun({ db: o.db, req: { ...req, sha256: `dry-${Math.random()}` } });
      if (p.summary.new !== rows) throw new Error(`dry run: ${JSON.stringify(p.summary)}`);
      console.log(`[import bench] dry run of ${rows} rows: ${Math.round(performance.now() - t)} ms`);
    },
    { iterations: 2, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench(
    "full import: commit in one transaction (analysis + 100k rows written with undo log)",
    async () => {
      const r = files[(next++ - 1) % files.length]!;
      const t = performance.now();
      const c0 = process.cpuUsage();
      // How long the event loop (the server's other requests) waits at worst during the import.
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const c = await commitImport({ db: o.db, req: r, actor: testActor("bench") });
      loop.disable();
      const ms = Math.round(performance.now() - t);
      console.log(
        `[import bench] event loop during the commit: longest stall ${Math.round(loop.max / 1e6)} ms, ` +
          `99th percentile ${Math.round(loop.percentile(99) / 1e6)} ms`,
      );
      if (c.counts.hamlet_snapshots !== rows) throw new Error(`commit wrote ${JSON.stringify(c.counts)}`);
      console.log(
        `[import bench] 100k-row import (commit): ${ms} ms wall, ${cpuMs(process.cpuUsage(c0))} ms CPU — ` +
          `limit ${LIMIT_MS} ms: ${ms <= LIMIT_MS ? "OK" : "OVER"} (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
      );
    },
    { iterations: 2, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench(
    "UI flow: dry run, then the commit reusing its plan",
    async () => {
      const r = files[(next++ - 1) % files.length]!;
      const t = performance.now();
      await dryRun({ db: o.db, req: r });
      const t1 = performance.now();
      const c = await commitImport({ db: o.db, req: r, actor: testActor("bench") });
      if (c.counts.hamlet_snapshots !== rows) throw new Error(`commit wrote ${JSON.stringify(c.counts)}`);
      console.log(`[import bench] UI flow: dry run ${Math.round(t1 - t)} ms + commit ${Math.round(performance.now() - t1)} ms (plan reused)`);
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );
});

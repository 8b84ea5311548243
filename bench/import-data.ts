// The 100k-row indicators file the import benchmark reads: every hamlet of Điện Biên (the demo's
// December 2025 figures, as exported) reported every 4 days through 2026 — 1,448 × 69 = 99,912 rows.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import type { ImportRequest } from "../db/ingest/types";
import { snapshotsForExport } from "../db/queries/imports";
import { snapshotsCsv } from "../db/ingest/export";
import { SNAPSHOT_COLUMNS } from "../db/ingest/indicators";
import { scopeOf } from "../db/queries/scope";

export const BENCH_DATES = 69;

/** `offset` shifts every date by that many days, so several files can each be imported as new rows. */
export async function writeBenchCsv(db: Db, file: string, offset = 0): Promise<number> {
  const rows = await snapshotsForExport({ db, scope: scopeOf("p-11", "post2025"), date: "2025-12-31" });
  const base = rows.map((r) => ({
    hamletCode: r.hamletCode,
    commune: r.commune,
    hamlet: r.hamlet,
    asOf: r.asOf,
    counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
  }));
  const all = [];
  for (let k = 0; k < BENCH_DATES; k++) {
    const d = new Date(Date.UTC(2026, 0, 1 + 4 * k + offset)).toISOString().slice(0, 10);
    for (const b of base) all.push({ ...b, asOf: d });
  }
  writeFileSync(file, snapshotsCsv(all));
  return all.length;
}

/** The import request for an indicators file of Điện Biên (post-2025 structure) as the benches and the kill test send it; `extra` on top. */
export function indicatorsRequest(file: string, extra: Partial<ImportRequest> = {}): ImportRequest {
  return {
    kind: "indicators",
    filePath: file,
    fileName: path.basename(file),
    sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
    scope: scopeOf("p-11", "post2025"),
    today: "2026-11-23",
    ...extra,
  };
}

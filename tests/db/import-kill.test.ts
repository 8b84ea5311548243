// All or nothing, the hard way: a child process runs an import of 10,000+ rows and is killed with
// SIGKILL in the middle of writing them (inside the transaction). The database — a PGlite directory,
// and the PostgreSQL test database when TEST_DATABASE_URL is set — is then exactly as before.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDb } from "@/db/client";
import { snapshotsForExport } from "@/db/queries/imports";
import { snapshotsCsv } from "@/db/ingest/export";
import { SNAPSHOT_COLUMNS } from "@/db/ingest/indicators";
import { copySeededPglite, drivers } from "../support/seeded-db";
import { digest } from "../support/import-helpers";
import { scopeOf } from "@/db/queries/scope";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "gapmap-kill-"));
/** Children still running when the file ends (a test that failed or timed out while one ran) are killed. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

/** Every hamlet of Điện Biên, December's figures re-dated to 7 days of January 2026: 10,136 new rows. */
async function bigFile(target: { pgliteDir?: string; url?: string }): Promise<string> {
  const o = await openDb({ ...target, migrate: false });
  const rows = await snapshotsForExport({ db: o.db, scope: scopeOf("p-11", "post2025"), date: "2025-12-31" });
  await o.close();
  const all = [];
  for (let d = 1; d <= 7; d++)
    for (const r of rows)
      all.push({
        hamletCode: r.hamletCode,
        commune: r.commune,
        hamlet: r.hamlet,
        asOf: `2026-01-0${d}`,
        counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
      });
  const file = path.join(work, `kill-${Date.now()}.csv`);
  writeFileSync(file, snapshotsCsv(all));
  return file;
}

function runChild(target: string, file: string, killAfter: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "tests/db/support/kill-import.ts", target, file, String(killAfter)],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    running.add(child);
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, out });
    });
  });
}

describe.each(drivers())("an import killed mid-way on %s", (driver) => {
  it("leaves the database exactly as it was", async () => {
    const target = driver === "pglite" ? copySeededPglite(inject("seededPgliteDir")) : inject("seededPostgresUrl");
    const open = () => openDb(driver === "pglite" ? { pgliteDir: target, migrate: false } : { url: target, migrate: false });
    try {
      const file = await bigFile(driver === "pglite" ? { pgliteDir: target } : { url: target });
      let o = await open();
      const before = await digest(o.db, true);
      await o.close();
      const r = await runChild(target, file, 5000);
      expect(r.out).toContain("killing after 5000 rows written");
      expect(r.signal).toBe("SIGKILL");
      o = await open();
      expect(await digest(o.db, true)).toEqual(before);
      await o.close();
    } finally {
      if (driver === "pglite") rmSync(target, { recursive: true, force: true });
    }
  });
});

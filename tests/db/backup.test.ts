// Backup and restore (db/backup, npm run db:backup / db:restore / db:checksums) on both drivers:
// the seeded database (PGlite: a private copy; PostgreSQL: the run's seeded database, only read) is
// backed up and restored into an EMPTY database (a new PGlite directory; a PostgreSQL database made
// for this file and dropped at the end), and the checksums of every table and sequence are identical.
// A restore into a database that is not empty is refused and changes nothing; bad files get messages.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BackupError, backupDatabase, databaseChecksums, restoreDatabase, type Checksum, type Target } from "../../db/backup";
import { processesUsing } from "../../db/backup/files";
import { copySeededPglite, drivers } from "../support/seeded-db";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "gapmap-backup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a seeded GapMap database must hold for the comparison to mean something. */
function expectSeeded(list: Checksum[]) {
  const byName = new Map(list.map((c) => [c.name, c]));
  expect(byName.get("drizzle.__drizzle_migrations")?.rows).toBeGreaterThan(0);
  for (const t of ["public.admin_units", "public.hamlet_snapshots", "public.coverage_features", "public.users"])
    expect(byName.get(t)?.rows, t).toBeGreaterThan(0);
  expect(list.filter((c) => c.kind === "table").length).toBeGreaterThanOrEqual(20);
  expect(list.some((c) => c.kind === "sequence" && c.rows > 1)).toBe(true);
}

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected a BackupError").toBeInstanceOf(BackupError);
  return err as BackupError;
}

/** A PGlite SQL backup made by the PGlite tests, restored into PostgreSQL by the PostgreSQL tests. */
let pgliteBackup: { file: string; checksums: Checksum[] } | undefined;

describe.each(drivers())("backup and restore on %s", (driver) => {
  let source: Target;
  let empty: Target;
  let sourceChecksums: Checksum[];
  let dropEmpty: (() => Promise<void>) | undefined;
  const file = path.join(work, driver === "pglite" ? "pglite.sql.gz" : "postgres.dump");

  beforeAll(async () => {
    if (driver === "pglite") {
      source = { pgliteDir: copySeededPglite(inject("seededPgliteDir")) };
      empty = { pgliteDir: path.join(work, "restored-pglite") };
    } else {
      source = { url: inject("seededPostgresUrl") };
      // A database of this file's own, created empty; the run's seeded database is only read.
      const adminUrl = process.env.TEST_DATABASE_URL!;
      const name = `gapmap_backup_${process.pid}_${Date.now().toString(36)}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      empty = { url: url.toString() };
      dropEmpty = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    }
  });
  afterAll(async () => {
    await dropEmpty?.();
    if (driver === "pglite" && source?.pgliteDir) rmSync(source.pgliteDir, { recursive: true, force: true });
  });

  it("backup → restore into an empty database: identical checksums of every table and sequence", async () => {
    sourceChecksums = await databaseChecksums(source);
    expectSeeded(sourceChecksums);

    const b = await backupDatabase({ ...source, out: file });
    expect(b.format).toBe(driver === "pglite" ? "sql" : "custom");
    expect(b.bytes).toBeGreaterThan(100_000);
    expect(b.checksums).toEqual(sourceChecksums); // taken in the dump's snapshot
    expect(existsSync(`${file}.checksums`)).toBe(true);
    if (driver === "pglite") pgliteBackup = { file, checksums: sourceChecksums };

    const r = await restoreDatabase({ ...empty, file });
    expect(r.verified).toEqual({ file: `${file}.checksums`, problems: [] });
    expect(r.replaced).toBeNull();
    const restored = await databaseChecksums(empty);
    expect(restored).toEqual(sourceChecksums);
    if (driver === "pglite") expect(readdirSync(work).filter((f) => /restoring|replaced|partial/.test(f))).toEqual([]);
  });

  it("a restore into a database that is not empty is refused, says what --force would do, and changes nothing", async () => {
    expect(sourceChecksums, "the first test made the backup").toBeDefined();
    const err = await refusal(restoreDatabase({ ...empty, file }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/is not empty \(\d+ tables \(drizzle\.__drizzle_migrations, public\.accounts/);
    expect(err.message).toMatch(/never overwrites a database silently/);
    expect(err.message).toMatch(
      driver === "pglite" ? /--force: .*moved aside to .*\.replaced-<time> \(kept, not deleted\)/ : /--force: the schemas public and drizzle are then dropped/,
    );
    expect(await databaseChecksums(empty)).toEqual(sourceChecksums);
  });

  it("bad files: missing, empty, not a backup, truncated, a tar of a data directory — each refused with what it is", async () => {
    const missing = await refusal(restoreDatabase({ ...empty, file: path.join(work, "no-such.sql") }));
    expect(missing.message).toMatch(/no-such\.sql: no such file/);
    const cases: [string, string | Buffer, RegExp][] = [
      ["empty.sql", "", /is empty \(0 bytes\)/],
      ["notes.txt", "hamlet,eligible\nHáng Pa,120\n", /is not a backup made by npm run db:backup: expected an SQL dump/],
      ["damaged.sql.gz", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]), /gzip|truncated or damaged/],
      ["pglite-dir.tar", Buffer.concat([Buffer.alloc(257), Buffer.from("ustar\0"), Buffer.alloc(250)]), /is a tar archive/],
    ];
    for (const [name, content, message] of cases) {
      writeFileSync(path.join(work, name), content);
      const e = await refusal(restoreDatabase({ ...empty, file: path.join(work, name) }));
      expect(e.message, name).toMatch(message);
      expect(e.exitCode, name).toBe(2);
    }
    if (driver === "pglite") {
      writeFileSync(path.join(work, "server.dump"), Buffer.concat([Buffer.from("PGDMP"), Buffer.alloc(100)]));
      const e = await refusal(restoreDatabase({ pgliteDir: path.join(work, "never-made"), file: path.join(work, "server.dump") }));
      expect(e.message).toMatch(/custom-format archive .* which PGlite cannot read.*--format sql/);
      expect(existsSync(path.join(work, "never-made"))).toBe(false);
    }
  });

  if (driver === "pglite") {
    it("a PGlite directory another process has open (the running app) is neither backed up nor restored into", async () => {
      const dir = source.pgliteDir!;
      // Holds a file of the directory open, as the running app's PGlite does.
      const child = spawn(
        process.execPath,
        ["-e", `require("fs").openSync(${JSON.stringify(path.join(dir, "PG_VERSION"))}, "r"); console.log("open"); setTimeout(() => {}, 60000)`],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.once("data", () => resolve());
          child.once("error", reject);
        });
        const b = await refusal(backupDatabase({ ...source, out: path.join(work, "while-open.sql.gz") }));
        expect(b.message).toContain(`is open in process ${child.pid}`);
        expect(b.message).toMatch(/Stop the app .* then run the backup again/);
        expect(existsSync(path.join(work, "while-open.sql.gz"))).toBe(false);
        const r = await refusal(restoreDatabase({ ...source, file, force: true }));
        expect(r.message).toContain(`is open in process ${child.pid}`);
      } finally {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("close", r));
      }
    });

    it("a GapMap app server (Next.js) for that directory is seen before it has opened the database", async () => {
      const dir = source.pgliteDir!;
      // What the app looks like in /proc before its first request: Next.js's process title, PGLITE_DIR, no file open yet.
      const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir };
      delete env.DATABASE_URL;
      const child = spawn(process.execPath, ["-e", `process.title = "next-server (v16)"; console.log("up"); setTimeout(() => {}, 60000)`], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.once("data", () => resolve());
          child.once("error", reject);
        });
        const b = await refusal(backupDatabase({ ...source, out: path.join(work, "while-served.sql.gz") }));
        expect(b.message).toContain(`is open in process ${child.pid} (next-server (v16), the app serving it)`);
        // It is not in the way of another directory.
        expect(processesUsing(empty.pgliteDir!).map((h) => h.pid)).not.toContain(child.pid);
        expect(processesUsing(dir).map((h) => h.pid)).toContain(child.pid);
      } finally {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("close", r));
      }
    });

    it("the CLI prints a refusal as one line without a stack trace, and exits 2", async () => {
      const res = await new Promise<{ code: number; out: string }>((resolve, reject) => {
        const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: empty.pgliteDir };
        delete env.DATABASE_URL;
        const c = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/db-backup.ts", "restore", file], {
          cwd: REPO_ROOT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        c.stdout.on("data", (d) => (out += d));
        c.stderr.on("data", (d) => (out += d));
        c.on("error", reject);
        c.on("close", (code) => resolve({ code: code ?? -1, out }));
      });
      expect(res.code).toBe(2);
      expect(res.out).toMatch(/^db:restore: the PGlite database .* is not empty/);
      expect(res.out).not.toMatch(/\n\s+at /);
    });
  } else {
    it("--force replaces the database in one transaction: checksums identical again", async () => {
      const r = await restoreDatabase({ ...empty, file, force: true });
      expect(r.replaced).toMatch(/everything in schemas public and drizzle/);
      expect(r.verified?.problems).toEqual([]);
      expect(await databaseChecksums(empty)).toEqual(sourceChecksums);
    });

    it("a restore that fails, or of an SQL dump that is not GapMap's, leaves the database as it was even with --force (one transaction)", async () => {
      writeFileSync(path.join(work, "breaks.sql"), "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.half (a int);\nSELECT 1/0;\n");
      const e = await refusal(restoreDatabase({ ...empty, file: path.join(work, "breaks.sql"), force: true }));
      expect(e.message).toMatch(/could not be restored: .*division by zero.*is unchanged/s);
      writeFileSync(path.join(work, "other.sql"), "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.not_gapmap (a int);\n");
      const o = await refusal(restoreDatabase({ ...empty, file: path.join(work, "other.sql"), force: true }));
      expect(o.message).toMatch(/not a GapMap backup: it creates no drizzle\.__drizzle_migrations table.*is unchanged/s);
      expect(await databaseChecksums(empty)).toEqual(sourceChecksums);
    });

    it("a restore is compared with the checksums written beside the backup: every difference is listed", async () => {
      const copy = path.join(work, "tampered.dump");
      copyFileSync(file, copy);
      const sums = readFileSync(`${file}.checksums`, "utf8");
      const line = sums.split("\n").find((l) => l.startsWith("table\tpublic.admin_units\t"))!;
      const [kind, name, rows, md5] = line.split("\t");
      writeFileSync(`${copy}.checksums`, sums.replace(line, [kind, name, Number(rows) + 1, md5].join("\t")));
      const r = await restoreDatabase({ ...empty, file: copy, force: true });
      expect(r.verified?.problems).toEqual([`table public.admin_units: rows ${rows} (md5 ${md5}), expected ${Number(rows) + 1} (md5 ${md5})`]);
      writeFileSync(`${copy}.checksums`, "not checksums\n");
      const e = await refusal(restoreDatabase({ ...empty, file: copy, force: true }));
      expect(e.message).toMatch(/tampered\.dump\.checksums \(beside the backup\) is not a checksums file/);
    });

    it("the PGlite SQL backup restores into PostgreSQL with the same checksums (either engine)", async () => {
      expect(pgliteBackup, "the PGlite tests made an SQL backup").toBeDefined();
      const r = await restoreDatabase({ ...empty, file: pgliteBackup!.file, force: true });
      expect(r.verified?.problems).toEqual([]);
      expect(await databaseChecksums(empty)).toEqual(pgliteBackup!.checksums);
    });
  }
});

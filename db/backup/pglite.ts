import "server-only";
// The embedded database: a logical SQL dump through the open database with the WASM pg_dump of
// @electric-sql/pglite-tools (INSERT statements: PGlite runs them with exec(), PostgreSQL with psql),
// and a restore that builds the new database in a directory beside the target and swaps it in.
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { type Checksum, checksumsWith, compareChecksums, describeObjects, formatChecksums, HAS_MIGRATIONS_SQL, MIGRATIONS_SQL, OBJECTS_SQL } from "./checksums";
import { assertNotInUse, BackupError, type BackupKind, checksumsPathOf, readSqlBackup } from "./files";

export interface BackupOutcome {
  file: string;
  bytes: number;
  migrations: number;
  checksums: Checksum[];
}

export interface RestoreOutcome {
  target: string;
  migrations: number;
  checksums: Checksum[];
  /** Where the database that --force replaced was moved (PGlite), or what was dropped (PostgreSQL). */
  replaced: string | null;
}

const isPgliteDir = (dir: string) => existsSync(path.join(dir, "PG_VERSION"));

async function openPglite(dir: string): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  try {
    const pg = new PGlite(dir);
    await pg.waitReady;
    return pg;
  } catch (err) {
    throw new BackupError(`cannot open the PGlite database ${dir}: ${(err as Error).message}`, 1);
  }
}

const rowsIn = async (pg: PGlite, q: string) => (await pg.query<Record<string, unknown>>(q)).rows;

/** Checksums of an open PGlite database, in one repeatable-read transaction. */
export function pgliteChecksums(pg: PGlite): Promise<Checksum[]> {
  return pg.transaction(async (tx) => {
    await tx.query("set transaction isolation level repeatable read");
    return checksumsWith(async (q) => (await tx.query<Record<string, unknown>>(q)).rows);
  });
}

/**
 * pg_dump (18) writes `SET transaction_timeout = 0;`, which servers before PostgreSQL 17 reject: the
 * same setting, applied only where it exists, keeps the dump restorable into either engine.
 */
const PORTABLE_TIMEOUT = "SELECT pg_catalog.set_config('transaction_timeout', '0', false) FROM pg_catalog.pg_settings WHERE name = 'transaction_timeout';";

/** Writes a text (gzip-compressed when the name ends in .gz) to `file` through a temporary file renamed at the end. */
export async function writeAtomically(file: string, chunks: Iterable<string> | AsyncIterable<string | Buffer>): Promise<number> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  try {
    const out = createWriteStream(partial, { mode: 0o600 });
    const source = Readable.from(chunks);
    if (file.endsWith(".gz")) await pipeline(source, createGzip({ level: 6 }), out);
    else await pipeline(source, out);
    renameSync(partial, file);
    return out.bytesWritten;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export async function backupPglite({ dir, out }: { dir: string; out: string }): Promise<BackupOutcome> {
  if (!isPgliteDir(dir)) throw new BackupError(`no PGlite database at ${dir} (PGLITE_DIR, default .data/pglite): nothing to back up`);
  assertNotInUse(dir, "run the backup");
  const pg = await openPglite(dir);
  try {
    const [has] = await rowsIn(pg, HAS_MIGRATIONS_SQL);
    if (!has?.ok) throw new BackupError(`the PGlite database ${dir} has no GapMap tables (no drizzle.__drizzle_migrations): nothing to back up`);
    const [m] = await rowsIn(pg, MIGRATIONS_SQL);
    const [v] = await rowsIn(pg, "show server_version");
    const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
    // Nothing else uses this database while the command runs (checked above), and pg_dump reads in
    // one repeatable-read transaction: the dump and the checksums see the same data.
    let dump: string;
    try {
      dump = await (await pgDump({ pg, args: ["--no-owner", "--no-privileges", "--rows-per-insert=1000"] })).text();
    } catch (err) {
      throw new BackupError(`pg_dump (PGlite) failed: ${(err as Error).message}`, 1);
    }
    const checksums = await pgliteChecksums(pg);
    const migrations = Number(m?.n ?? 0);
    const header =
      `-- GapMap backup of the PGlite database (PostgreSQL ${String(v?.server_version)}), ${new Date().toISOString()}, ` +
      `${migrations} migrations applied.\n-- Restore: npm run db:restore -- <this file> (PGlite or PostgreSQL). Checksums: <this file>.checksums\n`;
    const body = dump.replace(/^SET transaction_timeout = 0;$/m, PORTABLE_TIMEOUT);
    const bytes = await writeAtomically(out, [header, body]);
    await writeAtomically(checksumsPathOf(out), [checksumsFileText("pglite", out, checksums)]);
    return { file: out, bytes, migrations, checksums };
  } finally {
    await pg.close();
  }
}

export function checksumsFileText(driver: string, file: string, checksums: Checksum[]): string {
  return `# GapMap checksums of ${path.basename(file)} (${driver}, ${new Date().toISOString()}): kind, name, rows, md5\n${formatChecksums(checksums)}`;
}

/**
 * An SQL backup as PGlite can run it: without psql's \restrict / \unrestrict lines (pg_dump's guard
 * for psql); refused when it holds other psql commands or COPY data (PGlite runs SQL statements only).
 */
export function sqlForPglite(file: string, text: string): string {
  const sql = text.replace(/^\\(?:un)?restrict\b.*\r?\n?/gm, "");
  if (/^COPY .* FROM stdin;$/m.test(sql)) {
    throw new BackupError(
      `${file} holds its rows as COPY data, which PGlite cannot read: make the dump with INSERT statements ` +
        "(npm run db:backup -- --format sql on PostgreSQL, or pg_dump --inserts)",
    );
  }
  const meta = /^\\[a-z].*$/m.exec(sql);
  if (meta)
    throw new BackupError(`${file} contains the psql command "${meta[0].slice(0, 40)}", which PGlite cannot run: not a backup made by npm run db:backup`);
  return sql;
}

/** The check at the end of every restore: without drizzle's migration table it was not a GapMap backup. */
export const GAPMAP_CHECK = `DO $gapmap$ BEGIN
  IF to_regclass('drizzle.__drizzle_migrations') IS NULL THEN
    RAISE EXCEPTION 'not a GapMap backup: it creates no drizzle.__drizzle_migrations table';
  END IF;
END $gapmap$;`;

export async function restorePglite({
  dir,
  file,
  kind,
  force,
  expected,
}: {
  dir: string;
  file: string;
  kind: BackupKind;
  force: boolean;
  /** The checksums recorded at backup time: the new database replaces nothing unless it matches them. */
  expected: Checksum[] | null;
}): Promise<RestoreOutcome> {
  if (kind.format === "custom") {
    throw new BackupError(
      `${file} is a pg_dump custom-format archive (a backup of a PostgreSQL server), which PGlite cannot read. ` +
        "Restore it on PostgreSQL (set DATABASE_URL), or make a backup PGlite can read on the server: npm run db:backup -- --format sql",
    );
  }
  // The target: absent, an empty directory, or a PGlite database that is empty (or replaced with --force).
  let existing: "none" | "empty" | "data" = "none";
  if (existsSync(dir)) {
    if (readdirSync(dir).length === 0) existing = "empty";
    else if (!isPgliteDir(dir)) {
      throw new BackupError(
        `${dir} exists and is not a PGlite database directory: restore refuses to touch it (choose another PGLITE_DIR, or remove it yourself)`,
      );
    } else {
      assertNotInUse(dir, "run the restore");
      const pg = await openPglite(dir);
      let objects: string | null;
      try {
        objects = describeObjects(await rowsIn(pg, OBJECTS_SQL));
      } finally {
        await pg.close();
      }
      existing = objects ? "data" : "empty";
      if (objects && !force) {
        throw new BackupError(
          `the PGlite database ${dir} is not empty (${objects}): restore never overwrites a database silently. ` +
            `Restore into an empty PGLITE_DIR, or add --force: the backup is then restored into a new directory, ` +
            `and ${dir} is moved aside to ${dir}.replaced-<time> (kept, not deleted) once the restore has succeeded.`,
        );
      }
    }
  }
  const sql = sqlForPglite(file, readSqlBackup(file, kind));
  const tmp = `${dir}.restoring-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  let pg: PGlite | undefined;
  try {
    pg = await openPglite(tmp);
    try {
      // One exec: the statements run as one implicit transaction, and the new directory is discarded on failure anyway.
      await pg.exec(`${sql}\n${GAPMAP_CHECK}`);
    } catch (err) {
      throw new BackupError(`${file} could not be restored: ${(err as Error).message}. ${dir} is unchanged.`, 1);
    }
    const [m] = await rowsIn(pg, MIGRATIONS_SQL);
    const checksums = await pgliteChecksums(pg);
    const problems = expected ? compareChecksums(expected, checksums) : [];
    if (problems.length > 0) {
      throw new BackupError(`the database restored from ${file} differs from ${checksumsPathOf(file)}: ${dir} is unchanged.\n  ${problems.join("\n  ")}`, 1);
    }
    await pg.close();
    pg = undefined;
    let replaced: string | null = null;
    if (existing === "data") {
      replaced = `${dir}.replaced-${new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z")}`;
      renameSync(dir, replaced);
    } else if (existing === "empty") rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return { target: dir, migrations: Number(m?.n ?? 0), checksums, replaced };
  } finally {
    if (pg) await pg.close().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

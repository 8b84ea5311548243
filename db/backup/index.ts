import "server-only";
// Backup and restore of the configured database (docs/BACKUP.md): `npm run db:backup`,
// `npm run db:restore`, `npm run db:checksums` (scripts/) call these.
//
//   PostgreSQL (DATABASE_URL): pg_dump -Fc (default) or an SQL dump with INSERTs (--format sql);
//   restore with pg_restore / psql in one transaction.
//   PGlite (PGLITE_DIR, default .data/pglite): an SQL dump made through the open database by the WASM
//   pg_dump of @electric-sql/pglite-tools; restored into a new directory that is then swapped in.
//
// A restore refuses a target that is not empty unless `force`; every problem a person can act on is a
// BackupError with a message (and the exit code the CLI should use).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { openDb } from "../client";
import { readEnv, type Env } from "../env";
import { type Checksum, compareChecksums, parseChecksums, tableChecksums } from "./checksums";
import { assertNotInUse, BackupError, checksumsPathOf, defaultBackupPath, inspectBackupFile } from "./files";
import { backupPglite, type BackupOutcome, restorePglite, type RestoreOutcome } from "./pglite";
import { backupPostgres, postgresChecksums, restorePostgres } from "./postgres";

export { BackupError, inspectBackupFile, checksumsPathOf };
export { type Checksum, compareChecksums, formatChecksums, parseChecksums, tableChecksums } from "./checksums";

export interface Target {
  /** A PostgreSQL server's database; when absent, the PGlite directory. */
  url?: string;
  pgliteDir?: string;
}

export const targetFromEnv = (env: Env = readEnv()): Target => ({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
const pgliteDirOf = (t: Target) => path.resolve(t.pgliteDir ?? ".data/pglite");
export const driverOf = (t: Target): "pglite" | "postgres" => (t.url ? "postgres" : "pglite");

export type BackupFormat = "custom" | "sql";

export async function backupDatabase(
  opts: Target & { out?: string; format?: BackupFormat; force?: boolean },
): Promise<BackupOutcome & { driver: string; format: BackupFormat }> {
  const driver = driverOf(opts);
  const format = opts.format ?? (driver === "postgres" ? "custom" : "sql");
  if (driver === "pglite" && format === "custom") {
    throw new BackupError("--format custom is pg_dump's archive format of a PostgreSQL server; the PGlite backup is an SQL dump (--format sql)");
  }
  const out = path.resolve(opts.out ?? defaultBackupPath(driver, format === "custom" ? ".dump" : ".sql.gz"));
  if (existsSync(out) && !opts.force) throw new BackupError(`${out} exists: choose another --out, or add --force to replace it`);
  const r = opts.url ? await backupPostgres({ url: opts.url, out, format }) : await backupPglite({ dir: pgliteDirOf(opts), out });
  return { ...r, driver, format };
}

export interface RestoreReport extends RestoreOutcome {
  driver: string;
  /** Compared with the checksums written beside the backup, when that file is there. */
  verified: { file: string; problems: string[] } | null;
  warnings: string[];
}

export async function restoreDatabase(opts: Target & { file: string; force?: boolean }): Promise<RestoreReport> {
  const file = path.resolve(opts.file);
  const kind = inspectBackupFile(file);
  const force = opts.force ?? false;
  // The checksums written beside the backup, read before anything changes (a bad file is refused here).
  const sums = checksumsPathOf(file);
  let expected: Checksum[] | null = null;
  if (existsSync(sums)) {
    expected = parseChecksums(readFileSync(sums, "utf8"));
    if (!expected) throw new BackupError(`${sums} (beside the backup) is not a checksums file: move it away to restore without the check`);
  }
  const r = opts.url
    ? await restorePostgres({ url: opts.url, file, kind, force })
    : { ...(await restorePglite({ dir: pgliteDirOf(opts), file, kind, force, expected })), warnings: [] };
  const verified = expected ? { file: sums, problems: compareChecksums(expected, r.checksums) } : null;
  return { ...r, driver: driverOf(opts), verified };
}

/** The checksums of the configured database (read only; PGlite: refused while another process has it open). */
export async function databaseChecksums(t: Target): Promise<Checksum[]> {
  if (t.url) return postgresChecksums(t.url);
  const dir = pgliteDirOf(t);
  if (!existsSync(path.join(dir, "PG_VERSION"))) throw new BackupError(`no PGlite database at ${dir} (PGLITE_DIR, default .data/pglite)`);
  assertNotInUse(dir, "compute the checksums");
  const o = await openDb({ pgliteDir: dir, migrate: false });
  try {
    return await tableChecksums(o.db);
  } finally {
    await o.close();
  }
}

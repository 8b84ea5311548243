import "server-only";
// A PostgreSQL server: pg_dump / pg_restore / psql of Debian's postgresql-client. The backup is
// taken in the snapshot of one repeatable-read transaction that also computes the checksums; a
// restore runs in one transaction through psql, so it is either complete or leaves the database as it was.
import { spawn } from "node:child_process";
import { chmodSync, createReadStream, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import postgres from "postgres";
import { type Checksum, checksumsWith, describeObjects, HAS_MIGRATIONS_SQL, MIGRATIONS_SQL, OBJECTS_SQL } from "./checksums";
import { BackupError, type BackupKind, checksumsPathOf } from "./files";
import { type BackupOutcome, checksumsFileText, GAPMAP_CHECK, type RestoreOutcome, writeAtomically } from "./pglite";

type Tool = "pg_dump" | "pg_restore" | "psql";

const INSTALL = "install Debian's postgresql-client (apt-get install postgresql-client), of the server's major version or newer";

/**
 * The URL as the client tools take it, without its password (which goes in PGPASSWORD, out of the
 * process list), and the environment to run them with.
 */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv; database: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BackupError("DATABASE_URL is not a URL (postgres://user:password@host:5432/database)");
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PGOPTIONS: "-c client_min_messages=warning" };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = "";
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || decodeURIComponent(u.username) || "postgres";
  return { dbname: u.toString(), env, database };
}

interface Run {
  code: number;
  stderr: string;
}

/** Waits for a child; its stderr is collected (the last 8 KB). ENOENT becomes "not installed". */
function finished(tool: Tool, child: ReturnType<typeof spawn>): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString("utf8")).slice(-8192);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") reject(new BackupError(`${tool} is not installed (not found on PATH): ${INSTALL}`, 1));
      else reject(new BackupError(`${tool} could not be started: ${err.message}`, 1));
    });
    child.on("close", (code) => resolve({ code: code ?? -1, stderr: stderr.trim() }));
  });
}

/** The major version of a client tool: "pg_dump (PostgreSQL) 15.20 (Debian …)" → 15. */
export async function toolMajor(tool: Tool): Promise<number> {
  const child = spawn(tool, ["--version"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const r = await finished(tool, child);
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(out);
  if (r.code !== 0 || !m) throw new BackupError(`${tool} --version did not say its version (${r.stderr || out.trim()}): ${INSTALL}`, 1);
  return Number(m[1]);
}

function connect(url: string) {
  return postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
}

async function serverMajor(sql: postgres.Sql): Promise<number> {
  const [r] = await sql`select current_setting('server_version_num')::int as v`;
  return Math.floor(Number(r!.v) / 10000);
}

/** Opens the server, turning a failed connection into a message that names the server. */
async function reach<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = connect(url);
  try {
    try {
      await sql`select 1`;
    } catch (err) {
      const { dbname } = toolConnection(url);
      throw new BackupError(`cannot connect to ${dbname}: ${(err as Error).message}`, 1);
    }
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const rowsOf = (r: readonly Record<string, unknown>[]) => r as Record<string, unknown>[];

export async function backupPostgres({ url, out, format }: { url: string; out: string; format: "custom" | "sql" }): Promise<BackupOutcome> {
  const { dbname, env } = toolConnection(url);
  return reach(url, async (sql) => {
    const [client, server] = [await toolMajor("pg_dump"), await serverMajor(sql)];
    if (client < server) throw new BackupError(`pg_dump ${client} cannot dump a PostgreSQL ${server} server: ${INSTALL}`, 1);
    const [has] = await sql.unsafe(HAS_MIGRATIONS_SQL);
    if (!has?.ok) throw new BackupError(`the database ${dbname} has no GapMap tables (no drizzle.__drizzle_migrations): nothing to back up`);
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    // One snapshot for pg_dump and the checksums: the transaction exports it, pg_dump reads in it
    // (--snapshot), and the checksums are computed in it, while the app may go on writing.
    return sql.begin("isolation level repeatable read read only", async (tx) => {
      const [s] = await tx`select pg_export_snapshot() as id`;
      const base = ["--snapshot", String(s!.id), "--no-password", "-d", dbname];
      let bytes: number;
      if (format === "custom") {
        const partial = `${out}.partial-${process.pid}`;
        const r = await finished("pg_dump", spawn("pg_dump", ["-Fc", "-f", partial, ...base], { env, stdio: ["ignore", "ignore", "pipe"] }));
        if (r.code !== 0) {
          rmSync(partial, { force: true });
          throw new BackupError(`pg_dump failed (exit ${r.code}): ${r.stderr}`, 1);
        }
        chmodSync(partial, 0o600); // it holds password hashes and session tokens
        renameSync(partial, out);
        bytes = statSync(out).size;
      } else {
        const child = spawn("pg_dump", ["-Fp", "--inserts", "--rows-per-insert=1000", "--no-owner", "--no-privileges", ...base], {
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        const done = finished("pg_dump", child);
        const header = `-- GapMap backup of PostgreSQL database ${dbname}, ${new Date().toISOString()}.\n-- Restore: npm run db:restore -- <this file> (PGlite or PostgreSQL).\n`;
        async function* chunks() {
          yield header;
          for await (const c of child.stdout as Readable) yield c as Buffer;
        }
        try {
          bytes = await writeAtomically(out, chunks());
        } catch (err) {
          const r = await done;
          throw new BackupError(`pg_dump failed: ${r.stderr || (err as Error).message}`, 1);
        }
        const r = await done;
        if (r.code !== 0) {
          rmSync(out, { force: true });
          throw new BackupError(`pg_dump failed (exit ${r.code}): ${r.stderr}`, 1);
        }
      }
      const [m] = await tx.unsafe(MIGRATIONS_SQL);
      const checksums = await checksumsWith(async (q) => rowsOf(await tx.unsafe(q)));
      await writeAtomically(checksumsPathOf(out), [checksumsFileText("postgres", out, checksums)]);
      return { file: out, bytes, migrations: Number(m?.n ?? 0), checksums };
    });
  });
}

/** Statements run before the backup when --force replaces a database: its schemas go, in the restore's transaction. */
const REPLACE_PRELUDE =
  "DROP SCHEMA IF EXISTS drizzle CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\nGRANT USAGE ON SCHEMA public TO PUBLIC;\n";

export async function restorePostgres({
  url,
  file,
  kind,
  force,
}: {
  url: string;
  file: string;
  kind: BackupKind;
  force: boolean;
}): Promise<RestoreOutcome & { warnings: string[] }> {
  const { dbname, env } = toolConnection(url);
  return reach(url, async (sql) => {
    const objects = describeObjects(rowsOf(await sql.unsafe(OBJECTS_SQL)));
    if (objects && !force) {
      throw new BackupError(
        `the database ${dbname} is not empty (${objects}): restore never overwrites a database silently. ` +
          "Restore into an empty database (createdb NAME, then DATABASE_URL=…/NAME), or add --force: the schemas public and drizzle " +
          "are then dropped with everything in them and the backup restored, in one transaction (if the restore fails, nothing changes).",
      );
    }
    const warnings: string[] = [];
    const [others] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    if (Number(others?.n) > 0) warnings.push(`${others!.n} other session(s) are connected to ${dbname}: stop the app while restoring`);

    let source: Readable;
    let restore: Promise<Run> | undefined;
    if (kind.format === "custom") {
      const [client, archive] = [await toolMajor("pg_restore"), await serverMajor(sql)];
      if (client < archive) warnings.push(`pg_restore ${client} is older than the server (${archive})`);
      const list = await finished("pg_restore", spawn("pg_restore", ["--list", file], { env, stdio: ["ignore", "ignore", "pipe"] }));
      if (list.code !== 0) throw new BackupError(`${file} is not a pg_dump archive pg_restore can read: ${list.stderr}`);
      const child = spawn("pg_restore", ["--no-owner", "--no-privileges", "-f", "-", file], { env, stdio: ["ignore", "pipe", "pipe"] });
      restore = finished("pg_restore", child);
      source = child.stdout as Readable;
    } else {
      source = kind.gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
    }
    const psql = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "--no-password", "-o", "/dev/null", "-d", dbname, "-f", "-"], {
      env,
      stdio: ["pipe", "ignore", "pipe"],
    });
    const done = finished("psql", psql);
    async function* script() {
      if (objects) yield REPLACE_PRELUDE;
      for await (const c of source) yield c as Buffer;
      yield `\n${GAPMAP_CHECK}\n`;
    }
    // psql stopping early (an error) closes its input: then its stderr says why.
    const feeding = pipeline(Readable.from(script()), psql.stdin).catch((err: Error) => err);
    const [r, fed, rr] = await Promise.all([done, feeding, restore]);
    if (r.code !== 0)
      throw new BackupError(`${file} could not be restored: ${r.stderr || "psql failed"}. ${dbname} is unchanged (the restore ran in one transaction).`, 1);
    if (rr && rr.code !== 0) throw new BackupError(`pg_restore failed (exit ${rr.code}): ${rr.stderr}. ${dbname} is unchanged.`, 1);
    if (fed instanceof Error) throw new BackupError(`${file} could not be read to the end: ${fed.message}. ${dbname} is unchanged.`, 1);
    const [m] = await sql.unsafe(MIGRATIONS_SQL);
    const checksums: Checksum[] = await sql.begin("isolation level repeatable read read only", (tx) => checksumsWith(async (q) => rowsOf(await tx.unsafe(q))));
    return {
      target: dbname,
      migrations: Number(m?.n ?? 0),
      checksums,
      replaced: objects ? `everything in schemas public and drizzle (${objects})` : null,
      warnings,
    };
  });
}

/** Checksums of a PostgreSQL database, in one repeatable-read transaction. */
export function postgresChecksums(url: string): Promise<Checksum[]> {
  return reach(url, (sql) => sql.begin("isolation level repeatable read read only", (tx) => checksumsWith(async (q) => rowsOf(await tx.unsafe(q)))));
}

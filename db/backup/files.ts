import "server-only";
// What a backup file is (by its first bytes, not its name), where a new one goes, and which other
// processes hold a PGlite directory open.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { constants, gunzipSync } from "node:zlib";

/** A problem the person running the command can act on: printed as it is, without a stack. */
export class BackupError extends Error {
  constructor(
    message: string,
    /** 2: the input was wrong (a file, a flag, a target that is not empty); 1: the work failed. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = "BackupError";
  }
}

export type BackupKind =
  /** pg_dump's custom format (-Fc): PostgreSQL only, restored with pg_restore. */
  | { format: "custom"; gzip: false }
  /** A plain SQL script (pg_dump's text format, as PGlite's pg_dump writes it), maybe gzip-compressed. */
  | { format: "sql"; gzip: boolean };

const head = (buf: Buffer, n: number) => buf.subarray(0, Math.min(n, buf.length));

/** Reads the first bytes of a file. */
function readStart(file: string, n: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Decides what a backup file holds, or throws a BackupError saying what it is not. */
export function inspectBackupFile(file: string): BackupKind {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const st = statSync(file);
  if (st.isDirectory()) throw new BackupError(`${file} is a directory, not a backup file`);
  if (st.size === 0) throw new BackupError(`${file} is empty (0 bytes): not a backup`);
  let start = readStart(file, 64 * 1024);
  let gzip = false;
  if (start[0] === 0x1f && start[1] === 0x8b) {
    gzip = true;
    try {
      // Only the beginning is needed: inflate what was read, ignoring that the stream goes on.
      start = head(gunzipSync(start, { finishFlush: constants.Z_SYNC_FLUSH }), 64 * 1024);
    } catch {
      throw new BackupError(`${file} starts like a gzip file but cannot be decompressed: it is damaged or not a backup`);
    }
  }
  const text = start.toString("latin1");
  if (text.startsWith("PGDMP")) {
    if (gzip) throw new BackupError(`${file} is a gzip-compressed pg_dump archive: decompress it first (gunzip), then restore the .dump file`);
    return { format: "custom", gzip: false };
  }
  if (text.length > 262 && text.slice(257, 262) === "ustar") {
    throw new BackupError(
      `${file} is a tar archive (perhaps a copy of a PGlite data directory), not a backup made by npm run db:backup: ` +
        "restore it by unpacking it as the PGlite directory while the app is stopped, or make a backup with npm run db:backup",
    );
  }
  if (/^(--[^\n]*\n|\s*\n)*--\s*PostgreSQL database dump/.test(text)) return { format: "sql", gzip };
  throw new BackupError(
    `${file} is not a backup made by npm run db:backup: expected an SQL dump ("-- PostgreSQL database dump", maybe gzip-compressed) or a pg_dump custom-format archive ("PGDMP")`,
  );
}

/** Reads a whole SQL backup as text (decompressing it when it is gzip). */
export function readSqlBackup(file: string, kind: BackupKind): string {
  const raw = readFileSync(file);
  try {
    return (kind.gzip ? gunzipSync(raw) : raw).toString("utf8");
  } catch {
    throw new BackupError(`${file} cannot be decompressed to the end: the file is truncated or damaged`);
  }
}

/** A default backup file name: .data/backups/gapmap-<driver>-<UTC time>.<ext>. */
export function defaultBackupPath(driver: "pglite" | "postgres", ext: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return path.join(".data", "backups", `gapmap-${driver}-${stamp}${ext}`);
}

/** The checksums written beside a backup. */
export const checksumsPathOf = (backupFile: string) => `${backupFile}.checksums`;

export interface Holder {
  pid: number;
  command: string;
}

/** What /proc says of one process, or null when it cannot be read (gone, or another user's). */
function procInfo(pid: string): { command: string; cwd: string; env: Map<string, string> } | null {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`).toString("utf8").split("\0").filter(Boolean).join(" ");
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    const env = new Map<string, string>();
    for (const kv of readFileSync(`/proc/${pid}/environ`).toString("utf8").split("\0")) {
      const i = kv.indexOf("=");
      if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
    }
    return { command, cwd, env };
  } catch {
    return null;
  }
}

/** The title Next.js gives its server process ("next-server (v16…)"), or `next start` / `next dev` on the command line. */
const NEXT_APP = /\bnext-server\b|\bnext\b.*\b(start|dev)\b/;

/**
 * The other processes that use the PGlite directory `dir` (Linux: /proc), with the reason: those that
 * have a file inside it open (a running app keeps them open once it has opened the database), and
 * GapMap app servers (Next.js) that would open it at their first request — no DATABASE_URL, and
 * PGLITE_DIR (default .data/pglite) resolving to `dir` from their working directory. Where /proc
 * does not exist the list is empty.
 */
export function processesUsing(dir: string): Holder[] {
  const target = path.resolve(dir);
  const root = `${target}${path.sep}`;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  } catch {
    return [];
  }
  const out: Holder[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      // gone, or another user's
    }
    const holds = fds.some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(root);
      } catch {
        return false;
      }
    });
    const info = procInfo(pid);
    const serves =
      !holds &&
      info !== null &&
      NEXT_APP.test(info.command) &&
      !info.env.get("DATABASE_URL") &&
      path.resolve(info.cwd, info.env.get("PGLITE_DIR") || ".data/pglite") === target;
    if (!holds && !serves) continue;
    const command = info?.command ?? "";
    out.push({ pid: Number(pid), command: `${command.length > 120 ? `${command.slice(0, 117)}…` : command}${serves ? ", the app serving it" : ""}` });
  }
  return out;
}

/** Throws when another process has the PGlite directory open: PGlite is one process, a second opener corrupts it. */
export function assertNotInUse(dir: string, doing: string): void {
  const holders = processesUsing(dir);
  if (holders.length === 0) return;
  const who = holders.map((h) => `process ${h.pid}${h.command ? ` (${h.command})` : ""}`).join(", ");
  throw new BackupError(
    `the PGlite database ${dir} is open in ${who}. PGlite is one process: a second one opening the directory can corrupt it. ` +
      `Stop the app (or the other command) first, then ${doing} again.`,
  );
}

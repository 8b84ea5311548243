// npm run db:backup    -- [--out FILE] [--format custom|sql] [--force]
// npm run db:restore   -- FILE [--force]
// npm run db:checksums -- [--compare FILE.checksums]
// Backup, restore and checksums of DATABASE_URL, or of the embedded PGlite database (PGLITE_DIR,
// default .data/pglite). The work is in db/backup/; this file reads the arguments and prints. See docs/BACKUP.md.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readEnv } from "../db/env";
import {
  BackupError,
  backupDatabase,
  compareChecksums,
  databaseChecksums,
  driverOf,
  formatChecksums,
  parseChecksums,
  restoreDatabase,
  targetFromEnv,
} from "../db/backup";

const USAGE = {
  backup: `usage: npm run db:backup -- [--out FILE] [--format custom|sql] [--force]
  PostgreSQL (DATABASE_URL): pg_dump custom format (default, FILE.dump) or --format sql (an SQL dump PGlite can restore too)
  PGlite (PGLITE_DIR, default .data/pglite; stop the app first): an SQL dump (FILE.sql.gz, or .sql uncompressed)
  default FILE: .data/backups/gapmap-<driver>-<time>.dump|.sql.gz; the checksums are written beside it (FILE.checksums)
  --force replaces FILE if it exists`,
  restore: `usage: npm run db:restore -- FILE [--force]
  restores FILE into DATABASE_URL, or into PGLITE_DIR (default .data/pglite; stop the app first)
  the target must be empty; --force replaces a database that is not (PostgreSQL: its schemas public and drizzle are
  dropped and restored in one transaction; PGlite: the old directory is kept beside the new one as <dir>.replaced-<time>)`,
  checksums: `usage: npm run db:checksums -- [--compare FILE.checksums]
  prints, for every table (and sequence) of the schemas public and drizzle: kind, name, rows, md5 of the rows
  --compare FILE: compares with a list written by db:backup or db:checksums; exits 1 on any difference`,
} as const;

type Command = keyof typeof USAGE;
const command = process.argv[2] as Command;
if (!(command in USAGE)) {
  console.error(`db-backup: the first argument must be backup, restore or checksums (use the npm scripts db:backup, db:restore, db:checksums)`);
  process.exit(2);
}
const name = `db:${command}`;

function fail(message: string, code = 2): never {
  console.error(`${name}: ${message}`);
  process.exit(code);
}

let values: Record<string, string | boolean | undefined>;
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    args: process.argv.slice(3),
    options: {
      out: { type: "string" },
      format: { type: "string" },
      force: { type: "boolean" },
      compare: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: true,
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE[command]}`);
}
if (values.help) {
  console.log(USAGE[command]);
  process.exit(0);
}
const allowed: Record<Command, string[]> = { backup: ["out", "format", "force"], restore: ["force"], checksums: ["compare"] };
for (const k of Object.keys(values)) if (!allowed[command].includes(k)) fail(`--${k} is not an option of ${name}\n${USAGE[command]}`);
if (command !== "restore" && positionals.length > 0) fail(`unexpected argument ${positionals[0]}\n${USAGE[command]}`);
if (command === "restore" && positionals.length !== 1)
  fail(`${positionals.length === 0 ? "which backup file?" : "one backup file at a time"}\n${USAGE[command]}`);
const format = values.format as string | undefined;
if (format !== undefined && format !== "custom" && format !== "sql") fail(`--format ${format}: must be custom or sql\n${USAGE[command]}`);

let target: ReturnType<typeof targetFromEnv>;
try {
  target = targetFromEnv(readEnv());
} catch (err) {
  fail((err as Error).message);
}
const where = target.url ? "PostgreSQL" : `PGlite ${target.pgliteDir ?? ".data/pglite"}`;
const t0 = performance.now();
const seconds = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

try {
  if (command === "backup") {
    const r = await backupDatabase({
      ...target,
      out: values.out as string | undefined,
      format: format as "custom" | "sql" | undefined,
      force: values.force === true,
    });
    const tables = r.checksums.filter((c) => c.kind === "table");
    console.log(
      `backup of the ${r.driver} database (${r.migrations} migrations, ${tables.length} tables, ${tables.reduce((s, c) => s + c.rows, 0)} rows) ` +
        `written to ${r.file} (${r.format}, ${mb(r.bytes)}) in ${seconds()}; checksums in ${r.file}.checksums`,
    );
  } else if (command === "restore") {
    const r = await restoreDatabase({ ...target, file: positionals[0]!, force: values.force === true });
    for (const w of r.warnings) console.error(`${name}: warning: ${w}`);
    const tables = r.checksums.filter((c) => c.kind === "table");
    console.log(
      `restored ${positionals[0]} into the ${r.driver} database ${r.target} (${r.migrations} migrations, ${tables.length} tables, ` +
        `${tables.reduce((s, c) => s + c.rows, 0)} rows) in ${seconds()}`,
    );
    if (r.replaced) console.log(r.driver === "pglite" ? `the database it replaced is kept at ${r.replaced}` : `replaced: ${r.replaced}`);
    if (!r.verified) console.log("no checksums file beside the backup: compare with npm run db:checksums on the original database");
    else if (r.verified.problems.length === 0) console.log(`checksums identical to ${r.verified.file} (${r.checksums.length} tables and sequences)`);
    else fail(`the restored database differs from ${r.verified.file}:\n  ${r.verified.problems.join("\n  ")}`, 1);
  } else {
    const list = await databaseChecksums(target);
    if (values.compare) {
      const file = values.compare as string;
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        fail(`--compare ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
      }
      const expected = parseChecksums(text);
      if (!expected) fail(`--compare ${file}: not a checksums file (lines of kind, name, rows, md5 separated by tabs)`);
      const problems = compareChecksums(expected, list);
      if (problems.length > 0) fail(`the ${driverOf(target)} database differs from ${file}:\n  ${problems.join("\n  ")}`, 1);
      console.log(`checksums identical to ${file} (${list.length} tables and sequences, ${where})`);
    } else process.stdout.write(formatChecksums(list));
  }
} catch (err) {
  if (err instanceof BackupError) fail(err.message, err.exitCode);
  // Not a problem the person can fix from a message alone, but still no stack trace.
  fail(`failed: ${(err as Error).message ?? String(err)}`, 1);
}

import "server-only";
// Checksums of a database's contents: for every table of the schemas public and drizzle (drizzle's
// migration table), its row count and an md5 of its rows in a fixed order; for every sequence there,
// its position. The same SQL runs on PGlite and PostgreSQL, so a backup restored into either engine
// can be compared with the database it was taken from (docs/BACKUP.md).
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../queries/scope";

/** The schemas a backup holds and the checksums cover. */
export const BACKUP_SCHEMAS = ["public", "drizzle"] as const;

export interface Checksum {
  kind: "table" | "sequence";
  /** Schema-qualified and quoted as SQL writes it: public.hamlet_snapshots. */
  name: string;
  /** A table's row count; a sequence's last value. */
  rows: number;
  /** A table: md5 of its rows' md5s in sorted order; a sequence: md5 of "last_value:is_called". */
  md5: string;
}

/** Runs one statement and returns its rows (either driver, or a client inside a transaction). */
export type RunSql = (query: string) => Promise<Record<string, unknown>[]>;

// Rows become text the same way on both engines whatever the session's settings.
const SETTINGS = [
  "set local timezone = 'UTC'",
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local extra_float_digits = 1",
  "set local bytea_output = 'hex'",
];

const RELATIONS = `select c.relkind::text as kind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'S') and n.nspname in (${BACKUP_SCHEMAS.map((s) => `'${s}'`).join(", ")})
  order by n.nspname collate "C", c.relname collate "C"`;

/**
 * The checksums through `run`, which must run inside a transaction (the settings are `set local`):
 * every statement then sees the same snapshot when the transaction is repeatable read.
 */
export async function checksumsWith(run: RunSql): Promise<Checksum[]> {
  for (const s of SETTINGS) await run(s);
  const out: Checksum[] = [];
  for (const r of await run(RELATIONS)) {
    const name = String(r.name);
    if (r.kind === "S") {
      const [s] = await run(`select last_value::text as v, md5(last_value::text || ':' || is_called::text) as md5 from ${name}`);
      out.push({ kind: "sequence", name, rows: Number(s!.v), md5: String(s!.md5) });
    } else {
      // md5 per row, sorted bytewise (collate "C": the same order on every engine and locale), then md5 of them all.
      const [t] = await run(
        `select count(*)::text as n, md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as md5 from (select md5(t::text) as h from ${name} t) s`,
      );
      out.push({ kind: "table", name, rows: Number(t!.n), md5: String(t!.md5) });
    }
  }
  return out;
}

/** The checksums of a database opened with db/client (either driver), in one repeatable-read transaction. */
export async function tableChecksums(db: Db): Promise<Checksum[]> {
  return db.transaction(async (tx) => checksumsWith(async (q) => rowsOf<Record<string, unknown>>(await tx.execute(sql.raw(q)))), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

/** One line per relation: kind, name, rows, md5 (tab-separated): the format of `npm run db:checksums` and of a backup's .checksums file. */
export function formatChecksums(list: Checksum[]): string {
  return list.map((c) => `${c.kind}\t${c.name}\t${c.rows}\t${c.md5}\n`).join("");
}

/** Reads what {@link formatChecksums} wrote; lines starting with # are comments. Null when the text is not such a list. */
export function parseChecksums(text: string): Checksum[] | null {
  const out: Checksum[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const m = /^(table|sequence)\t(\S+)\t(-?\d+)\t([0-9a-f]{32})$/.exec(line);
    if (!m) return null;
    out.push({ kind: m[1] as Checksum["kind"], name: m[2]!, rows: Number(m[3]), md5: m[4]! });
  }
  return out;
}

/** Every difference between two lists, as sentences (empty when identical). */
export function compareChecksums(expected: Checksum[], actual: Checksum[]): string[] {
  const key = (c: Checksum) => `${c.kind} ${c.name}`;
  const got = new Map(actual.map((c) => [key(c), c]));
  const problems: string[] = [];
  for (const e of expected) {
    const a = got.get(key(e));
    got.delete(key(e));
    if (!a) problems.push(`${key(e)}: missing`);
    else if (a.rows !== e.rows || a.md5 !== e.md5) {
      const what = e.kind === "table" ? "rows" : "value";
      problems.push(`${key(e)}: ${what} ${a.rows} (md5 ${a.md5}), expected ${e.rows} (md5 ${e.md5})`);
    }
  }
  for (const k of got.keys()) problems.push(`${k}: not expected`);
  return problems;
}

/**
 * Every object in the backup's schemas (tables, views, sequences, types, functions), one row each:
 * a database is empty for a restore when this returns none.
 */
export const OBJECTS_SQL = `select kind, name from (
  select case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'view' else 'table' end as kind,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname in (${BACKUP_SCHEMAS.map((s) => `'${s}'`).join(", ")}) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  union all
  select 'type', quote_ident(n.nspname) || '.' || quote_ident(t.typname)
    from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
    where n.nspname in (${BACKUP_SCHEMAS.map((s) => `'${s}'`).join(", ")}) and t.typtype in ('e', 'd', 'r', 'm')
  union all
  select 'function', quote_ident(n.nspname) || '.' || quote_ident(p.proname)
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname in (${BACKUP_SCHEMAS.map((s) => `'${s}'`).join(", ")})
) o order by kind collate "C", name collate "C"`;

/** "23 tables (public.accounts, public.admin_closure, …), 13 sequences, 9 types, 1 function" — or null when there is nothing. */
export function describeObjects(rows: Record<string, unknown>[]): string | null {
  if (rows.length === 0) return null;
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(String(r.kind), [...(by.get(String(r.kind)) ?? []), String(r.name)]);
  const parts: string[] = [];
  for (const kind of ["table", "view", "sequence", "type", "function"]) {
    const names = by.get(kind);
    if (!names) continue;
    const label = `${names.length} ${kind}${names.length === 1 ? "" : "s"}`;
    parts.push(kind === "table" ? `${label} (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""})` : label);
  }
  return parts.join(", ");
}

/** Rows of drizzle's migration table, or null when the database has none (not a GapMap database). */
export const MIGRATIONS_SQL = `select count(*)::int as n from drizzle.__drizzle_migrations`;
export const HAS_MIGRATIONS_SQL = `select to_regclass('drizzle.__drizzle_migrations') is not null as ok`;

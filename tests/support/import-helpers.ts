// Helpers shared by the import tests (db, corpus, kill): a request for a fixture, a fingerprint of
// every table an import may touch, and a transaction that is always rolled back.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { ImportRequest } from "../../db/ingest/types";
import { scopeOf, rowsOf } from "../../db/queries/scope";
import { testActor } from "./actor";

export { inRollback } from "./seeded-db";

export const FIXTURES = path.resolve(import.meta.dirname, "../ingest/fixtures");
export const SCOPE = scopeOf("p-11", "post2025");
/** Who the import tests write as (imported_by is its e-mail). */
export const ACTOR = testActor("tests");
/** A fixed "today" after every fixture date (January 2026) and before the bad one (2099). */
export const TODAY = "2026-11-23";

export function request(file: string, extra: Partial<ImportRequest> = {}): ImportRequest {
  const filePath = path.isAbsolute(file) ? file : path.join(FIXTURES, file);
  return {
    kind: "indicators",
    filePath,
    fileName: path.basename(filePath),
    sha256: createHash("sha256").update(readFileSync(filePath)).digest("hex"),
    scope: SCOPE,
    today: TODAY,
    ...extra,
  };
}

/** A fingerprint of every table an import may touch (data only, or with the import log too). */
export async function digest(db: Db, withLog = false): Promise<Record<string, string>> {
  const tables: [string, string][] = [
    ["hamlet_snapshots", "hamlet_id, as_of"],
    ["targets", "id"],
    ["sites", "id"],
    ["coverage_layers", "id"],
    ["coverage_features", "id"],
    ["hamlet_infrastructure", "hamlet_id, as_of"],
    ["admin_units", "id"],
    ["admin_parents", "structure, child_id"],
    ["admin_closure", "structure, ancestor_id, descendant_id"],
    ...(withLog
      ? ([
          ["import_records", "id"],
          ["import_changes", "id"],
          ["column_mappings", "id"],
        ] as [string, string][])
      : []),
  ];
  const out: Record<string, string> = {};
  for (const [t, order] of tables) {
    const res = await db.execute(
      sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(to_jsonb(t)::text, '|' order by ${order}), '')) as h from ${t} t`),
    );
    const r = rowsOf<{ n: number; h: string }>(res)[0]!;
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

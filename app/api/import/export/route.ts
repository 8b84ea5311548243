import { getDb } from "@/db";
import { snapshotsForExport } from "@/db/queries/imports";
import { snapshotsCsv } from "@/db/ingest/export";
import { SNAPSHOT_COLUMNS } from "@/db/ingest/indicators";
import { parseQuery, serverError } from "../../_lib/respond";
import { exportQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** The scope's hamlet figures at a date as CSV (small counts withheld), importable as it is. */
export async function GET(request: Request) {
  const q = parseQuery(exportQuery, request);
  if (!q.ok) return q.response;
  try {
    const rows = await snapshotsForExport({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure), date: q.data.date });
    const csv = snapshotsCsv(rows.map((r) => ({
      hamletCode: r.hamletCode, commune: r.commune, hamlet: r.hamlet, asOf: r.asOf,
      counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
    })));
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="gapmap-${q.data.unit}-${q.data.date}.csv"` },
    });
  } catch (err) {
    return serverError(err);
  }
}

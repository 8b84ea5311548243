import { snapshotsForExport } from "@/db/queries/imports";
import { snapshotsCsv } from "@/db/ingest/export";
import { SNAPSHOT_COLUMNS } from "@/db/ingest/indicators";
import { route } from "../../_lib/route";
import { exportQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The scope's hamlet figures at a date as CSV (small counts withheld), importable as it is: hamlet rows, so export.rows. */
export const GET = route({ action: "export.rows", query: exportQuery }, async ({ db, scope, query }) => {
  const rows = await snapshotsForExport({ db, scope, date: query.date });
  const csv = snapshotsCsv(
    rows.map((r) => ({
      hamletCode: r.hamletCode,
      commune: r.commune,
      hamlet: r.hamlet,
      asOf: r.asOf,
      counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
    })),
  );
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="gapmap-${scope.unitId}-${query.date}.csv"` },
  });
});

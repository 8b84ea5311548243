import { getScopeUnit } from "@/db/queries/admin";
import { hamletGeometries, priorityHamlets, snapshotDates } from "@/db/queries/priorities";
import { coverageReviewHistory, telecomGapHamlets } from "@/db/queries/telecom";
import { DEFAULT_LOCALE, LOCALE_COOKIE, parseLocale } from "@/app/_i18n/config";
import { bottleneckSummary, gapRows, rankRows } from "@/app/_screens/priorities";
import { weightsFrom } from "@/app/_screens/params";
import { notFound } from "../_lib/respond";
import { forbidden, route } from "../_lib/route";
import { type Action, allowed } from "@/app/_auth/policy";
import { unitNotFoundMessage } from "@/app/_auth/scope";
import { exportFileName, fileResponse, toCsv, toXlsx, type Column, type CsvSeparator } from "../_lib/export";
import { countsFor, type Counts } from "@/app/_auth/counts";
import { TELECOM_VIEWS } from "@/geo/telecom-gaps";
import {
  bottleneckColumns,
  bottleneckLines,
  priorityColumns,
  priorityGeoJson,
  reviewColumns,
  telecomColumns,
  telecomCountColumns,
  telecomCountLines,
  telecomGeoJson,
} from "./tables";
import { exportQuery } from "./schema";

export const dynamic = "force-dynamic";

/** Besides export.rows, each table needs the action of the screen it comes from. */
const TABLE_ACTION = {
  priorities: "priorities.read",
  bottlenecks: "priorities.read",
  telecom: "telecom.read",
  telecomCounts: "telecom.read",
  reviews: "telecom.read",
} as const satisfies Record<string, Action>;

const FILE_STEM = {
  priorities: "uu-tien",
  bottlenecks: "diem-nghen",
  telecom: "vien-thong",
  telecomCounts: "vien-thong-so-ban",
  reviews: "xac-nhan-vung-phu",
} as const;

/** Every table of the priorities and telecom screens as CSV, XLSX or GeoJSON, for the viewer's scope and date.
 * Hamlet rows: action export.rows (the viewer role gets 403). */
export const GET = route({ action: "export.rows", query: exportQuery }, async ({ request, db, viewer, scope, query }) => {
  const { table, format } = query;
  if (!allowed(viewer.role, TABLE_ACTION[table]))
    return forbidden(`Vai trò ${viewer.role} không được xuất bảng này. / Forbidden: the role ${viewer.role} may not export ${table} (${TABLE_ACTION[table]}).`);
  const { unitId, structure } = scope;
  const locale = query.lang ?? cookieLocale(request) ?? DEFAULT_LOCALE;
  const unit = await getScopeUnit({ db, scope });
  if (!unit) return notFound(unitNotFoundMessage(unitId, structure));
  const date = query.date ?? (await snapshotDates({ db, scope }))[0];
  if (!date) return notFound(`Unit ${unitId} has no hamlet data`);
  const stem = table === "telecom" ? `${FILE_STEM.telecom}-${query.view}` : FILE_STEM[table];
  const fileName = exportFileName(stem, unit, date, format);
  const meta = { unit: { id: unit.id, name: unit.fullName }, structure, date };
  const out = { sep: query.sep, counts: countsFor(viewer) };

  if (table === "priorities" || table === "bottlenecks") {
    const data = await priorityHamlets({ db, scope, date });
    if (table === "bottlenecks")
      return writeTable(format, fileName, unit.name, bottleneckColumns(locale), bottleneckLines(bottleneckSummary(data.hamlets), out.counts), out);
    const { weights } = weightsFrom(query);
    const rows = rankRows(gapRows(data.hamlets, out.counts), weights);
    if (format === "geojson")
      return fileResponse(
        JSON.stringify(priorityGeoJson(rows, await hamletGeometries({ db, scope }), weights, { ...meta, coverageAsOf: data.coverageAsOf })),
        "geojson",
        fileName,
      );
    return writeTable(format, fileName, unit.name, priorityColumns(locale, weights), rows, out);
  }
  if (table === "telecom") {
    const t = await telecomGapHamlets({ db, scope, date, view: query.view, rankBy: query.rankBy });
    if (format === "geojson")
      return fileResponse(
        JSON.stringify(telecomGeoJson(t.hamlets, { ...meta, view: t.view, counts: t.counts, coverageAsOf: t.coverageAsOf })),
        "geojson",
        fileName,
      );
    return writeTable(format, fileName, unit.name, telecomColumns(locale, query.view), t.hamlets, out);
  }
  if (table === "telecomCounts") {
    const views = await Promise.all(TELECOM_VIEWS.map((view) => telecomGapHamlets({ db, scope, date, view })));
    return writeTable(format, fileName, unit.name, telecomCountColumns(locale), telecomCountLines(views), out);
  }
  return writeTable(format, fileName, unit.name, reviewColumns(locale), await coverageReviewHistory({ db, scope }), out);
});

type Out = { sep: CsvSeparator; counts: Counts };

async function writeTable<T>(
  format: "csv" | "xlsx" | "geojson",
  fileName: string,
  sheet: string,
  columns: Column<T>[],
  rows: readonly T[],
  out: Out,
): Promise<Response> {
  if (format === "csv") return fileResponse(await toCsv(columns, rows, out.sep, out.counts), "csv", fileName);
  return fileResponse(await toXlsx(sheet, columns, rows, out.counts), "xlsx", fileName);
}

function cookieLocale(request: Request) {
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(request.headers.get("cookie") ?? "");
  return m ? parseLocale(m[1]) : null;
}

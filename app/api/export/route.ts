import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { hamletGeometries, priorityHamlets, snapshotDates } from "@/db/queries/priorities";
import { coverageReviewHistory, telecomGapHamlets } from "@/db/queries/telecom";
import { DEFAULT_LOCALE, LOCALE_COOKIE, parseLocale } from "@/app/_i18n/config";
import { bottleneckSummary, gapRows, rankRows } from "@/app/_screens/priorities";
import { weightsFrom } from "@/app/_screens/params";
import { parseQuery, notFound, serverError } from "../_lib/respond";
import { exportFileName, fileResponse, toCsv, toXlsx, type Column, type CsvSeparator } from "../_lib/export";
import { TELECOM_VIEWS } from "@/geo/telecom-gaps";
import { bottleneckColumns, bottleneckLines, priorityColumns, priorityGeoJson, reviewColumns, telecomColumns, telecomCountColumns, telecomCountLines, telecomGeoJson } from "./tables";
import { exportQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

const FILE_STEM = { priorities: "uu-tien", bottlenecks: "diem-nghen", telecom: "vien-thong", telecomCounts: "vien-thong-so-ban", reviews: "xac-nhan-vung-phu" } as const;

/** Every table of the priorities and telecom screens as CSV, XLSX or GeoJSON, for the viewer's scope and date. */
export async function GET(request: Request) {
  const q = parseQuery(exportQuery, request);
  if (!q.ok) return q.response;
  const { table, format, unit: unitId, structure } = q.data;
  const scope = scopeOf(unitId, structure);
  const locale = q.data.lang ?? cookieLocale(request) ?? DEFAULT_LOCALE;
  try {
    const db = await getDb();
    const unit = await getScopeUnit({ db, scope });
    if (!unit) return notFound(`Unit ${unitId} does not exist in the ${structure} structure`);
    const date = q.data.date ?? (await snapshotDates({ db, scope }))[0];
    if (!date) return notFound(`Unit ${unitId} has no hamlet data`);
    const stem = table === "telecom" ? `${FILE_STEM.telecom}-${q.data.view}` : FILE_STEM[table];
    const fileName = exportFileName(stem, unit, date, format);
    const meta = { unit: { id: unit.id, name: unit.fullName }, structure, date };

    if (table === "priorities" || table === "bottlenecks") {
      const data = await priorityHamlets({ db, scope, date });
      if (table === "bottlenecks") return writeTable(format, fileName, unit.name, bottleneckColumns(locale), bottleneckLines(bottleneckSummary(data.hamlets)), q.data.sep);
      const { weights } = weightsFrom(q.data);
      const rows = rankRows(gapRows(data.hamlets), weights);
      if (format === "geojson") return fileResponse(JSON.stringify(priorityGeoJson(rows, await hamletGeometries({ db, scope }), weights, { ...meta, coverageAsOf: data.coverageAsOf })), "geojson", fileName);
      return writeTable(format, fileName, unit.name, priorityColumns(locale, weights), rows, q.data.sep);
    }
    if (table === "telecom") {
      const t = await telecomGapHamlets({ db, scope, date, view: q.data.view, rankBy: q.data.rankBy });
      if (format === "geojson") return fileResponse(JSON.stringify(telecomGeoJson(t.hamlets, { ...meta, view: t.view, counts: t.counts, coverageAsOf: t.coverageAsOf })), "geojson", fileName);
      return writeTable(format, fileName, unit.name, telecomColumns(locale, q.data.view), t.hamlets, q.data.sep);
    }
    if (table === "telecomCounts") {
      const views = await Promise.all(TELECOM_VIEWS.map((view) => telecomGapHamlets({ db, scope, date, view })));
      return writeTable(format, fileName, unit.name, telecomCountColumns(locale), telecomCountLines(views), q.data.sep);
    }
    return writeTable(format, fileName, unit.name, reviewColumns(locale), await coverageReviewHistory({ db, scope }), q.data.sep);
  } catch (err) {
    return serverError(err);
  }
}

async function writeTable<T>(format: "csv" | "xlsx" | "geojson", fileName: string, sheet: string, columns: Column<T>[], rows: readonly T[], sep: CsvSeparator = "comma"): Promise<Response> {
  if (format === "csv") return fileResponse(await toCsv(columns, rows, sep), "csv", fileName);
  return fileResponse(await toXlsx(sheet, columns, rows), "xlsx", fileName);
}

function cookieLocale(request: Request) {
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(request.headers.get("cookie") ?? "");
  return m ? parseLocale(m[1]) : null;
}

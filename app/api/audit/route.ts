import { AUDIT_COLUMNS, auditScreen } from "@/app/_screens/audit";
import { fileResponse, toCsv } from "../_lib/export";
import { forbidden, route } from "../_lib/route";
import { auditQuery } from "./schema";

export const dynamic = "force-dynamic";

/**
 * The audit log (read only: nothing in the app updates or deletes an audit row): JSON, one page
 * (?page=), or CSV, every matching row (?format=csv). Administrators: all rows; planners: the rows
 * inside their unit (auditScreen applies the scope); others 403; without a session 401.
 */
export const GET = route({ action: "audit.read", query: auditQuery, scoped: false }, async ({ db, viewer, query }) => {
  const screen = await auditScreen({ db, viewer, query, all: query.format === "csv" });
  if (screen.status === "forbidden")
    return forbidden("Nhật ký chỉ dành cho quản trị viên và cán bộ kế hoạch. / The audit log is for administrators and planners.");
  if (query.format === "csv") {
    const day = new Date().toISOString().slice(0, 10);
    return fileResponse(await toCsv(AUDIT_COLUMNS, screen.rows), "csv", `gapmap06_nhat-ky_${day}.csv`);
  }
  return Response.json({ rows: screen.rows, total: screen.total, page: screen.page, pages: screen.pages });
});

import { getDb } from "@/db";
import { viewerFromRequest } from "@/app/_auth/viewer";
import { AUDIT_COLUMNS, auditScreen } from "@/app/_screens/audit";
import { fileResponse, toCsv } from "../_lib/export";
import { parseQuery, serverError } from "../_lib/respond";
import { auditQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The action each method performs (app/_auth/policy.ts). */
export const policy = { GET: "audit.read" } as const;

/**
 * The audit log (read only: nothing in the app updates or deletes an audit row): JSON, one page
 * (?page=), or CSV, every matching row (?format=csv). Administrators: all rows; planners: the rows
 * inside their unit; others 403; without a session 401.
 */
export async function GET(request: Request) {
  const q = parseQuery(auditQuery, request);
  if (!q.ok) return q.response;
  try {
    const viewer = await viewerFromRequest(request);
    if (!viewer) return Response.json({ error: "Sign in first", issues: [] }, { status: 401 });
    const db = await getDb();
    const screen = await auditScreen({ db, viewer, query: q.data, all: q.data.format === "csv" });
    if (screen.status === "forbidden") return Response.json({ error: "The audit log is for administrators and planners", issues: [] }, { status: 403 });
    if (q.data.format === "csv") {
      const day = new Date().toISOString().slice(0, 10);
      return fileResponse(await toCsv(AUDIT_COLUMNS, screen.rows), "csv", `gapmap06_nhat-ky_${day}.csv`);
    }
    return Response.json({ rows: screen.rows, total: screen.total, page: screen.page, pages: screen.pages });
  } catch (err) {
    return serverError(err);
  }
}

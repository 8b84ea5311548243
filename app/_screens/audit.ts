import "server-only";
import type { Db } from "@/db";
import { auditLog, type AuditFilters, type AuditListItem } from "@/db/queries/audit";
import { scopeOf } from "@/db/queries/scope";
import { ruleFor } from "@/app/_auth/policy";
import type { Viewer } from "@/app/_auth/viewer";
import type { AuditQuery } from "@/app/api/audit/schema";
import type { Column } from "@/app/api/_lib/export";

/** Rows per page of /audit. */
export const AUDIT_PAGE_SIZE = 50;
/** The most rows one export carries (newest first). */
export const AUDIT_EXPORT_MAX = 50_000;

export type AuditScreen =
  | { status: "forbidden" }
  | { status: "ok"; rows: AuditListItem[]; total: number; page: number; pageSize: number; pages: number; everything: boolean };

/**
 * The audit log a viewer may read (policy "audit.read"): an administrator every row; a planner the
 * rows whose unit lies inside their unit (rows without a unit — accounts — are not theirs); others
 * nothing. The filters narrow it further. `all`: every matching row (exports), else one page.
 */
export async function auditScreen({ db, viewer, query, all = false }: { db: Db; viewer: Viewer; query: AuditQuery; all?: boolean }): Promise<AuditScreen> {
  const rule = ruleFor(viewer.role, "audit.read");
  if (rule === null) return { status: "forbidden" };
  if (rule !== "all" && (!viewer.unitId || !viewer.structure)) return { status: "forbidden" };
  const scope = rule === "all" ? null : scopeOf(viewer.unitId!, viewer.structure!);
  const filters: AuditFilters = {
    from: query.from,
    to: query.to,
    action: query.action,
    userEmail: query.user,
    unit: query.unit ? scopeOf(query.unit, query.structure) : undefined,
  };
  const limit = all ? AUDIT_EXPORT_MAX : AUDIT_PAGE_SIZE;
  const offset = all ? 0 : (query.page - 1) * AUDIT_PAGE_SIZE;
  const { rows, total } = await auditLog({ db, scope, filters, limit, offset });
  return {
    status: "ok",
    rows,
    total,
    page: all ? 1 : query.page,
    pageSize: limit,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    everything: rule === "all",
  };
}

/** The export's columns (headers in English and stable: a file for other tools). */
export const AUDIT_COLUMNS: Column<AuditListItem>[] = [
  { header: "id", value: (r) => r.id, kind: "number" },
  { header: "at", value: (r) => r.at, width: 26 },
  { header: "user_email", value: (r) => r.userEmail, width: 28 },
  { header: "user_id", value: (r) => r.userId, width: 28 },
  { header: "role", value: (r) => r.role },
  { header: "action", value: (r) => r.action, width: 20 },
  { header: "unit_id", value: (r) => r.unitId },
  { header: "structure", value: (r) => r.structure },
  { header: "target_ids", value: (r) => JSON.stringify(r.targetIds), width: 24 },
  { header: "summary", value: (r) => JSON.stringify(r.summary), width: 60 },
  { header: "request_id", value: (r) => r.requestId, width: 36 },
  { header: "client_address", value: (r) => r.clientAddress },
];

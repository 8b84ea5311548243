import "server-only";
import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog as auditTable, type AuditAction, type AuditRow, type AuditSummary } from "../schema";
import type { Scope } from "./scope";
import { inScope } from "./sql/scope";

export { AUDIT_ACTIONS, type AuditAction, type AuditSummary } from "../schema";

/**
 * Who does a write, and from where: every write query function takes one and records it in
 * audit_log. Today routes build it in one place (app/api/_lib/actor.ts) from what the request
 * says; with sign-in it comes from the session.
 */
export interface Actor {
  userId: string;
  email: string;
  role: string;
  /** The request's id (its x-request-id header, or one made for it). */
  requestId: string;
  /** The client's address (first hop of x-forwarded-for), null when unknown. */
  address: string | null;
}

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  /** The unit (and structure) the write concerned; null for writes outside the admin tree. */
  scope: Pick<Scope, "unitId" | "structure"> | null;
  /** Ids of the rows written (the import, the review, the scenarios …). */
  targetIds: readonly (string | number)[];
  /** A short before/after: a few fields, never whole rows or files. */
  summary: AuditSummary;
}

/**
 * Appends one audit row, inside the transaction that makes the change (so both are kept or
 * neither). Throws when `tx` is not a transaction: an audit row written beside a change could
 * outlive it, or the change its audit row.
 */
export async function recordAudit(tx: Db, entry: AuditEntry): Promise<number> {
  if (typeof (tx as { rollback?: unknown }).rollback !== "function") {
    throw new Error(`recordAudit(${entry.action}): must run inside the transaction that makes the change`);
  }
  const [row] = await tx
    .insert(auditTable)
    .values({
      userId: entry.actor.userId,
      userEmail: entry.actor.email,
      role: entry.actor.role,
      action: entry.action,
      unitId: entry.scope?.unitId ?? null,
      structure: entry.scope?.structure ?? null,
      targetIds: [...entry.targetIds],
      summary: entry.summary,
      requestId: entry.actor.requestId,
      clientAddress: entry.actor.address,
    })
    .returning({ id: auditTable.id });
  return row!.id;
}

export interface AuditFilters {
  /** From this instant (inclusive), ISO date or timestamp. */
  from?: string;
  /** Up to this instant (exclusive); a date YYYY-MM-DD means up to the end of that day (UTC). */
  to?: string;
  action?: AuditAction;
  userId?: string;
  /** The user's e-mail (case-insensitive, exact). */
  userEmail?: string;
  /** Rows whose unit lies inside this unit (further narrowing the reader's scope). */
  unit?: Scope;
}

export interface AuditListItem {
  id: number;
  at: string;
  userId: string;
  userEmail: string;
  role: string;
  action: AuditAction;
  unitId: string | null;
  structure: "pre2025" | "post2025" | null;
  targetIds: (string | number)[];
  summary: AuditSummary;
  requestId: string;
  clientAddress: string | null;
}

/**
 * The audit rows a viewer may read, newest first: those whose unit lies inside `scope`, or — with
 * `scope: null`, for an administrator — all of them (rows with no unit included). `total` is the
 * number of rows matching, for paging.
 */
export async function auditLog({
  db,
  scope,
  filters = {},
  limit = 100,
  offset = 0,
}: {
  db: Db;
  scope: Scope | null;
  filters?: AuditFilters;
  limit?: number;
  offset?: number;
}): Promise<{ rows: AuditListItem[]; total: number }> {
  const where = auditWhere(scope, filters);
  const [rows, [tot]] = await Promise.all([
    db.select().from(auditTable).where(where).orderBy(desc(auditTable.at), desc(auditTable.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(auditTable).where(where),
  ]);
  return { rows: rows.map(toItem), total: Number(tot?.n ?? 0) };
}

/** Audit rows flattened to text cells for a CSV export (ids and summary as JSON). */
export function auditCsvRows(rows: readonly AuditListItem[]): Record<string, string>[] {
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    userId: r.userId,
    userEmail: r.userEmail,
    role: r.role,
    action: r.action,
    unitId: r.unitId ?? "",
    structure: r.structure ?? "",
    targetIds: JSON.stringify(r.targetIds),
    summary: JSON.stringify(r.summary),
    requestId: r.requestId,
    clientAddress: r.clientAddress ?? "",
  }));
}

function auditWhere(scope: Scope | null, f: AuditFilters): SQL | undefined {
  return and(
    scope ? inScope(scope, auditTable.unitId) : undefined,
    f.from ? gte(auditTable.at, instant(f.from, 0)) : undefined,
    f.to ? lt(auditTable.at, instant(f.to, 1)) : undefined,
    f.action ? eq(auditTable.action, f.action) : undefined,
    f.userId ? eq(auditTable.userId, f.userId) : undefined,
    f.userEmail ? sql`lower(${auditTable.userEmail}) = ${f.userEmail.toLowerCase()}` : undefined,
    f.unit ? inScope(f.unit, auditTable.unitId) : undefined,
  );
}

/** An ISO timestamp as given, or a date YYYY-MM-DD as UTC midnight (plus `days`: "to" a date includes that day). */
function instant(v: string, days: 0 | 1): SQL {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return sql`((${v}::date + ${days}::int)::timestamp at time zone 'UTC')`;
  if (Number.isNaN(Date.parse(v))) throw new RangeError(`auditLog: ${JSON.stringify(v)} is neither a date YYYY-MM-DD nor an ISO timestamp`);
  return sql`${new Date(v).toISOString()}::timestamptz`;
}

function toItem(r: AuditRow): AuditListItem {
  return { ...r, at: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(), targetIds: r.targetIds ?? [], summary: r.summary ?? {} };
}

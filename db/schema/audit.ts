import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What an audit row says was done. "import.commit" and the others in the data's own words; the
 * user and auth actions are written by the accounts code.
 */
export const AUDIT_ACTIONS = [
  "import.commit",
  "import.undo",
  "coverage_review.add",
  "scenario.save",
  "scenario.delete",
  "column_mapping.save",
  "user.create",
  "user.disable",
  "user.enable",
  "user.reset_password",
  "user.update",
  "auth.password_change",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A short before/after of what changed (a few fields, never the rows themselves). */
export type AuditSummary = { before?: unknown; after?: unknown } & Record<string, unknown>;

/**
 * Every write, append-only: who (user, e-mail, role), when, what (action, the unit and structure
 * it concerned, the ids it touched, a short before/after), the request id and client address.
 * Written in the same transaction as the change (db/queries/audit.ts recordAudit); a trigger
 * (migration "audit_log_append_only") refuses any UPDATE, DELETE or TRUNCATE of the table.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: text("user_id").notNull(),
    userEmail: text("user_email").notNull(),
    role: text("role").notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** The unit the write concerned (a scope's unit, a hamlet), null for writes outside the tree (users). */
    unitId: text("unit_id"),
    structure: text("structure", { enum: ["pre2025", "post2025"] }),
    /** Ids of the rows it touched (import id, review id, scenario ids, user id …). */
    targetIds: jsonb("target_ids").$type<(string | number)[]>().notNull().default(sql`'[]'::jsonb`),
    summary: jsonb("summary").$type<AuditSummary>().notNull().default(sql`'{}'::jsonb`),
    requestId: text("request_id").notNull(),
    clientAddress: text("client_address"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_unit_idx").on(t.unitId, t.at), index("audit_log_user_idx").on(t.userId, t.at)],
);

export type AuditRow = typeof auditLog.$inferSelect;

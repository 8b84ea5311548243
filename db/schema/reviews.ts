import { sql } from "drizzle-orm";
import { pgTable, text, date, timestamp, serial, index, check } from "drizzle-orm/pg-core";
import { adminUnits } from "./admin";
import { coverageKind, operator } from "./infrastructure";

/**
 * An operator's review of a hamlet's coverage: confirmed or disputed, with a comment and date.
 * Append-only: the history is the table; the latest row per hamlet, operator and kind is current.
 */
export const coverageReviews = pgTable(
  "coverage_reviews",
  {
    id: serial("id").primaryKey(),
    hamletId: text("hamlet_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    operator: operator("operator").notNull(),
    /** Which coverage is reviewed (2g, 3g, 4g, fiber). */
    kind: coverageKind("kind").notNull(),
    status: text("status", { enum: ["confirmed", "disputed"] }).notNull(),
    comment: text("comment").notNull().default(""),
    /** The date the review refers to (the coverage as of then). */
    asOf: date("as_of").notNull(),
    reviewedBy: text("reviewed_by").notNull(),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("coverage_reviews_hamlet_idx").on(t.hamletId, t.operator, t.kind, t.reviewedAt),
    check("coverage_reviews_comment_len", sql`length(${t.comment}) <= 2000`),
  ],
);

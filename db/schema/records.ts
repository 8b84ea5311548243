import { pgTable, text, timestamp, jsonb, serial, index } from "drizzle-orm/pg-core";

/** One import of a file (or one demo-data generation): who, when, what, and how many rows. */
export const importRecords = pgTable(
  "import_records",
  {
    id: serial("id").primaryKey(),
    kind: text("kind", { enum: ["demo", "indicators", "targets", "coverage", "sites", "hamlets"] }).notNull(),
    fileName: text("file_name").notNull(),
    /** SHA-256 of the file (or of the generator's seed + version for the demo). */
    sha256: text("sha256").notNull(),
    importedBy: text("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    /** Row counts per table, e.g. { hamlet_snapshots: 69504 }. */
    counts: jsonb("counts").$type<Record<string, number>>().notNull(),
    /** Column mapping used, or the generator's parameters (seed, version). */
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    /** Set when the import was undone. */
    undoneAt: timestamp("undone_at", { withTimezone: true }),
  },
  (t) => [index("import_records_sha_idx").on(t.sha256)],
);

/** A saved plan (Wi-Fi points + mobile-team itineraries), scoped to its unit. */
export const scenarios = pgTable("scenarios", {
  id: serial("id").primaryKey(),
  unitId: text("unit_id").notNull(),
  structure: text("structure", { enum: ["pre2025", "post2025"] }).notNull(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /** The plan's parameters and results, validated by its zod schema before saving. */
  plan: jsonb("plan").$type<Record<string, unknown>>().notNull(),
});

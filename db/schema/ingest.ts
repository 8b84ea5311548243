import { pgTable, text, integer, timestamp, jsonb, serial, index } from "drizzle-orm/pg-core";
import { importRecords } from "./records";

/** A column mapping a user confirmed for a file layout, remembered for the next file with the same headers. */
export const columnMappings = pgTable(
  "column_mappings",
  {
    id: serial("id").primaryKey(),
    kind: text("kind", { enum: ["indicators", "targets", "sites", "hamlets"] }).notNull(),
    /** Normalised header row (folded, joined with "|"): the key a new file is matched on. */
    headerSignature: text("header_signature").notNull(),
    /** Source column (as written in the file) → field of the data model. */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("column_mappings_sig_idx").on(t.kind, t.headerSignature)],
);

/**
 * What an import changed, row by row, so that it can be undone exactly: the row's key, its values
 * before (null when the import inserted it) and after (null when the import deleted it).
 */
export const importChanges = pgTable(
  "import_changes",
  {
    id: serial("id").primaryKey(),
    importId: integer("import_id")
      .notNull()
      .references(() => importRecords.id, { onDelete: "cascade" }),
    tableName: text("table_name").notNull(),
    rowKey: jsonb("row_key").$type<Record<string, unknown>>().notNull(),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
  },
  (t) => [index("import_changes_import_idx").on(t.importId)],
);

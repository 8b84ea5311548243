import { sql } from "drizzle-orm";
import { pgTable, text, integer, doublePrecision, date, jsonb, primaryKey, index, check, pgEnum } from "drizzle-orm/pg-core";
import type { Geometry } from "geojson";

/** Level of an administrative unit. "district" exists only in the pre-July-2025 structure. */
export const adminLevel = pgEnum("admin_level", ["province", "district", "commune", "hamlet"]);

/**
 * The two local-government structures: province → district → commune → hamlet until 30 June 2025,
 * province → commune → hamlet from 1 July 2025. A unit may belong to both (a province, a hamlet).
 */
export const adminStructure = pgEnum("admin_structure", ["pre2025", "post2025"]);

/**
 * Every administrative unit of any level, pre- and post-2025. Codes are GSO codes (hamlets have
 * none officially; the demo gives them synthetic ones). Ids are stable and distinct even where
 * GSO re-used a code for a successor (e.g. 03127 was phường Him Lam, then phường Điện Biên Phủ).
 */
export const adminUnits = pgTable(
  "admin_units",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    level: adminLevel("level").notNull(),
    /** Vietnamese type word in lower case: tỉnh, thành phố, huyện, thị xã, xã, phường, thị trấn, bản, thôn, xóm, tổ dân phố. */
    type: text("type").notNull(),
    /** Name without the type word, Unicode NFC. */
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    /** Diacritic- and case-folded name (geo/names.ts foldName) for search. */
    nameFolded: text("name_folded").notNull(),
    /** Other spellings (NFC), e.g. "Xín Chải" / "Sín Chải". */
    aliases: jsonb("aliases").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    validFrom: date("valid_from").notNull(),
    /** Last day of validity; null while the unit exists. */
    validTo: date("valid_to"),
    geometry: jsonb("geometry").$type<Geometry>(),
    labelLon: doublePrecision("label_lon"),
    labelLat: doublePrecision("label_lat"),
    bboxWest: doublePrecision("bbox_west"),
    bboxSouth: doublePrecision("bbox_south"),
    bboxEast: doublePrecision("bbox_east"),
    bboxNorth: doublePrecision("bbox_north"),
    /** 2019 census population where known (communes and above). */
    pop2019: integer("pop2019"),
    /** Where the unit's geometry and attributes come from. */
    source: text("source").notNull(),
  },
  (t) => [
    index("admin_units_level_idx").on(t.level),
    index("admin_units_code_idx").on(t.code),
    index("admin_units_name_folded_idx").on(t.nameFolded),
    check("admin_units_name_nonempty", sql`length(${t.name}) > 0`),
    check("admin_units_valid_range", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * Parent links per structure. A hamlet has one parent commune in each structure, which is what
 * makes the hamlet-level crosswalk exact even where a commune was split in 2025.
 */
export const adminParents = pgTable(
  "admin_parents",
  {
    structure: adminStructure("structure").notNull(),
    childId: text("child_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    parentId: text("parent_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.structure, t.childId] }), index("admin_parents_parent_idx").on(t.structure, t.parentId)],
);

/**
 * Transitive closure of admin_parents (depth 0 = the unit itself), maintained by
 * db/queries/admin.ts rebuildClosure() in the same transaction as any change to the tree.
 * It turns "all hamlets in the viewer's scope" into one indexed join on both PGlite and PostgreSQL.
 */
export const adminClosure = pgTable(
  "admin_closure",
  {
    structure: adminStructure("structure").notNull(),
    ancestorId: text("ancestor_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    descendantId: text("descendant_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    depth: integer("depth").notNull(),
  },
  (t) => [primaryKey({ columns: [t.structure, t.ancestorId, t.descendantId] }), index("admin_closure_desc_idx").on(t.structure, t.descendantId)],
);

/** Succession of units on a reorganisation (e.g. 1 July 2025): whole or partial transfer. */
export const adminSuccessions = pgTable(
  "admin_successions",
  {
    predecessorId: text("predecessor_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    successorId: text("successor_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    /** "full": the whole predecessor passes to the successor; "partial": a part of it (the hamlet parents say which). */
    kind: text("kind", { enum: ["full", "partial"] }).notNull(),
    effective: date("effective").notNull(),
    legalBasis: text("legal_basis"),
  },
  (t) => [primaryKey({ columns: [t.predecessorId, t.successorId] })],
);

export type AdminUnit = typeof adminUnits.$inferSelect;
export type NewAdminUnit = typeof adminUnits.$inferInsert;
export type Structure = (typeof adminStructure.enumValues)[number];
export type Level = (typeof adminLevel.enumValues)[number];

import { sql } from "drizzle-orm";
import { pgTable, text, integer, date, jsonb, serial, boolean, doublePrecision, index, primaryKey, pgEnum } from "drizzle-orm/pg-core";
import type { Polygon, MultiPolygon } from "geojson";
import { adminUnits } from "./admin";
import { importRecords } from "./records";
import { COVERAGE_KINDS, OPERATORS, SIGNAL_LEVELS, SITE_BACKHAUL, SITE_KINDS, SITE_POWER, type SignalLevel } from "../../geo/domain";

// The SQL enums are the domain's arrays (geo/domain.ts): same values, same order.
export const coverageKind = pgEnum("coverage_kind", COVERAGE_KINDS);
export const operator = pgEnum("operator", OPERATORS);
export const signalLevel = pgEnum("signal_level", SIGNAL_LEVELS);
export const siteKind = pgEnum("site_kind", SITE_KINDS);

/**
 * One delivered coverage layer: a kind (and operator) for a province as of a date. A layer may hold
 * no features — an explicit "no coverage of this kind any more" — so the newest layer always wins.
 */
export const coverageLayers = pgTable(
  "coverage_layers",
  {
    id: serial("id").primaryKey(),
    provinceId: text("province_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    kind: coverageKind("kind").notNull(),
    operator: operator("operator"),
    asOf: date("as_of").notNull(),
    source: text("source").notNull(),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [index("coverage_layers_idx").on(t.provinceId, t.kind, t.operator, t.asOf)],
);

/**
 * A coverage polygon: grid power, a mobile technology of one operator, or fiber, valid from asOf
 * until a newer layer of the same kind and operator. Mobile polygons carry a signal level.
 */
export const coverageFeatures = pgTable(
  "coverage_features",
  {
    id: serial("id").primaryKey(),
    layerId: integer("layer_id")
      .notNull()
      .references(() => coverageLayers.id, { onDelete: "cascade" }),
    kind: coverageKind("kind").notNull(),
    /** Null for grid power; the operator for mobile and fiber. */
    operator: operator("operator"),
    /** For mobile kinds: the signal inside this polygon ("good" or "weak"). */
    level: signalLevel("level"),
    asOf: date("as_of").notNull(),
    /** The province the layer was delivered for (coverage files come per province). */
    provinceId: text("province_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    geometry: jsonb("geometry").$type<Polygon | MultiPolygon>().notNull(),
    bboxWest: doublePrecision("bbox_west").notNull(),
    bboxSouth: doublePrecision("bbox_south").notNull(),
    bboxEast: doublePrecision("bbox_east").notNull(),
    bboxNorth: doublePrecision("bbox_north").notNull(),
    source: text("source").notNull(),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [index("coverage_layer_idx").on(t.provinceId, t.kind, t.asOf), index("coverage_features_layer_idx").on(t.layerId)],
);

/**
 * Per-hamlet infrastructure status at a date: the result of joining the hamlet's point with the
 * coverage layers valid then (recomputed whenever coverage changes), or a field survey.
 */
export const hamletInfrastructure = pgTable(
  "hamlet_infrastructure",
  {
    hamletId: text("hamlet_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    asOf: date("as_of").notNull(),
    grid: boolean("grid").notNull(),
    fiber: boolean("fiber").notNull(),
    /** Signal level per operator and technology, e.g. { viettel: { "2g": "good", "3g": "weak", "4g": "none" } }. */
    signal: jsonb("signal").$type<Record<string, Record<string, SignalLevel>>>().notNull(),
    source: text("source", { enum: ["coverage_join", "survey"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hamletId, t.asOf] })],
);

/** Schools, cultural houses, commune HQ/police, health stations, existing Wi-Fi points. */
export const sites = pgTable(
  "sites",
  {
    id: serial("id").primaryKey(),
    kind: siteKind("kind").notNull(),
    name: text("name").notNull(),
    hamletId: text("hamlet_id").references(() => adminUnits.id, { onDelete: "set null" }),
    lon: doublePrecision("lon").notNull(),
    lat: doublePrecision("lat").notNull(),
    /** "grid", "solar" or "none". */
    power: text("power", { enum: SITE_POWER }).notNull(),
    /** "fiber", "4g", "3g" or "none". */
    backhaul: text("backhaul", { enum: SITE_BACKHAUL }).notNull(),
    attrs: jsonb("attrs").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [index("sites_hamlet_idx").on(t.hamletId)],
);

import { getTableColumns, sql } from "drizzle-orm";
import { pgTable, text, integer, date, primaryKey, index, check, serial, doublePrecision } from "drizzle-orm/pg-core";
import { adminUnits } from "./admin";
import { importRecords } from "./records";
import { FUNNEL_STEPS, POPULATION_KEYS, REASON_KEYS } from "../../geo/domain";

/**
 * One hamlet's counts at one date (a monthly report). All values are counts of people or
 * households — never anything that identifies a person.
 */
export const hamletSnapshots = pgTable(
  "hamlet_snapshots",
  {
    hamletId: text("hamlet_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    asOf: date("as_of").notNull(),
    /** People aged 14 and over who can be enrolled. */
    eligible: integer("eligible").notNull(),
    /** Chip-based citizen identity cards (CCCD) issued. */
    cccdIssued: integer("cccd_issued").notNull(),
    /** e-ID applications received (thu nhận). */
    received: integer("received").notNull(),
    /** e-ID accounts activated (kích hoạt). */
    activated: integer("activated").notNull(),
    /** Level-2 accounts (mức độ 2). */
    level2: integer("level2").notNull(),
    // People not yet activated (eligible − activated), by main reason.
    reasonAway: integer("reason_away").notNull().default(0),
    reasonElderlySick: integer("reason_elderly_sick").notNull().default(0),
    reasonNoPhoneNumber: integer("reason_no_phone_number").notNull().default(0),
    reasonSimNotOwn: integer("reason_sim_not_own").notNull().default(0),
    reasonNoSmartphone: integer("reason_no_smartphone").notNull().default(0),
    reasonHandset2g: integer("reason_handset_2g").notNull().default(0),
    reasonNoSignal: integer("reason_no_signal").notNull().default(0),
    reasonOther: integer("reason_other").notNull().default(0),
    // Population and households.
    /** All residents, any age. */
    residents: integer("residents").notNull(),
    ethnicMinority: integer("ethnic_minority").notNull(),
    households: integer("households").notNull(),
    poorHouseholds: integer("poor_households").notNull(),
    nearPoorHouseholds: integer("near_poor_households").notNull(),
    /** Eligible people without a smartphone of their own. */
    withoutSmartphone: integer("without_smartphone").notNull(),
    /** People who need a SIM card but cannot buy one. */
    simNeed: integer("sim_need").notNull(),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.hamletId, t.asOf] }),
    index("hamlet_snapshots_as_of_idx").on(t.asOf),
    check(
      "snap_funnel_order",
      sql`${t.eligible} >= 0 and ${t.cccdIssued} <= ${t.eligible} and ${t.received} <= ${t.eligible} and ${t.activated} <= ${t.received} and ${t.level2} <= ${t.activated} and ${t.cccdIssued} >= 0 and ${t.level2} >= 0`,
    ),
    check(
      "snap_reasons_partition",
      sql`${t.reasonAway} + ${t.reasonElderlySick} + ${t.reasonNoPhoneNumber} + ${t.reasonSimNotOwn} + ${t.reasonNoSmartphone} + ${t.reasonHandset2g} + ${t.reasonNoSignal} + ${t.reasonOther} = ${t.eligible} - ${t.activated}`,
    ),
    check(
      "snap_reasons_nonneg",
      sql`least(${t.reasonAway}, ${t.reasonElderlySick}, ${t.reasonNoPhoneNumber}, ${t.reasonSimNotOwn}, ${t.reasonNoSmartphone}, ${t.reasonHandset2g}, ${t.reasonNoSignal}, ${t.reasonOther}) >= 0`,
    ),
    check(
      "snap_population",
      sql`${t.eligible} <= ${t.residents} and ${t.ethnicMinority} between 0 and ${t.residents} and ${t.poorHouseholds} + ${t.nearPoorHouseholds} <= ${t.households} and least(${t.poorHouseholds}, ${t.nearPoorHouseholds}) >= 0 and ${t.withoutSmartphone} between 0 and ${t.eligible} and ${t.simNeed} between 0 and ${t.eligible}`,
    ),
  ],
);

/** A target (chỉ tiêu) for a unit, metric and period, as assigned. */
export const targets = pgTable(
  "targets",
  {
    id: serial("id").primaryKey(),
    unitId: text("unit_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    metric: text("metric", { enum: ["received", "activated", "level2", "cccdIssued"] }).notNull(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    value: integer("value").notNull(),
    source: text("source").notNull(),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [
    index("targets_unit_idx").on(t.unitId, t.metric),
    check("targets_period", sql`${t.periodEnd} >= ${t.periodStart}`),
    check("targets_value", sql`${t.value} >= 0`),
  ],
);

/**
 * Figures that exist only above the hamlet (SIMs donated per operator, enrollment kits, online
 * dossiers, essential public services deployed, permanent/temporary residents …), kept as
 * reported with their source. They are never used to overwrite what hamlet data sum to.
 */
export const unitFigures = pgTable(
  "unit_figures",
  {
    id: serial("id").primaryKey(),
    unitId: text("unit_id")
      .notNull()
      .references(() => adminUnits.id, { onDelete: "cascade" }),
    asOf: date("as_of").notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value").notNull(),
    source: text("source").notNull(),
    note: text("note"),
    importId: integer("import_id").references(() => importRecords.id, { onDelete: "set null" }),
  },
  (t) => [index("unit_figures_unit_idx").on(t.unitId, t.metric, t.asOf)],
);

/** Every count of a snapshot, in funnel, reason and population order. */
export const SNAPSHOT_COUNTS = [...FUNNEL_STEPS, ...REASON_KEYS, ...POPULATION_KEYS] as const;
export type SnapshotCount = (typeof SNAPSHOT_COUNTS)[number];

/** Count field (camelCase) → its column in hamlet_snapshots, read from the table above (so it cannot drift). */
export const SNAPSHOT_COUNT_COLUMNS: Readonly<Record<SnapshotCount, string>> = (() => {
  const cols = getTableColumns(hamletSnapshots);
  return Object.fromEntries(SNAPSHOT_COUNTS.map((k) => [k, cols[k].name])) as Record<SnapshotCount, string>;
})();

export type HamletSnapshot = typeof hamletSnapshots.$inferSelect;
export type NewHamletSnapshot = typeof hamletSnapshots.$inferInsert;

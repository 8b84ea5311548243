import "server-only";
import { aggregateByUnit, BROADBAND_TECHS, MOBILE_TECHS as TECHS, OPERATORS, SIGNAL_RANK as SIGNAL_CODE } from "@/geo";
import type { Counts } from "@/app/_auth/counts";
import { withholdFunnelRow } from "./withhold";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import type { Db } from "@/db";
import { SUM_COLUMNS, type SumKey } from "@/db/queries/indicators";
import { coverageVersions, hamletAttributes, hamletMemberships, snapshotDates, targetsAt, type HamletAttributeRow } from "@/db/queries/explorer";
import { isDemoData } from "@/db/queries/records";
import type { Scope } from "@/db/queries/scope";

/**
 * The explorer's attributes of one scope at one date, as column tables keyed by id: one for the
 * hamlets, one for every unit above them (communes, districts, the province) rolled up from the
 * hamlet rows through the structure's crosswalk (geo/aggregate.ts). Geometry is not here: it is
 * fetched once (/api/boundaries) and joined on the client by id, so that changing the date
 * refetches only this table. Counts from 1 to 4 are withheld (null, listed under `withheld`) in
 * both tables; unit sums are computed from the full hamlet counts first, then withheld.
 */

export const COUNT_KEYS = Object.keys(SUM_COLUMNS) as SumKey[];
/** Hamlet-count columns of the unit table (counts of hamlets, not of people: never withheld). */
export const UNIT_FLAG_KEYS = ["noGrid", "no4g", "noSignal", "noBroadband", "noFiber"] as const;
type FlagKey = (typeof UNIT_FLAG_KEYS)[number];

export interface ColumnTable {
  ids: string[];
  /** Column name → one value per id (null: no data or withheld). */
  columns: Record<string, (number | null)[]>;
  /** Column name → row indexes whose value was withheld because it was small (1–4): shown "<5". */
  withheld: Record<string, number[]>;
  /** Column name → row indexes withheld (null) only so that a small one cannot be derived from the row (not small: not "<5"). */
  complementary: Record<string, number[]>;
}

export interface ExplorerAttributes {
  scope: Scope;
  /** The date asked for (null: the latest data). */
  date: string | null;
  /** Newest snapshot date among the hamlets' rows used. */
  asOf: string | null;
  /** Snapshot dates available in the scope, ascending. */
  dates: string[];
  /** Coverage versions of the province, ascending, and the one in effect at the date. */
  coverageVersions: string[];
  coverageAsOf: string | null;
  synthetic: boolean;
  source: string;
  hamlets: ColumnTable & { asOf: (string | null)[]; infraAsOf: (string | null)[] };
  units: ColumnTable & { targetPeriod: (string | null)[] };
}

/**
 * `counts` (app/_auth/counts.ts): "withheld" (default) — small counts and each row's complementary
 * cells (app/_screens/withhold.ts withholdFunnelRow); "exact" — as stored.
 */
export async function explorerAttributes({
  db,
  scope,
  date,
  counts = "withheld",
}: {
  db: Db;
  scope: Scope;
  date?: string;
  counts?: Counts;
}): Promise<ExplorerAttributes> {
  const [rows, memberships, dates, versions, synthetic] = await Promise.all([
    hamletAttributes({ db, scope, date }),
    hamletMemberships({ db, scope }),
    snapshotDates({ db, scope }),
    coverageVersions({ db, scope }),
    isDemoData({ db }),
  ]);
  const effective = date ?? dates[dates.length - 1] ?? null;
  const targets = effective ? await targetsAt({ db, scope, date: effective }) : [];

  const hamlets = hamletTable(rows, counts);
  const units = unitTable(rows, memberships, targets, counts);
  const asOf = rows.reduce<string | null>((m, r) => (r.asOf && (!m || r.asOf > m) ? r.asOf : m), null);
  const coverageAsOf = effective ? (versions.filter((v) => v <= effective).pop() ?? null) : (versions[versions.length - 1] ?? null);
  return {
    scope,
    date: date ?? null,
    asOf,
    dates,
    coverageVersions: versions,
    coverageAsOf,
    synthetic,
    source: synthetic ? "Dữ liệu minh họa tổng hợp, hiệu chỉnh theo số liệu đã công bố (GapMap 06 demo)" : "Số liệu nhập từ tệp của địa phương",
    hamlets,
    units,
  };
}

function hamletTable(rows: HamletAttributeRow[], mode: Counts): ExplorerAttributes["hamlets"] {
  const columns: Record<string, (number | null)[]> = {};
  const withheld: Record<string, number[]> = {};
  const complementary: Record<string, number[]> = {};
  for (const k of COUNT_KEYS) columns[k] = [];
  for (const c of ["grid", "fiber", ...signalColumns()]) columns[c] = [];
  rows.forEach((r, i) => {
    const counts = {} as Record<SumKey, number | null>;
    for (const k of COUNT_KEYS) counts[k] = r[k];
    const { values, withheld: hidden } = withholdFunnelRow(counts, mode);
    for (const k of COUNT_KEYS) columns[k]!.push(values[k]);
    for (const k of hidden) (isSmall(counts[k]) ? (withheld[k] ??= []) : (complementary[k] ??= [])).push(i);
    columns.grid!.push(r.grid === null ? null : Number(r.grid));
    columns.fiber!.push(r.fiber === null ? null : Number(r.fiber));
    for (const op of OPERATORS)
      for (const t of TECHS) {
        const level = r.signal?.[op]?.[t];
        columns[`sig_${op}_${t}`]!.push(level === undefined ? (r.signal ? 0 : null) : SIGNAL_CODE[level]);
      }
  });
  return { ids: rows.map((r) => r.id), columns, withheld, complementary, asOf: rows.map((r) => r.asOf), infraAsOf: rows.map((r) => r.infraAsOf) };
}

function unitTable(
  rows: HamletAttributeRow[],
  memberships: { hamletId: string; unitId: string }[],
  targets: { unitId: string; metric: string; value: number; periodStart: string; periodEnd: string }[],
  mode: Counts,
): ExplorerAttributes["units"] {
  const flagKeys = [...UNIT_FLAG_KEYS];
  const agg = aggregateByUnit(
    rows.map((r) => ({ id: r.id, values: { ...pick(r), ...flags(r) } })),
    memberships,
    [...COUNT_KEYS, ...flagKeys] as (SumKey | FlagKey)[],
  );
  const ids = [...agg.keys()].sort();
  const columns: Record<string, (number | null)[]> = { hamlets: [], hamletsWithData: [], target: [] };
  for (const k of [...COUNT_KEYS, ...flagKeys]) columns[k] = [];
  const withheld: Record<string, number[]> = {};
  const complementary: Record<string, number[]> = {};
  const targetPeriod: (string | null)[] = [];
  ids.forEach((id, i) => {
    const a = agg.get(id)!;
    const counts = {} as Record<SumKey, number | null>;
    // A unit with no hamlet reporting has no data (null), not zero people.
    for (const k of COUNT_KEYS) counts[k] = a.reported[k] === 0 ? null : a.sums[k];
    const { values, withheld: hidden } = withholdFunnelRow(counts, mode);
    for (const k of COUNT_KEYS) columns[k]!.push(values[k]);
    for (const k of hidden) (isSmall(counts[k]) ? (withheld[k] ??= []) : (complementary[k] ??= [])).push(i);
    for (const k of flagKeys) columns[k]!.push(a.reported[k] === 0 ? null : a.sums[k]);
    columns.hamlets!.push(a.hamlets);
    columns.hamletsWithData!.push(a.reported.eligible);
    // The received target (chỉ tiêu thu nhận) whose period contains the date; the newest period first.
    const t = targets.find((x) => x.unitId === id && x.metric === "received");
    columns.target!.push(t ? t.value : null);
    targetPeriod.push(t ? `${t.periodStart}/${t.periodEnd}` : null);
  });
  return { ids, columns, withheld, complementary, targetPeriod };
}

const isSmall = (v: number | null) => v !== null && v > 0 && v < SMALL_COUNT_DEFAULTS.threshold;

function pick(r: HamletAttributeRow): Record<SumKey, number | null> {
  const o = {} as Record<SumKey, number | null>;
  for (const k of COUNT_KEYS) o[k] = r[k];
  return o;
}

/** Per-hamlet infrastructure flags as 0/1 (null without a status), for counting hamlets per unit. */
function flags(r: HamletAttributeRow): Record<FlagKey, number | null> {
  if (r.signal === null || r.grid === null) return { noGrid: null, no4g: null, noSignal: null, noBroadband: null, noFiber: null };
  const best = (techs: readonly string[]) => {
    let b = 0;
    for (const op of OPERATORS) for (const t of techs) b = Math.max(b, SIGNAL_CODE[r.signal?.[op]?.[t] ?? "none"]);
    return b;
  };
  return {
    noGrid: r.grid ? 0 : 1,
    no4g: best(["4g"]) === 0 ? 1 : 0,
    noSignal: best(TECHS) === 0 ? 1 : 0,
    noBroadband: best(BROADBAND_TECHS) === 0 ? 1 : 0,
    noFiber: r.fiber ? 0 : 1,
  };
}

export function signalColumns(): string[] {
  return OPERATORS.flatMap((op) => TECHS.map((t) => `sig_${op}_${t}`));
}

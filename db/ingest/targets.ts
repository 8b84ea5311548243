import "server-only";
import type { Db } from "../client";
import { insertLogged, targetsOf, updateLogged } from "../queries/imports";
import { cellText, parseCount, parseDate } from "./text/cells";
import { problem, type Problem } from "./problems";
import type { DataRow } from "./sheet";
import type { PlaceResolver } from "./places";
import type { Gazetteer } from "./match";
import type { Preview, SampleRow, UnitSummary } from "./types";

/** Target columns → the metric of the targets table. */
const METRICS = { targetReceived: "received", targetActivated: "activated", targetLevel2: "level2", targetCccdIssued: "cccdIssued" } as const;

export interface TargetRow {
  row: number;
  unitId: string | null;
  groupKey: string | null;
  periodStart: string;
  periodEnd: string;
  values: Partial<Record<(typeof METRICS)[keyof typeof METRICS], number>>;
  error: boolean;
  /** Left out by the user (the row's "skip" decision, or "skip these rows" for its name). */
  skip: boolean;
}

/**
 * Pass 1 for a targets (chỉ tiêu) row: the unit (hamlet, or commune when the row names no
 * hamlet), the period (a year, or from/to dates) and one value per metric column.
 */
export function readTargetRow(
  out: TargetRow[],
  d: DataRow,
  ctx: { places: PlaceResolver; header: (f: string) => string; problems: Problem[]; decisions: (row: number) => "accept" | "skip" | undefined },
) {
  const v = d.values;
  const p = ctx.problems;
  const place = ctx.places.resolve(d.row, v, d.sectionCommune);
  let error = false;
  if (place.status === "missing") {
    p.push(problem("missingValue", { row: d.row, column: ctx.header("commune") }, { field: "commune" }));
    error = true;
  }
  let start: string | null = null;
  let end: string | null = null;
  const year = v.year !== undefined && v.year !== null ? cellText(v.year) : "";
  if (year !== "") {
    const m = /^(\d{4})$/.exec(year.replace(/^năm\s*/iu, ""));
    if (m) (start = `${m[1]}-01-01`), (end = `${m[1]}-12-31`);
    else {
      p.push(problem("badPeriod", { row: d.row, column: ctx.header("year"), value: year }));
      error = true;
    }
  }
  for (const [f, set] of [
    ["periodStart", (x: string) => (start = x)],
    ["periodEnd", (x: string) => (end = x)],
  ] as const) {
    if (v[f] === undefined || v[f] === null || cellText(v[f]!) === "") continue;
    const r = parseDate(v[f]!);
    if (r?.ok) set(r.value);
    else {
      p.push(problem("notADate", { row: d.row, column: ctx.header(f), value: cellText(v[f]!) }));
      error = true;
    }
  }
  if (end && !start) start = `${(end as string).slice(0, 4)}-01-01`;
  if (!start || !end || end < start) {
    if (!error) p.push(problem("badPeriod", { row: d.row, column: ctx.header("periodEnd") || ctx.header("year"), value: `${start ?? ""} – ${end ?? ""}` }));
    error = true;
  }
  const values: TargetRow["values"] = {};
  for (const [f, metric] of Object.entries(METRICS)) {
    if (!(f in v)) continue;
    const r = parseCount(v[f] ?? null);
    if (r === null) continue;
    if (!r.ok) {
      p.push(problem(r.code, { row: d.row, column: ctx.header(f), value: cellText(v[f] ?? null) }));
      error = true;
    } else values[metric] = r.value;
  }
  out.push({
    row: d.row,
    unitId: place.status === "unit" ? place.unitId : null,
    groupKey: place.status === "open" || place.status === "create" ? place.groupKey : null,
    periodStart: start ?? "",
    periodEnd: end ?? "",
    values,
    error,
    skip: place.status === "skip" || ctx.decisions(d.row) === "skip",
  });
}

export interface TargetPlan {
  inserts: Record<string, unknown>[];
  updates: Record<string, unknown>[];
  summary: Preview["summary"];
  perUnit: UnitSummary[];
  sample: SampleRow[];
}

/** Pass 2: a target is the same when unit, metric and period are; then its value is compared. */
export async function planTargets({
  db,
  rows,
  gaz,
  skipInvalid,
  problems,
}: {
  db: Db;
  rows: TargetRow[];
  gaz: Gazetteer;
  skipInvalid: boolean;
  problems: Problem[];
}): Promise<TargetPlan> {
  void problems;
  const unitIds = [...new Set(rows.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
  const stored = await targetsOf({ db, unitIds });
  const find = (u: string, m: string, s: string, e: string) =>
    stored.find((t) => t.unit_id === u && t.metric === m && t.period_start === s && t.period_end === e);
  const summary: Preview["summary"] = { rows: rows.length, new: 0, changed: 0, unchanged: 0, skipped: 0, blocking: 0 };
  const perUnit = new Map<string, UnitSummary>();
  const sample: SampleRow[] = [];
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.skip) {
      summary.skipped++;
      continue;
    }
    if (!r.unitId || r.error) {
      if (skipInvalid) summary.skipped++;
      else summary.blocking++;
      continue;
    }
    const u = gaz.unit(r.unitId)!;
    if (!perUnit.has(u.id)) perUnit.set(u.id, { unitId: u.id, name: `${u.type} ${u.name}`, new: 0, changed: 0, unchanged: 0, skipped: 0 });
    const pu = perUnit.get(u.id)!;
    for (const [metric, value] of Object.entries(r.values)) {
      const k = `${u.id}|${metric}|${r.periodStart}|${r.periodEnd}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const old = find(u.id, metric, r.periodStart, r.periodEnd);
      let status: SampleRow["status"];
      if (!old) {
        status = "new";
        inserts.push({ unit_id: u.id, metric, period_start: r.periodStart, period_end: r.periodEnd, value, source: "", import_id: null });
      } else if (Number(old.value) !== value) {
        status = "changed";
        updates.push({ ...old, value });
      } else status = "unchanged";
      summary[status]++;
      pu[status]++;
      if (status !== "unchanged" && sample.length < 200) {
        sample.push({
          row: r.row,
          unitId: u.id,
          unitName: `${u.type} ${u.name}`,
          key: `${metric} ${r.periodStart}…${r.periodEnd}`,
          status,
          changes: { value: [old ? Number(old.value) : null, value] },
        });
      }
    }
  }
  return { inserts, updates, summary, perUnit: [...perUnit.values()], sample };
}

export async function writeTargets({ db, importId, plan, source }: { db: Db; importId: number; plan: TargetPlan; source: string }) {
  if (plan.inserts.length)
    await insertLogged({ db, importId, tableName: "targets", rows: plan.inserts.map((t) => ({ ...t, source: `import: ${source}`, import_id: importId })) });
  if (plan.updates.length) await updateLogged({ db, importId, tableName: "targets", rows: plan.updates.map((t) => ({ ...t, import_id: importId })) });
  return { targets: plan.inserts.length + plan.updates.length };
}

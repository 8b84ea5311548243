import "server-only";
import type { Db } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { scopeChoices, snapshotDates } from "@/db/queries/priorities";
import type { Scope } from "@/db/queries/scope";

/**
 * What the hamlet-table pages (priorities, telecom) know of their scope before their own data: the
 * unit (null: not in the structure), its report dates (newest first), the scope form's choices
 * within the viewer's root, and the date shown (the URL's, else the newest; null: no report).
 */
export async function gapScope({ db, scope, within, date }: { db: Db; scope: Scope; within: Scope; date?: string }) {
  const [unit, dates, choices] = await Promise.all([getScopeUnit({ db, scope }), snapshotDates({ db, scope }), scopeChoices({ db, scope, within })]);
  return {
    unit: unit && {
      id: unit.id,
      name: unit.fullName,
      bbox: [unit.bboxWest ?? 0, unit.bboxSouth ?? 0, unit.bboxEast ?? 0, unit.bboxNorth ?? 0] as [number, number, number, number],
    },
    dates,
    choices,
    date: date ?? dates[0] ?? null,
  };
}

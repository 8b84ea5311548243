import "server-only";
import type { Db } from "@/db/client";
import { priorityHamlets } from "@/db/queries/priorities";
import type { Scope } from "@/db/queries/scope";
import { PRIORITY_PRESETS, type PriorityPreset } from "@/geo/priority-score";
import { gapRows } from "@/app/priorities/_lib/rows";
import { rankRows } from "@/app/priorities/_lib/rank";
import type { HamletChoice } from "./run";

/**
 * The planners' hamlets from the priority ranking (the gap analysis, /priorities): the `top`
 * highest-scored hamlets of the scope under a weight preset, each weighted 1 + score so that the
 * team planner prefers a person in a high-priority hamlet.
 */
export async function priorityChoice({ db, scope, date, preset, top }: { db: Db; scope: Scope; date: string; preset: PriorityPreset; top: number }): Promise<HamletChoice> {
  const data = await priorityHamlets({ db, scope, date });
  const ranked = rankRows(gapRows(data.hamlets), PRIORITY_PRESETS[preset]).filter((r) => r.bottleneck !== "none").slice(0, top);
  return { ids: ranked.map((r) => r.id), weights: new Map(ranked.map((r) => [r.id, 1 + r.score])) };
}

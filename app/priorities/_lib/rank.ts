import { priorityScores, type PriorityScore, type PriorityWeights } from "@/geo/priority-score";
import type { GapRow } from "./rows";

export type RankedRow = GapRow & Omit<PriorityScore, "id">;

/**
 * Scores the rows together (normalisation within them: the viewer's scope) and returns them in
 * rank order. Pure and light (no turf), so the browser re-ranks live while a weight slider moves.
 */
export function rankRows(rows: readonly GapRow[], weights: Readonly<PriorityWeights>): RankedRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return priorityScores(rows.map((r) => ({ id: r.id, factors: r.factors })), weights).map(({ id, ...s }) => ({ ...byId.get(id)!, ...s }));
}

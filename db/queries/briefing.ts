import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { scenarios } from "../schema";
import type { Scope } from "./scope";

export interface SavedScenario {
  id: number;
  name: string;
  /** ISO timestamp. */
  createdAt: string;
  /** The plan as saved by the planners (its schema belongs to them). */
  plan: Record<string, unknown>;
}

/** The latest scenario (saved plan) for exactly the scope's unit and structure, or null. */
export async function latestScenario({ db, scope }: { db: Db; scope: Scope }): Promise<SavedScenario | null> {
  const rows = await db
    .select()
    .from(scenarios)
    .where(and(eq(scenarios.unitId, scope.unitId), eq(scenarios.structure, scope.structure)))
    .orderBy(desc(scenarios.createdAt), desc(scenarios.id))
    .limit(1);
  const r = rows[0];
  if (!r) return null;
  return { id: r.id, name: r.name, createdAt: new Date(r.createdAt).toISOString(), plan: r.plan };
}

import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { foldName, stripUnitPrefix } from "../geo";
import type { Db } from "./client";
import { computeMetric, type MetricValue } from "./metrics";
import { findUnitsByFoldedName } from "./queries/admin";
import type { Level } from "./schema";

/** One published figure (a row of db/demo/data/published-figures.csv). */
export interface PublishedFigure {
  id: string; as_of: string; province: string; district: string; commune: string; hamlet: string;
  metric: string; comparator: string; value: string; source: string; quote: string;
}

export const FIGURES_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), "demo/data/published-figures.csv");

export function readPublishedFigures(file: string = FIGURES_CSV): PublishedFigure[] {
  return parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true });
}

/** The unit a figure speaks of, in the pre-2025 structure the articles use (names matched folded, type words dropped). */
export async function resolveFigureUnit(db: Db, r: PublishedFigure): Promise<string> {
  let scope: { unitId: string; structure: "pre2025" } | undefined;
  const levels: [Level, string][] = [["province", r.province], ["district", r.district], ["commune", r.commune], ["hamlet", r.hamlet]];
  for (const [level, name] of levels) {
    if (!name) continue;
    const found = await findUnitsByFoldedName({ db, scope, structure: "pre2025", level, folded: foldName(stripUnitPrefix(name)) });
    if (found.length !== 1) throw new Error(`${r.id}: ${found.length} ${level} units named "${name}" under ${scope?.unitId ?? "the country"}`);
    scope = { unitId: found[0]!.id, structure: "pre2025" };
  }
  if (!scope) throw new Error(`${r.id}: no unit named`);
  return scope.unitId;
}

/** Whether a computed value satisfies the figure: eq exact, gt/gte, approx within 1 %; booleans and words by equality. */
export function satisfies(comparator: string, got: MetricValue, want: string): boolean {
  if (want === "true" || want === "false") return got === (want === "true");
  if (!/^-?[0-9.]+$/.test(want)) return got === want;
  const w = Number(want);
  if (typeof got !== "number") return false;
  switch (comparator) {
    case "eq": return got === w;
    case "gt": return got > w;
    case "gte": return got >= w;
    case "approx": return Math.abs(got - w) <= 0.01 * Math.abs(w);
    default: throw new Error(`unknown comparator ${comparator}`);
  }
}

/** Computes a figure through the app and checks it. */
export async function checkFigure(db: Db, r: PublishedFigure): Promise<{ unitId: string; got: MetricValue; ok: boolean }> {
  const unitId = await resolveFigureUnit(db, r);
  const got = await computeMetric({ db, scope: { unitId, structure: "pre2025" }, metric: r.metric, date: r.as_of });
  return { unitId, got, ok: satisfies(r.comparator, got, r.value) };
}

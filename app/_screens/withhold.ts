import type { Counts } from "@/app/_auth/counts";
import { type CountRelation, suppressWithParts } from "@/geo/complementary-suppression";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";

/**
 * The one place a screen turns counts of people into counts as shown. "exact": as they are.
 * "withheld": counts from 1 to threshold − 1 withheld and, for the relations given (total = Σ
 * parts, shown together), the complementary cells (geo/complementary-suppression.ts). A relation
 * that does not hold in the data is dropped (no reader can use it); null and negative cells are
 * shown as they are and take no part in a relation.
 *
 * @example
 * withholdCounts({ eligible: 40, activated: 38, remaining: 2 }, [{ total: "eligible", parts: ["activated", "remaining"] }], "withheld")
 * // { values: { eligible: 40, activated: null, remaining: null }, withheld: ["activated", "remaining"] }
 */
export function withholdCounts<K extends string>(
  cells: Readonly<Record<K, number | null>>,
  relations: readonly CountRelation<K>[],
  counts: Counts = "withheld",
  threshold: number = SMALL_COUNT_DEFAULTS.threshold,
): { values: Record<K, number | null>; withheld: K[] } {
  const keys = Object.keys(cells) as K[];
  if (counts === "exact") return { values: { ...cells } as Record<K, number | null>, withheld: [] };
  const usable = keys.filter((k) => { const v = cells[k]; return v !== null && Number.isInteger(v) && v >= 0; });
  const inSystem = new Set(usable);
  const nums = Object.fromEntries(usable.map((k) => [k, cells[k] as number])) as Record<K, number>;
  const holding = relations.filter((r) => [r.total, ...r.parts].every((k) => inSystem.has(k)) && r.parts.reduce((s, p) => s + nums[p], 0) === nums[r.total]);
  const { values: shown } = suppressWithParts(nums, holding, threshold);
  const values = {} as Record<K, number | null>;
  for (const k of keys) values[k] = inSystem.has(k) ? shown[k] : cells[k];
  return { values, withheld: keys.filter((k) => inSystem.has(k) && shown[k] === null) };
}

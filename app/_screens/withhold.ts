import type { Counts } from "@/app/_auth/counts";
import { type CountRelation, suppressWithParts } from "@/geo/complementary-suppression";
import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import { REASON_KEYS } from "@/geo/domain";

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
  const usable = keys.filter((k) => {
    const v = cells[k];
    return v !== null && Number.isInteger(v) && v >= 0;
  });
  const inSystem = new Set(usable);
  const nums = Object.fromEntries(usable.map((k) => [k, cells[k] as number])) as Record<K, number>;
  const holding = relations.filter((r) => [r.total, ...r.parts].every((k) => inSystem.has(k)) && r.parts.reduce((s, p) => s + nums[p], 0) === nums[r.total]);
  const { values: shown } = suppressWithParts(nums, holding, threshold);
  const values = {} as Record<K, number | null>;
  for (const k of keys) values[k] = inSystem.has(k) ? shown[k] : cells[k];
  return { values, withheld: keys.filter((k) => inSystem.has(k) && shown[k] === null) };
}

/** Cells a reader can compute from a funnel row (eligible − activated, …): part of the system, never shown. */
const DERIVED = { notActivated: "~notActivated", notReceived: "~notReceived", receivedNotActivated: "~receivedNotActivated" } as const;

/**
 * One row of funnel counts (eligible, received, activated, the reasons, …) as shown, with the
 * relations a reader can use on it: eligible = received + notReceived = activated + notActivated,
 * received = activated + receivedNotActivated, notActivated = Σ reasons (the differences are
 * computed by anyone, so they are cells of the system, and a small difference is withheld too).
 */
export function withholdFunnelRow<K extends string>(
  row: Readonly<Record<K, number | null>>,
  counts: Counts = "withheld",
  threshold: number = SMALL_COUNT_DEFAULTS.threshold,
): { values: Record<K, number | null>; withheld: K[] } {
  if (counts === "exact") return { values: { ...row } as Record<K, number | null>, withheld: [] };
  const r = row as Record<string, number | null>;
  const diff = (a: string, b: string) => (r[a] == null || r[b] == null ? null : r[a]! - r[b]!);
  const cells: Record<string, number | null> = {
    ...r,
    [DERIVED.notActivated]: diff("eligible", "activated"),
    [DERIVED.notReceived]: diff("eligible", "received"),
    [DERIVED.receivedNotActivated]: diff("received", "activated"),
  };
  const reasons = REASON_KEYS.filter((k) => k in r);
  const relations: CountRelation<string>[] = [
    { total: "eligible", parts: ["received", DERIVED.notReceived] },
    { total: "eligible", parts: ["activated", DERIVED.notActivated] },
    { total: "received", parts: ["activated", DERIVED.receivedNotActivated] },
    ...(reasons.length ? [{ total: DERIVED.notActivated, parts: reasons }] : []),
  ].filter((x) => [x.total, ...x.parts].every((k) => k in cells));
  const { values } = withholdCounts(cells, relations, counts, threshold);
  const out = {} as Record<K, number | null>;
  for (const k of Object.keys(row) as K[]) out[k] = values[k]!;
  return { values: out, withheld: (Object.keys(row) as K[]).filter((k) => row[k] !== null && out[k] === null) };
}

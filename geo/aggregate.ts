/** One unit's roll-up of hamlet rows. */
export interface UnitAggregate<K extends string> {
  /** Sum of each key over the unit's hamlets that have a number for it (null counts add nothing). */
  sums: Record<K, number>;
  /** How many hamlets of the unit had a number for each key. */
  reported: Record<K, number>;
  /** Hamlets that belong to the unit, with or without data. */
  hamlets: number;
}

/**
 * Sums hamlet counts into every unit a hamlet belongs to — its commune, its district (pre-2025),
 * its province — through a crosswalk of (hamlet, unit) pairs in one structure. Since every hamlet
 * has exactly one commune in each structure, the same hamlet rows give exact figures for the
 * pre-2025 and the post-2025 units, even where a commune was split: unit figures are always hamlet
 * sums, never a stored total. Returns new objects; the inputs are not changed.
 *
 * @example
 * aggregateByUnit(
 *   [{ id: "h1", values: { eligible: 100 } }, { id: "h2", values: { eligible: 50 } }],
 *   [{ hamletId: "h1", unitId: "c1" }, { hamletId: "h2", unitId: "c1" }, { hamletId: "h2", unitId: "c2" }],
 *   ["eligible"],
 * );
 * // Map { "c1" → { sums: { eligible: 150 }, reported: { eligible: 2 }, hamlets: 2 },
 * //       "c2" → { sums: { eligible: 50 },  reported: { eligible: 1 }, hamlets: 1 } }
 * @throws TypeError for a membership naming a hamlet that is not in `hamlets`, a hamlet listed
 *   twice in one unit, or a value that is not a finite number or null.
 */
export function aggregateByUnit<K extends string>(
  hamlets: readonly { id: string; values: Readonly<Record<K, number | null>> }[],
  memberships: readonly { hamletId: string; unitId: string }[],
  keys: readonly K[],
): Map<string, UnitAggregate<K>> {
  const byId = new Map<string, Readonly<Record<K, number | null>>>();
  hamlets.forEach((h, i) => {
    for (const k of keys) {
      const v = h.values[k];
      if (v !== null && (typeof v !== "number" || !Number.isFinite(v))) {
        throw new TypeError(`aggregateByUnit: hamlets[${i}] (${h.id}).${k} must be a finite number or null, got ${String(v)}`);
      }
    }
    byId.set(h.id, h.values);
  });
  const out = new Map<string, UnitAggregate<K>>();
  const seen = new Set<string>();
  memberships.forEach(({ hamletId, unitId }, i) => {
    const values = byId.get(hamletId);
    if (!values) throw new TypeError(`aggregateByUnit: memberships[${i}] names hamlet ${hamletId}, which is not among the hamlets`);
    const pair = `${unitId}\u0000${hamletId}`;
    if (seen.has(pair)) throw new TypeError(`aggregateByUnit: memberships[${i}] lists hamlet ${hamletId} in unit ${unitId} twice`);
    seen.add(pair);
    let agg = out.get(unitId);
    if (!agg) {
      agg = { sums: zeros(keys), reported: zeros(keys), hamlets: 0 };
      out.set(unitId, agg);
    }
    agg.hamlets += 1;
    for (const k of keys) {
      const v = values[k];
      if (v === null) continue;
      agg.sums[k] += v;
      agg.reported[k] += 1;
    }
  });
  return out;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const o = {} as Record<K, number>;
  for (const k of keys) o[k] = 0;
  return o;
}

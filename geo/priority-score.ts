/**
 * The factors of the priority score, in display order, and how each is brought into [0, 1] within
 * the viewer's scope:
 * - "max": ratio to the largest value among the hamlets scored together (the scope), so the hamlet
 *   with the most has 1 and a hamlet with none has 0;
 * - "absolute": already a deficit in [0, 1] (1 = no service, GAP_DEFAULTS.partialDeficit = weak or
 *   partial service, 0 = good service), kept as is so that "no 2G" means the same in every scope.
 */
export const PRIORITY_FACTORS = ["remaining", "targetGap", "noGrid", "no2g", "no4g", "noFiber", "poverty", "distance"] as const;
export type PriorityFactor = (typeof PRIORITY_FACTORS)[number];
export type PriorityWeights = Record<PriorityFactor, number>;

export const FACTOR_NORMALISATION: Record<PriorityFactor, "max" | "absolute"> = {
  remaining: "max",
  targetGap: "max",
  noGrid: "absolute",
  no2g: "absolute",
  no4g: "absolute",
  noFiber: "absolute",
  poverty: "max",
  distance: "max",
};

/**
 * Weight presets. A weight is any number: positive = more of the factor raises the priority,
 * negative = more of it lowers the priority (a precondition: a Wi-Fi point needs grid power and a
 * fixed line), 0 = ignored. The score divides by the sum of |weights|. One comment per preset.
 */
export const PRIORITY_PRESETS = {
  /** Every factor counts the same. */
  balanced: { remaining: 1, targetGap: 1, noGrid: 1, no2g: 1, no4g: 1, noFiber: 1, poverty: 1, distance: 1 },
  /**
   * Mobile teams (tổ lưu động): go where many people remain (remaining 4) far from the commune
   * centre they cannot easily reach (distance 3), where there is no signal to activate over (no2g 2,
   * no4g 2) or no grid to charge phones (noGrid 1), and where poverty keeps people from travelling
   * (poverty 1); lagging the target counts a little (targetGap 1). A team brings its own link, so
   * fiber does not matter (noFiber 0).
   */
  mobileTeams: { remaining: 4, targetGap: 1, noGrid: 1, no2g: 2, no4g: 2, noFiber: 0, poverty: 1, distance: 3 },
  /**
   * Wi-Fi points: a fixed point serves many people (remaining 4) where mobile broadband is missing
   * or poor (no4g 4) and people cannot pay for data (poverty 2); lagging the target counts
   * (targetGap 1). A point needs a fixed line and power: hamlets *with* fiber (noFiber −2) and grid
   * (noGrid −1) come first. "No 2G" is already inside "no 4G" (no2g 0); people walk to a point in
   * their own hamlet (distance 0).
   */
  wifiPoints: { remaining: 4, targetGap: 1, noGrid: -1, no2g: 0, no4g: 4, noFiber: -2, poverty: 2, distance: 0 },
  /**
   * Telecom build-out: coverage gaps first (no2g 4, no4g 3, noFiber 2), weighted by the people they
   * leave out (remaining 2); grid power is a precondition for a base station but its absence is
   * also a gap to close with the power company (noGrid 1); targets, poverty and distance are not the
   * operators' criteria (0).
   */
  telecomBuildOut: { remaining: 2, targetGap: 0, noGrid: 1, no2g: 4, no4g: 3, noFiber: 2, poverty: 0, distance: 0 },
} as const satisfies Record<string, PriorityWeights>;
export type PriorityPreset = keyof typeof PRIORITY_PRESETS;
export const PRIORITY_PRESET_NAMES = Object.keys(PRIORITY_PRESETS) as PriorityPreset[];

export interface PriorityRow {
  id: string;
  /** Raw factor values (geo/priority-factors.ts): counts, rates, km ≥ 0; deficits in [0, 1]. */
  factors: Readonly<PriorityWeights>;
}

export interface PriorityScore {
  id: string;
  /** 1 = highest score; ties broken by more raw `remaining`, then by id. */
  rank: number;
  /** In [0, 1]: the sum of `contributions`. */
  score: number;
  /** Each factor in [0, 1] after normalisation within the rows scored together. */
  normalised: PriorityWeights;
  /**
   * Per factor: |weight| / Σ |weights| × normalised value (weight ≥ 0) or × (1 − normalised value)
   * (weight < 0); they sum to `score`.
   */
  contributions: PriorityWeights;
}

/**
 * Transparent multi-criteria priority score of hamlets scored together (the viewer's scope):
 * each factor is normalised within the rows (FACTOR_NORMALISATION) to n_f in [0, 1], then
 *
 *   score = Σ_f |w_f| / Σ|w| · (w_f ≥ 0 ? n_f : 1 − n_f)
 *
 * so the score is in [0, 1], rises with every factor of positive weight, falls with every factor of
 * negative weight, ignores a factor of weight 0 and is exactly the sum of its contributions.
 * All weights 0: every score is 0. Returns new objects, sorted by rank; the input is not changed.
 *
 * @example
 * priorityScores(
 *   [{ id: "a", factors: { ...zero, remaining: 100, no2g: 1 } }, { id: "b", factors: { ...zero, remaining: 50 } }],
 *   { ...PRIORITY_PRESETS.balanced },
 * );
 * // [{ id: "a", rank: 1, score: 0.25, contributions: { remaining: 0.125, no2g: 0.125, … } },
 * //  { id: "b", rank: 2, score: 0.0625, contributions: { remaining: 0.0625, … } }]
 * @throws RangeError naming the row, factor and value for a missing, negative or non-finite raw
 *   value or an "absolute" factor above 1; naming the weight for a missing or non-finite weight.
 */
export function priorityScores(rows: readonly PriorityRow[], weights: Readonly<PriorityWeights>): PriorityScore[] {
  if (!Array.isArray(rows)) throw new TypeError(`priorityScores: rows must be an array, got ${String(rows)}`);
  let total = 0;
  for (const f of PRIORITY_FACTORS) {
    const w = weights?.[f];
    if (typeof w !== "number" || !Number.isFinite(w)) throw new RangeError(`priorityScores: weight ${f} must be a finite number, got ${String(w)}`);
    total += Math.abs(w);
  }
  const max = {} as PriorityWeights;
  for (const f of PRIORITY_FACTORS) max[f] = 0;
  rows.forEach((r, i) => {
    for (const f of PRIORITY_FACTORS) {
      const v = r?.factors?.[f];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
        throw new RangeError(`priorityScores: rows[${i}] (${r?.id}) factor ${f} must be a finite number >= 0, got ${String(v)}`);
      if (FACTOR_NORMALISATION[f] === "absolute" && v > 1)
        throw new RangeError(`priorityScores: rows[${i}] (${r.id}) factor ${f} is a deficit in [0, 1], got ${v}`);
      if (v > max[f]) max[f] = v;
    }
  });

  const scored = rows.map((r) => {
    const normalised = {} as PriorityWeights;
    const contributions = {} as PriorityWeights;
    let score = 0;
    for (const f of PRIORITY_FACTORS) {
      const v = r.factors[f];
      const n = FACTOR_NORMALISATION[f] === "absolute" ? v : max[f] > 0 ? v / max[f] : 0;
      normalised[f] = n;
      const w = weights[f];
      contributions[f] = total > 0 && w !== 0 ? (Math.abs(w) / total) * (w > 0 ? n : 1 - n) : 0;
      score += contributions[f];
    }
    return { id: r.id, rank: 0, score: Math.min(1, score), normalised, contributions, tie: r.factors.remaining };
  });
  scored.sort((a, b) => b.score - a.score || b.tie - a.tie || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.map(({ tie: _tie, ...s }, i) => ({ ...s, rank: i + 1 }));
}

/**
 * Every threshold and parameter of the gap analysis, in one place: the per-hamlet cause split and
 * bottleneck (geo/gap-causes.ts), the raw priority factors (geo/priority-factors.ts) and the
 * priority score's default weights and presets (geo/priority-score.ts). Readable in one screen;
 * change a number here and every screen, export and test follows.
 */
export const GAP_DEFAULTS = {
  // ── Bottleneck (geo/gap-causes.ts) ──────────────────────────────────────────────────────────
  /** Fewer people than this still to activate → no bottleneck ("none"): nothing worth planning for (and a withheld count). */
  minPeople: 5,
  /**
   * A hamlet without mobile broadband (no 3G/4G from any operator: no signal, or 2G only) has the
   * infrastructure bottleneck as soon as this many people who are *present* (not away) are still to
   * activate: activation is an online step, so on site it needs connectivity brought in whatever
   * each person's own obstacle is.
   */
  minPresentForInfrastructure: 5,
  /**
   * Without mobile broadband, people with no named obstacle ("other") are counted under
   * infrastructure, not process: nothing but the missing 3G/4G stops their activation.
   */
  noBroadbandMovesToInfrastructure: true,

  // ── Raw priority factors (geo/priority-factors.ts) ──────────────────────────────────────────
  /**
   * Road distance ≈ straight line × this detour (circuity) factor. Road networks average 1.2–1.4
   * (Ballou, Rahardja & Sakai 2002, "Selected country circuity factors for road travel
   * distance estimation"); the mountain tracks of the northern uplands wind far more, so 1.5 is
   * used as a planning assumption. It scales every distance alike, so it changes the distances
   * shown but not the ranking (the factor is normalised within the scope).
   */
  detourFactor: 1.5,
  /** Deficit counted for a partial service: best 2G/any signal only weak, or 3G / weak 4G but no good 4G. 1 = no service, 0 = good service. */
  partialDeficit: 0.5,
  /** Poverty = (poor households + this × near-poor households) / households. */
  nearPoorWeight: 0.5,
  /**
   * Target rate used when neither the hamlet's units nor their ancestors have a target for the date
   * (received / eligible): the whole eligible population.
   */
  fallbackTargetRate: 1,
  /**
   * A count withheld as "<5" (1–4) enters the score as this value, so that a score or its
   * explanation never reveals a count the table withholds. 0 stays 0.
   */
  withheldCountValue: 2.5,
} as const;

/** The defaults' shape with plain number/boolean fields, for options that override some of them. */
export type GapDefaults = { -readonly [K in keyof typeof GAP_DEFAULTS]: (typeof GAP_DEFAULTS)[K] extends boolean ? boolean : number };

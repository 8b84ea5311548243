import { GAP_DEFAULTS, type GapDefaults } from "./gap-defaults";
import { hasBroadband, hasFiber, type HamletCoverage } from "./hamlet-coverage";

/** Why people of a hamlet are not yet activated, grouped by what would fix it. */
export const GAP_CAUSES = ["infrastructure", "device", "access", "process", "away"] as const;
export type GapCause = (typeof GAP_CAUSES)[number];
export type Bottleneck = GapCause | "none";

/** The main reasons recorded per hamlet (hamlet_snapshots.reason_*); they partition eligible − activated. */
export interface GapReasons {
  away: number;
  elderlySick: number;
  noPhoneNumber: number;
  simNotOwn: number;
  noSmartphone: number;
  handset2g: number;
  noSignal: number;
  other: number;
}

export interface HamletGapInput {
  eligible: number;
  received: number;
  activated: number;
  reasons: GapReasons;
  /** What reaches the hamlet (geo/hamlet-coverage.ts, from the coverage join at the same date). */
  coverage: HamletCoverage;
}

/**
 * What to do about a bottleneck, and which causes' people it reaches. Data, not code: the
 * recommendation table a planner can read.
 */
export const INTERVENTIONS = {
  /**
   * A mobile team (tổ lưu động) bringing its own connectivity, power, enrolment kits and SIMs, going
   * house to house: it reaches everyone present (all but the away).
   */
  mobile_team: { addresses: ["infrastructure", "device", "access", "process"] },
  /**
   * A public Wi-Fi point at the cultural house or school (needs grid power and fiber in the hamlet):
   * it reaches people held back by connectivity or only by the last step, not those without a phone.
   */
  wifi_point: { addresses: ["infrastructure", "process"] },
  /** Plan for the return periods (Tết, 30/4) and contact people remotely. */
  return_campaign: { addresses: ["away"] },
  /** SIM/phone support and web activation with the community digital team (tổ công nghệ số cộng đồng). */
  device_support: { addresses: ["device"] },
  /** Home visits for the elderly and the sick. */
  home_visits: { addresses: ["access"] },
  /** Activation support for people already received: a reminder and help with the last step. */
  activation_support: { addresses: ["process"] },
  /** Nothing to plan: fewer than GAP_DEFAULTS.minPeople still to activate. */
  none: { addresses: [] },
} as const satisfies Record<string, { addresses: readonly GapCause[] }>;
export type Intervention = keyof typeof INTERVENTIONS;

/** The interventions each bottleneck can lead to (infrastructure: which one depends on grid and fiber). */
export const BOTTLENECK_INTERVENTIONS: Record<Bottleneck, readonly Intervention[]> = {
  infrastructure: ["mobile_team", "wifi_point"],
  device: ["device_support"],
  access: ["home_visits"],
  process: ["activation_support"],
  away: ["return_campaign"],
  none: ["none"],
};

export interface HamletGap {
  /** Eligible people not yet activated (eligible − activated). */
  remaining: number;
  /** Eligible people whose application is not yet received (eligible − received). */
  toEnroll: number;
  /** People received but not yet activated (received − activated). */
  toActivate: number;
  /** `remaining` split by cause; the five numbers sum to `remaining`. */
  causes: Record<GapCause, number>;
  bottleneck: Bottleneck;
  intervention: Intervention;
  /** People the recommended intervention can reach: the sum of the causes it addresses. */
  reach: number;
  /** True when the hamlet has no 3G/4G from any operator (what makes infrastructure blocking). */
  noBroadband: boolean;
}

export type GapOptions = Pick<GapDefaults, "minPeople" | "minPresentForInfrastructure" | "noBroadbandMovesToInfrastructure">;

/**
 * Splits a hamlet's people still to activate by cause, names its bottleneck and recommends an
 * intervention with the number of people it can reach.
 *
 * Causes (a partition of eligible − activated, from the recorded reasons):
 * - **infrastructure**: no signal; without mobile broadband also "other" (no named obstacle: see
 *   GAP_DEFAULTS.noBroadbandMovesToInfrastructure);
 * - **device**: no phone number, SIM not in own name, no smartphone, 2G-only handset;
 * - **access**: elderly or sick;
 * - **process**: no obstacle named — received (or to be received) and only the activation step left;
 * - **away**: working away from the hamlet.
 *
 * Bottleneck, in order: "none" below `minPeople` remaining; "infrastructure" when the hamlet has no
 * 3G/4G and at least `minPresentForInfrastructure` people who are not away remain; else the cause
 * with the most people (ties in GAP_CAUSES order). Intervention: infrastructure → a Wi-Fi point
 * where the hamlet has grid power and fiber, else a mobile team with its own connectivity;
 * away → return campaign; device → device support; access → home visits; process → activation support.
 * The reach is the sum of the causes the intervention addresses (INTERVENTIONS).
 *
 * @example
 * gapCauses({ eligible: 311, received: 261, activated: 211, coverage: good4g,
 *   reasons: { away: 50, elderlySick: 10, noPhoneNumber: 5, simNotOwn: 8, noSmartphone: 18, handset2g: 3, noSignal: 0, other: 6 } })
 * // { remaining: 100, toEnroll: 50, toActivate: 50, causes: { infrastructure: 0, device: 34, access: 10, process: 6, away: 50 },
 * //   bottleneck: "away", intervention: "return_campaign", reach: 50, noBroadband: false }
 * @throws RangeError naming the field and value for a negative or non-integer count, a broken
 *   funnel (activated > received > eligible) or reasons that do not sum to eligible − activated.
 */
export function gapCauses(input: HamletGapInput, options: Partial<GapOptions> = {}): HamletGap {
  const opts = { ...GAP_DEFAULTS, ...options };
  check(input);
  const { eligible, received, activated, reasons: r, coverage } = input;
  const remaining = eligible - activated;
  const noBroadband = !hasBroadband(coverage);
  const move = noBroadband && opts.noBroadbandMovesToInfrastructure;
  const causes: Record<GapCause, number> = {
    infrastructure: r.noSignal + (move ? r.other : 0),
    device: r.noPhoneNumber + r.simNotOwn + r.noSmartphone + r.handset2g,
    access: r.elderlySick,
    process: move ? 0 : r.other,
    away: r.away,
  };

  let bottleneck: Bottleneck;
  if (remaining < opts.minPeople) bottleneck = "none";
  else if (noBroadband && remaining - r.away >= opts.minPresentForInfrastructure) bottleneck = "infrastructure";
  else bottleneck = GAP_CAUSES.reduce((best, c) => (causes[c] > causes[best] ? c : best), GAP_CAUSES[0] as GapCause);

  const intervention = interventionFor(bottleneck, coverage);
  const reach = INTERVENTIONS[intervention].addresses.reduce((s, c: GapCause) => s + causes[c], 0);
  return { remaining, toEnroll: eligible - received, toActivate: received - activated, causes, bottleneck, intervention, reach, noBroadband };
}

function interventionFor(b: Bottleneck, coverage: HamletCoverage): Intervention {
  switch (b) {
    case "infrastructure":
      return coverage.grid && hasFiber(coverage) ? "wifi_point" : "mobile_team";
    case "away":
      return "return_campaign";
    case "device":
      return "device_support";
    case "access":
      return "home_visits";
    case "process":
      return "activation_support";
    case "none":
      return "none";
  }
}

const REASON_KEYS = ["away", "elderlySick", "noPhoneNumber", "simNotOwn", "noSmartphone", "handset2g", "noSignal", "other"] as const;

function check(h: HamletGapInput): void {
  const count = (name: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new RangeError(`gapCauses: ${name} must be an integer >= 0, got ${String(v)}`);
  };
  count("eligible", h.eligible);
  count("received", h.received);
  count("activated", h.activated);
  if (h.received > h.eligible) throw new RangeError(`gapCauses: received (${h.received}) exceeds eligible (${h.eligible})`);
  if (h.activated > h.received) throw new RangeError(`gapCauses: activated (${h.activated}) exceeds received (${h.received})`);
  if (!h.reasons || typeof h.reasons !== "object") throw new RangeError(`gapCauses: reasons must be an object, got ${String(h.reasons)}`);
  let sum = 0;
  for (const k of REASON_KEYS) {
    count(`reasons.${k}`, h.reasons[k]);
    sum += h.reasons[k];
  }
  if (sum !== h.eligible - h.activated) throw new RangeError(`gapCauses: reasons sum to ${sum}, but eligible − activated is ${h.eligible - h.activated}`);
  if (!h.coverage || typeof h.coverage.grid !== "boolean")
    throw new RangeError(`gapCauses: coverage must be a HamletCoverage, got ${JSON.stringify(h.coverage)}`);
}

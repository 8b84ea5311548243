/**
 * The domain's vocabulary, defined once: operators, coverage kinds, mobile technologies, signal
 * levels, site kinds and the funnel's counts. Everything else is built from these arrays — the
 * database enums (`pgEnum("operator", OPERATORS)`), the request schemas (`z.enum(OPERATORS)`), the
 * types, the loops of the screens and the demo generator — so that adding a value is one edit.
 * The order of each array is the order in which the app lists the values (and, for the database
 * enums, the order of the SQL enum: never reorder an array behind a pgEnum).
 *
 * @example
 * for (const op of OPERATORS) for (const t of MOBILE_TECHS) columns.push(`sig_${op}_${t}`);
 * z.enum(COVERAGE_KINDS); // "grid" | "2g" | "3g" | "4g" | "fiber"
 */

// --- telecom ------------------------------------------------------------------------------------

/** Mobile and fiber operators. */
export const OPERATORS = ["viettel", "vnpt", "mobifone"] as const;
export type Operator = (typeof OPERATORS)[number];

/** What a coverage layer covers: grid power, a mobile technology of one operator, or fiber. */
export const COVERAGE_KINDS = ["grid", "2g", "3g", "4g", "fiber"] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

/** The coverage kinds that belong to an operator (all but grid): what an operator's review is about. */
export const OPERATOR_COVERAGE_KINDS = ["2g", "3g", "4g", "fiber"] as const satisfies readonly CoverageKind[];
export type OperatorCoverageKind = (typeof OPERATOR_COVERAGE_KINDS)[number];

/** Mobile technologies, oldest first. */
export const MOBILE_TECHS = ["2g", "3g", "4g"] as const satisfies readonly CoverageKind[];
export type MobileTech = (typeof MOBILE_TECHS)[number];

/** Mobile broadband = 3G or 4G. */
export const BROADBAND_TECHS = ["3g", "4g"] as const satisfies readonly MobileTech[];
export type BroadbandTech = (typeof BROADBAND_TECHS)[number];

/** Signal inside a mobile coverage polygon, worst first: the index is the rank (and the code in the explorer's tables). */
export const SIGNAL_LEVELS = ["none", "weak", "good"] as const;
export type SignalLevel = (typeof SIGNAL_LEVELS)[number];
/** none 0, weak 1, good 2. */
export const SIGNAL_RANK = { none: 0, weak: 1, good: 2 } as const satisfies Record<SignalLevel, number>;

// --- sites ----------------------------------------------------------------------------------------

/** Public sites: candidates for a Wi-Fi point or a team base, and the Wi-Fi points already there. */
export const SITE_KINDS = ["school", "cultural_house", "commune_hq", "health_station", "wifi_point"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
/** A site's power supply. */
export const SITE_POWER = ["grid", "solar", "none"] as const;
export type SitePower = (typeof SITE_POWER)[number];
/** A site's backhaul (its link to the internet). */
export const SITE_BACKHAUL = ["fiber", "4g", "3g", "none"] as const;
export type SiteBackhaul = (typeof SITE_BACKHAUL)[number];

// --- the funnel -----------------------------------------------------------------------------------

/** The e-ID funnel's counts of a hamlet snapshot, in funnel order (eligible → … → level 2). */
export const FUNNEL_STEPS = ["eligible", "cccdIssued", "received", "activated", "level2"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
/** A hamlet's (or a scope's) funnel counts; null without a report, or where a small count is withheld. */
export type HamletFunnel = Record<FunnelStep, number | null>;

/** Why people are not yet activated, in the order of the funnel's questionnaire; they partition eligible − activated. */
export const REASON_KEYS = [
  "reasonAway",
  "reasonElderlySick",
  "reasonNoPhoneNumber",
  "reasonSimNotOwn",
  "reasonNoSmartphone",
  "reasonHandset2g",
  "reasonNoSignal",
  "reasonOther",
] as const;
export type ReasonKey = (typeof REASON_KEYS)[number];

/** Population counts of a hamlet snapshot (people and households). */
export const POPULATION_KEYS = ["residents", "ethnicMinority", "households", "poorHouseholds", "nearPoorHouseholds", "withoutSmartphone", "simNeed"] as const;
export type PopulationKey = (typeof POPULATION_KEYS)[number];

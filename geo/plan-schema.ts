import { z } from "zod";
import { SITE_PLACEMENT_DEFAULTS } from "./site-placement";
import { TEAM_PLAN_DEFAULTS } from "./team-plan";
import { scopeSchema } from "./scope";
import { isoDate, text } from "./fields";

/**
 * The planners' request and a saved scenario, as zod schemas: parsed by the /api/plans routes, by
 * db/queries/plans.ts before a scenario is saved, and by the page's island. Versioned so that old
 * scenarios keep loading (as kepler.gl versions its saved maps). No server-only import here: the client uses it.
 */
export const PLAN_VERSION = 1;

/** Which hamlets the planners consider: by filter, by hand, or the top of the priority ranking (gap analysis). */
export const selectionSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("filter"),
    /** Only hamlets without mobile broadband (no 3G/4G from any operator). */
    noBroadband: z.boolean().default(false),
    /** Only hamlets whose activation rate (activated / eligible) is below this share, e.g. 0.8. */
    maxActivationRate: z.number().min(0).max(1).nullable().default(null),
    /** Only hamlets with at least this many people not yet activated. */
    minPeople: z.number().int().min(0).default(0),
  }),
  z.object({
    mode: z.literal("manual"),
    hamletIds: z
      .array(text({ min: 1, max: 40 }))
      .min(1)
      .max(5000),
  }),
  z.object({
    mode: z.literal("priority"),
    /** The weight preset of the priority score (geo/priority-score.ts PRIORITY_PRESETS). */
    preset: z.enum(["mobileTeams", "wifiPoints", "telecomBuildOut", "balanced"]).default("mobileTeams"),
    /** How many of the highest-ranked hamlets. */
    top: z.number().int().min(1).max(5000).default(50),
  }),
]);
export type Selection = z.infer<typeof selectionSchema>;

const d = SITE_PLACEMENT_DEFAULTS;
export const wifiParamsSchema = z.object({
  radiusKm: z.number().positive().max(20).default(d.radiusKm),
  maxSites: z.number().int().min(0).max(500).default(d.maxSites),
  budget: z.number().min(0).max(1e6).nullable().default(d.budget),
  costs: z
    .object({
      accessPoint: z.number().min(0).max(1e4).default(d.costs.accessPoint),
      solar: z.number().min(0).max(1e4).default(d.costs.solar),
      fiber: z.number().min(0).max(1e4).default(d.costs.fiber),
      cellular: z.number().min(0).max(1e4).default(d.costs.cellular),
      link: z.number().min(0).max(1e4).default(d.costs.link),
    })
    .prefault({}),
});
export type WifiParams = z.infer<typeof wifiParamsSchema>;

const t = TEAM_PLAN_DEFAULTS;
export const TEAM_COST_DEFAULTS = {
  /** Cost of one team for one working day, million VND (allowances for 3–4 officers, fuel, SIM cards and supplies). */
  costPerTeamDay: 1.5,
} as const;
export const teamParamsSchema = z.object({
  teams: z.number().int().min(1).max(20).default(t.teams),
  days: z.number().int().min(1).max(60).default(t.days),
  /** First day of the campaign; default: the data date. */
  startDate: isoDate.optional(),
  restWeekdays: z
    .array(z.number().int().min(0).max(6))
    .max(6)
    .default([...t.restWeekdays]),
  workingHours: z.number().positive().max(16).default(t.workingHours),
  peoplePerHour: z.number().positive().max(200).default(t.peoplePerHour),
  setupMinutes: z.number().min(0).max(240).default(t.setupMinutes),
  turnout: z.number().positive().max(1).default(t.turnout),
  speedKmh: z.number().positive().max(120).default(t.speedKmh),
  detourFactor: z.number().min(1).max(4).default(t.detourFactor),
  returnDaily: z.boolean().default(t.returnDaily),
  /** The base: a site id (commune HQ / police) of the scope; default: the HQ nearest the scope's centre. */
  baseSiteId: z.number().int().positive().nullable().default(null),
  costPerTeamDay: z.number().min(0).max(1e3).default(TEAM_COST_DEFAULTS.costPerTeamDay),
});
export type TeamParams = z.infer<typeof teamParamsSchema>;

/** A candidate site the user added by clicking the map. */
export const addedCandidateSchema = z.object({
  id: z.string().regex(/^user-[0-9]{1,4}$/, "must be user-<number>"),
  name: text({ min: 1, max: 120 }),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  power: z.enum(["grid", "solar", "none"]).default("none"),
  backhaul: z.enum(["fiber", "4g", "3g", "none"]).default("none"),
});
export type AddedCandidate = z.infer<typeof addedCandidateSchema>;

/** POST /api/plans/run: everything the two planners need besides the data. */
export const runRequestSchema = z.object({
  unit: scopeSchema.shape.unitId,
  structure: scopeSchema.shape.structure,
  date: isoDate,
  selection: selectionSchema.default({ mode: "filter", noBroadband: false, maxActivationRate: null, minPeople: 0 }),
  skip: z
    .array(text({ min: 1, max: 40 }))
    .max(5000)
    .default([]),
  wifi: wifiParamsSchema.prefault({}),
  teams: teamParamsSchema.prefault({}),
  addedCandidates: z.array(addedCandidateSchema).max(50).default([]),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

const count = z.number().int().min(0).nullable(); // null = withheld (1–4)

/** What a scenario keeps of a run: the request (to re-run) and the figures to compare (frozen at save time). */
export const scenarioPlanSchema = z.object({
  version: z.literal(PLAN_VERSION),
  request: runRequestSchema,
  summary: z.object({
    hamletsSelected: z.number().int().min(0),
    wifiPeopleReached: count,
    wifiSites: z.number().int().min(0),
    wifiCost: z.number().min(0),
    wifiBoundRatio: z.number().min(0).max(1),
    teamServed: count,
    teamHamletsVisited: z.number().int().min(0),
    teamCost: z.number().min(0),
    eligible: z.number().int().min(0),
    rateBefore: z.number().min(0).nullable(),
    rateAfter: z.number().min(0).nullable(),
    byDate: z.array(z.object({ date: isoDate, cumulative: count, rate: z.number().min(0).nullable() })).max(400),
  }),
  wifiPicks: z
    .array(z.object({ candidateId: z.string(), name: z.string(), kind: z.string(), lon: z.number(), lat: z.number(), gain: count, cost: z.number().min(0) }))
    .max(500),
});
export type ScenarioPlan = z.infer<typeof scenarioPlanSchema>;

export const scenarioNameSchema = text({ min: 1, max: 120 });

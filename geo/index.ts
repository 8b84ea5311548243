/** Pure geometry and number helpers: GeoJSON and numbers in, GeoJSON and numbers out. */
export { rate, funnelRates, type FunnelCounts, type FunnelRates } from "./rates";
export { coverageJoin, coveredMask } from "./coverage-join";
export { classBreaks, classify, type BreakMethod, type ClassBreaksOptions } from "./breaks";
export { foldName, toNFC, stripUnitPrefix } from "./names";
export { hamletCells, HAMLET_CELLS_DEFAULTS } from "./hamlet-cells";
export { randomPointsInPolygon, RANDOM_POINTS_DEFAULTS, type RandomPointsOptions } from "./random-points";
export { labelPoint, bbox4 } from "./label-point";
export * from "./domain";
export { hamletCoverage, emptyCoverage, bestSignal, hasBroadband, has2g, hasFiber, type HamletCoverage, type CoverageProps } from "./hamlet-coverage";
export { suppressSmallCounts, SMALL_COUNT_DEFAULTS } from "./small-counts";
export { GAP_DEFAULTS } from "./gap-defaults";
export {
  gapCauses,
  GAP_CAUSES,
  INTERVENTIONS,
  BOTTLENECK_INTERVENTIONS,
  type GapCause,
  type Bottleneck,
  type GapReasons,
  type HamletGapInput,
  type HamletGap,
  type Intervention,
} from "./gap-causes";
export { priorityFactors, type PriorityFactorInput } from "./priority-factors";
export {
  priorityScores,
  PRIORITY_FACTORS,
  PRIORITY_PRESETS,
  PRIORITY_PRESET_NAMES,
  FACTOR_NORMALISATION,
  type PriorityFactor,
  type PriorityWeights,
  type PriorityPreset,
  type PriorityRow,
  type PriorityScore,
} from "./priority-score";
export { telecomGaps, TELECOM_GAPS, TELECOM_VIEWS, type TelecomGap, type TelecomView } from "./telecom-gaps";
export { haversineKm } from "./haversine";
export {
  placeSites,
  SITE_PLACEMENT_DEFAULTS,
  type SiteCosts,
  type PlacementHamlet,
  type PlacementCandidate,
  type SitePlacement,
  type SitePick,
  type SitePlacementOptions,
} from "./site-placement";
export {
  planTeams,
  TEAM_PLAN_DEFAULTS,
  type TeamStop,
  type TeamPlan,
  type TeamPlanOptions,
  type TeamItinerary,
  type TeamDay,
  type TeamVisit,
  type HamletProjection,
} from "./team-plan";
export {
  forecastTarget,
  FORECAST_DEFAULTS,
  type Forecast,
  type ForecastPoint,
  type ForecastStatus,
  type ForecastOptions,
  type ProjectedPoint,
} from "./forecast";
export { orderLatLon, LAT_LON_ORDER_DEFAULTS } from "./lat-lon-order";
export { repairPolygon, REPAIR_POLYGON_DEFAULTS, type RepairResult } from "./repair-polygon";
export { aggregateByUnit, type UnitAggregate } from "./aggregate";
export { roundCoordinates, ROUND_COORDINATES_DEFAULTS } from "./round-coordinates";

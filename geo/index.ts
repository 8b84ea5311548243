/** Pure geometry and number helpers: GeoJSON and numbers in, GeoJSON and numbers out. */
export { rate, funnelRates, type FunnelCounts, type FunnelRates } from "./rates";
export { coverageJoin, coveredMask } from "./coverage-join";
export { classBreaks, classify, type BreakMethod, type ClassBreaksOptions } from "./breaks";
export { foldName, toNFC, stripUnitPrefix } from "./names";
export { hamletCells, HAMLET_CELLS_DEFAULTS } from "./hamlet-cells";
export { randomPointsInPolygon, RANDOM_POINTS_DEFAULTS, type RandomPointsOptions } from "./random-points";
export { labelPoint, bbox4 } from "./label-point";
export { hamletCoverage, emptyCoverage, bestSignal, hasBroadband, has2g, hasFiber, OPERATORS, MOBILE_TECHS, type HamletCoverage, type CoverageProps, type CoverageKind, type Operator, type SignalLevel, type MobileTech } from "./hamlet-coverage";
export { suppressSmallCounts, SMALL_COUNT_DEFAULTS } from "./small-counts";
export { GAP_DEFAULTS } from "./gap-defaults";
export { gapCauses, GAP_CAUSES, INTERVENTIONS, BOTTLENECK_INTERVENTIONS, type GapCause, type Bottleneck, type GapReasons, type HamletGapInput, type HamletGap, type Intervention } from "./gap-causes";
export { priorityFactors, type PriorityFactorInput } from "./priority-factors";
export { priorityScores, PRIORITY_FACTORS, PRIORITY_PRESETS, PRIORITY_PRESET_NAMES, FACTOR_NORMALISATION, type PriorityFactor, type PriorityWeights, type PriorityPreset, type PriorityRow, type PriorityScore } from "./priority-score";
export { telecomGaps, TELECOM_GAPS, TELECOM_VIEWS, type TelecomGap, type TelecomView } from "./telecom-gaps";

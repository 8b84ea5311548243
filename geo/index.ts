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
export { aggregateByUnit, type UnitAggregate } from "./aggregate";
export { roundCoordinates, ROUND_COORDINATES_DEFAULTS } from "./round-coordinates";

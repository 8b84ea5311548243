import type { Forecast } from "@/geo/forecast";
import type { FunnelStep, InfraGap, ReasonKey } from "@/db/queries/progress";
import type { Bottleneck, PlanSummary, PriorityHamlet } from "./sources";

/**
 * Plain data the dashboard and the briefing hand to their client islands. Every count of people
 * has been through small-count suppression: `null` means withheld (1 … threshold − 1), shown as
 * "<threshold"; a rate built on a withheld count is null too.
 */
export type Count = number | null;

export interface UnitInfo {
  id: string; name: string; fullName: string; level: string; type: string;
  bbox: [number, number, number, number];
}

export interface FunnelRow { step: FunnelStep; count: Count; rate: number | null; previous: Count }

export interface MonthRow { month: string; asOf: string; received: Count; activated: Count }

export interface TargetRow {
  metric: "received" | "activated";
  value: number;
  periodStart: string;
  periodEnd: string;
  /** The count at the date, withheld when small. */
  current: Count;
  rate: number | null;
  forecast: Forecast;
}

export interface ChildRow {
  id: string; name: string; fullName: string; level: string; hamlets: number;
  eligible: Count; activated: Count;
  /** eligible − activated. */
  remaining: Count;
  rate: number | null;
  previousRate: number | null;
  /** rate − previousRate (a fraction; × 100 = percentage points). */
  delta: number | null;
}

export interface ReasonRow { reason: ReasonKey; people: Count }

export interface InfraRow { gap: InfraGap; hamlets: number; residents: Count; notActivated: Count }

export interface ProgressView {
  unit: UnitInfo;
  structure: "pre2025" | "post2025";
  /** The report date shown (latest report on or before the requested date). */
  date: string;
  /** The earlier report changes are measured from (null when there is none). */
  since: string | null;
  threshold: number;
  synthetic: boolean;
  /** Report dates of the scope (for the date picker). */
  dates: string[];
  ancestors: { id: string; fullName: string; level: string }[];
  funnel: FunnelRow[];
  hamlets: number;
  monthly: MonthRow[];
  targets: TargetRow[];
  childLevel: string | null;
  children: ChildRow[];
  reasons: { notActivated: Count; notReceived: Count; receivedNotActivated: Count; rows: ReasonRow[] };
  bottlenecks: { bottleneck: Bottleneck; people: Count }[] | null;
  infra: { hamlets: number; coverageAsOf: string | null; rows: InfraRow[] };
}

export interface MapPoint {
  lon: number; lat: number;
  /** Index into RATE_CLASSES, -1 for no rate. */
  rateClass: number;
  /** Index into INFRA_CATEGORIES. */
  infra: number;
}

export interface BriefingView extends ProgressView {
  map: {
    points: MapPoint[];
    /** Outlines of the unit's children and of the unit itself (GeoJSON geometry). */
    children: unknown[];
    outline: unknown | null;
    counts: { rateClasses: number[]; noRate: number; infra: number[] };
  };
  priorities: (Omit<PriorityHamlet, "peopleRemaining" | "peopleReachable"> & { peopleRemaining: Count; peopleReachable: Count })[] | null;
  /** Counts of people in the plan are withheld like any other (null = withheld or not stated; see the plan's own fields). */
  plan: PlanSummary | null;
  /** While the priority analysis is not available: the hamlets with the most people not yet activated (not a priority score). */
  mostRemaining: { id: string; name: string; communeName: string | null; remaining: Count; rate: number | null; infra: number }[];
}

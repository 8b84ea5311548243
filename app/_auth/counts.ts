import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import { EXACT_COUNTS } from "./policy";
import type { Role } from "./viewer";

/**
 * How exact the counts of people a viewer sees are (app/_auth/policy.ts EXACT_COUNTS): "exact" —
 * as stored (planners, inside their unit); "withheld" — counts from 1 to 4 withheld, and where a
 * total is shown with its parts one more cell withheld (geo/complementary-suppression.ts). Every
 * screen function and export takes it with the default "withheld", so nothing is exact by accident.
 */
export type Counts = "exact" | "withheld";

/** The counts mode of a viewer; no viewer (or an unknown role) gets "withheld". */
export function countsFor(viewer: { role: Role } | null | undefined): Counts {
  return viewer && EXACT_COUNTS[viewer.role] === true ? "exact" : "withheld";
}

/**
 * The counts mode of a view with a withholding threshold chosen in its URL (the dashboard and the
 * briefing pack): a threshold above the house rule's 5 is the viewer asking for more to be
 * withheld — a pack to hand round a meeting — so it withholds for everyone, planners included;
 * at the default, the viewer's own mode.
 */
export function countsForView(viewer: { role: Role } | null | undefined, threshold: number): Counts {
  return threshold > SMALL_COUNT_DEFAULTS.threshold ? "withheld" : countsFor(viewer);
}

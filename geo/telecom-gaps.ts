import { BROADBAND_TECHS, MOBILE_TECHS, OPERATORS, type Operator } from "./domain";
import { bestSignal, type HamletCoverage } from "./hamlet-coverage";

/** The coverage gaps telecom coordinators track per hamlet, in display order. */
export const TELECOM_GAPS = ["no2g", "noBroadband", "noFiber", "noGrid"] as const;
export type TelecomGap = (typeof TELECOM_GAPS)[number];
/** One operator's view, or "combined": what no operator provides. */
export type TelecomView = Operator | "combined";
export const TELECOM_VIEWS: readonly TelecomView[] = ["combined", ...OPERATORS];

/**
 * A hamlet's coverage gaps for one operator or for all of them combined (the published
 * definitions: "no 2G" = no mobile signal of any technology, "no mobile broadband" = no 3G or 4G —
 * a weak signal counts as covered). "combined" means that no operator provides the service;
 * grid power does not depend on the operator.
 *
 * @example
 * telecomGaps(viettel4gOnly, "combined"); // { no2g: false, noBroadband: false, noFiber: true, noGrid: false }
 * telecomGaps(viettel4gOnly, "vnpt");     // { no2g: true, noBroadband: true, noFiber: true, noGrid: false }
 * @throws RangeError for a view that is neither an operator nor "combined".
 */
export function telecomGaps(c: HamletCoverage, view: TelecomView): Record<TelecomGap, boolean> {
  if (!TELECOM_VIEWS.includes(view)) throw new RangeError(`telecomGaps: view must be one of ${TELECOM_VIEWS.join(", ")}, got ${String(view)}`);
  if (!c || typeof c.grid !== "boolean" || !c.signal || !c.fiber) throw new RangeError(`telecomGaps: expected a HamletCoverage, got ${JSON.stringify(c)}`);
  const ops: readonly Operator[] = view === "combined" ? OPERATORS : [view];
  return {
    no2g: bestSignal(c, MOBILE_TECHS, ops) === "none",
    noBroadband: bestSignal(c, BROADBAND_TECHS, ops) === "none",
    noFiber: !ops.some((o) => c.fiber[o]),
    noGrid: !c.grid,
  };
}

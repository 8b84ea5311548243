import "server-only";
import type { Db } from "@/db";
import type { Scope } from "@/db/queries/scope";
import { telecomGapHamlets, type LatestReview, type TelecomData } from "@/db/queries/telecom";
import type { Counts } from "@/app/_auth/counts";
import { withholdCounts } from "./withhold";
import type { TelecomGap, TelecomView } from "@/geo/telecom-gaps";

/** One hamlet row of the telecom table as the browser receives it: counts from 1 to 4 withheld (null), the withheld keys named. */
export interface TelecomRow {
  id: string;
  name: string;
  communeName: string;
  lon: number;
  lat: number;
  gaps: Record<TelecomGap, boolean>;
  residents: number | null;
  notActivated: number | null;
  simNeed: number | null;
  suppressed: string[];
  reviews: LatestReview[];
}

/**
 * What /telecom shows for a scope, date and operator view: the counts of hamlets and people per gap
 * (`data`, as the cards and the counts export read them) and the ranked hamlet rows with small counts withheld.
 */
export async function telecomScreen({
  db,
  scope,
  date,
  view,
  rankBy,
  counts = "withheld",
}: {
  db: Db;
  scope: Scope;
  date: string;
  view: TelecomView;
  rankBy: "affected" | "notActivated";
  counts?: Counts;
}): Promise<{ data: TelecomData; rows: TelecomRow[] }> {
  const data = await telecomGapHamlets({ db, scope, date, view, rankBy });
  const rows = data.hamlets.map((h) => {
    const { values, withheld: suppressed } = withholdCounts({ residents: h.residents, notActivated: h.notActivated, simNeed: h.simNeed }, [], counts);
    return { id: h.id, name: h.name, communeName: h.communeName ?? "", lon: h.lon, lat: h.lat, gaps: h.gaps, ...values, suppressed, reviews: h.reviews };
  });
  return { data, rows };
}

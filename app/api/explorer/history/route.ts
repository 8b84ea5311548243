import { unitHistory } from "@/db/queries/explorer";
import { suppressSmallCounts } from "@/geo";
import { json } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { historyQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The funnel of a unit or hamlet at every snapshot date (hamlet sums), small counts withheld. */
export const GET = route({ action: "map.read", query: historyQuery }, async ({ request, db, scope }) => {
  const points = await unitHistory({ db, scope });
  return json(request, {
    unit: scope.unitId,
    points: points.map(({ date, hamlets, ...counts }) => {
      const { values, suppressed } = suppressSmallCounts(counts);
      return { date, hamlets, ...values, withheld: suppressed };
    }),
  });
});

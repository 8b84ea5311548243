import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { unitHistory } from "@/db/queries/explorer";
import { suppressSmallCounts } from "@/geo";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { historyQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** The funnel of a unit or hamlet at every snapshot date (hamlet sums), small counts withheld. */
export async function GET(request: Request) {
  const q = parseQuery(historyQuery, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const scope = scopeOf(q.data.unit, q.data.structure);
    if (!(await getScopeUnit({ db, scope }))) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    const points = await unitHistory({ db, scope });
    return json(request, {
      unit: q.data.unit,
      points: points.map(({ date, hamlets, ...counts }) => {
        const { values, suppressed } = suppressSmallCounts(counts);
        return { date, hamlets, ...values, withheld: suppressed };
      }),
    });
  } catch (err) {
    return serverError(err);
  }
}

import { getDb } from "@/db";
import { planInputs } from "@/db/queries/plans";
import { runPlans, priorityChoice } from "@/app/_screens/plans";
import { parseBody, notFound, serverError } from "../../_lib/respond";
import { runBody } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/** Runs both planners (Wi-Fi sites, mobile teams) for a scope at a date; counts 1–4 come back withheld (null). */
export async function POST(request: Request) {
  const q = await parseBody(runBody, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const scope = scopeOf(q.data.unit, q.data.structure);
    const inputs = await planInputs({ db, scope, date: q.data.date });
    if (!inputs) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    if (q.data.teams.baseSiteId !== null && !inputs.sites.some((s) => s.id === q.data.teams.baseSiteId)) {
      return Response.json({ error: "Invalid body", issues: [{ path: "teams.baseSiteId", message: `site ${q.data.teams.baseSiteId} is not in ${q.data.unit}` }] }, { status: 400 });
    }
    const sel = q.data.selection;
    const choice = sel.mode === "priority" ? await priorityChoice({ db, scope, date: q.data.date, preset: sel.preset, top: sel.top }) : undefined;
    return Response.json(runPlans(inputs, q.data, choice));
  } catch (err) {
    return serverError(err);
  }
}

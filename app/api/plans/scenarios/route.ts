import { getDb } from "@/db";
import { deleteScenarios, listScenarios, planInputs, saveScenario } from "@/db/queries/plans";
import { priorityChoice, runPlans, scenarioOf } from "@/app/_screens/plans";
import { parseBody, parseQuery, notFound, serverError } from "../../_lib/respond";
import { deleteQuery, listQuery, saveBody } from "./schema";
import { scopeOf } from "@/db/queries/scope";
import { actorFrom } from "../../_lib/actor";

export const dynamic = "force-dynamic";

/** The saved scenarios of units in the scope, newest first. */
export async function GET(request: Request) {
  const q = parseQuery(listQuery, request);
  if (!q.ok) return q.response;
  try {
    return Response.json({ scenarios: await listScenarios({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure) }) });
  } catch (err) {
    return serverError(err);
  }
}

/** Saves a named scenario: the request is run again here, so the saved figures are the server's. */
export async function POST(request: Request) {
  const q = await parseBody(saveBody, request);
  if (!q.ok) return q.response;
  const { name, request: req } = q.data;
  try {
    const db = await getDb();
    const scope = scopeOf(req.unit, req.structure);
    const inputs = await planInputs({ db, scope, date: req.date });
    if (!inputs) return notFound(`Unit ${req.unit} does not exist in the ${req.structure} structure`);
    if (req.teams.baseSiteId !== null && !inputs.sites.some((s) => s.id === req.teams.baseSiteId)) {
      return Response.json({ error: "Invalid body", issues: [{ path: "request.teams.baseSiteId", message: `site ${req.teams.baseSiteId} is not in ${req.unit}` }] }, { status: 400 });
    }
    const sel = req.selection;
    const choice = sel.mode === "priority" ? await priorityChoice({ db, scope, date: req.date, preset: sel.preset, top: sel.top }) : undefined;
    const saved = await saveScenario({ db, scope, name, plan: scenarioOf(req, runPlans(inputs, req, choice)), actor: actorFrom(request) });
    return Response.json(saved, { status: 201 });
  } catch (err) {
    return serverError(err);
  }
}

/** Deletes one scenario of the scope. */
export async function DELETE(request: Request) {
  const q = parseQuery(deleteQuery, request);
  if (!q.ok) return q.response;
  try {
    const n = await deleteScenarios({ db: await getDb(), scope: scopeOf(q.data.unit, q.data.structure), ids: [q.data.id], actor: actorFrom(request) });
    return n === 0 ? notFound(`Scenario ${q.data.id} does not exist in ${q.data.unit}`) : Response.json({ deleted: n });
  } catch (err) {
    return serverError(err);
  }
}

import { deleteScenarios, listScenarios, planInputs, saveScenario } from "@/db/queries/plans";
import { priorityChoice, runPlans, scenarioOf } from "@/app/_screens/plans";
import { unitNotFoundMessage } from "@/app/_auth/scope";
import { notFound } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { deleteQuery, listQuery, saveBody } from "./schema";

export const dynamic = "force-dynamic";

/** The saved scenarios of units in the scope, newest first. */
export const GET = route({ action: "plans.read", query: listQuery }, async ({ db, scope }) => Response.json({ scenarios: await listScenarios({ db, scope }) }));

/** Saves a named scenario: the request is run again here, so the saved figures are the server's. */
export const POST = route(
  { action: "scenario.save", body: saveBody, unit: ({ body }) => ({ unitId: body.request.unit, structure: body.request.structure }) },
  async ({ db, scope, body, actor }) => {
    const req = { ...body.request, unit: scope.unitId, structure: scope.structure };
    const inputs = await planInputs({ db, scope, date: req.date });
    if (!inputs) return notFound(unitNotFoundMessage(scope.unitId, scope.structure));
    if (req.teams.baseSiteId !== null && !inputs.sites.some((s) => s.id === req.teams.baseSiteId)) {
      return Response.json(
        { error: "Invalid body", issues: [{ path: "request.teams.baseSiteId", message: `site ${req.teams.baseSiteId} is not in ${req.unit}` }] },
        { status: 400 },
      );
    }
    const sel = req.selection;
    const choice = sel.mode === "priority" ? await priorityChoice({ db, scope, date: req.date, preset: sel.preset, top: sel.top }) : undefined;
    const saved = await saveScenario({ db, scope, name: body.name, plan: scenarioOf(req, runPlans(inputs, req, choice)), actor });
    return Response.json(saved, { status: 201 });
  },
);

/** Deletes one scenario of the scope (404 for one that does not exist or lies outside it). */
export const DELETE = route({ action: "scenario.delete", query: deleteQuery }, async ({ db, scope, query, actor }) => {
  const n = await deleteScenarios({ db, scope, ids: [query.id], actor });
  return n === 0 ? notFound(`Scenario ${query.id} not found`) : Response.json({ deleted: n });
});

import { planInputs } from "@/db/queries/plans";
import { countsFor } from "@/app/_auth/counts";
import { runPlans, priorityChoice } from "@/app/_screens/plans";
import { unitNotFoundMessage } from "@/app/_auth/scope";
import { notFound } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { runBody } from "./schema";

export const dynamic = "force-dynamic";

/** Runs both planners (Wi-Fi sites, mobile teams) for a scope at a date; counts 1–4 come back withheld (null). */
export const POST = route({ action: "plans.run", body: runBody }, async ({ db, viewer, scope, body }) => {
  const inputs = await planInputs({ db, scope, date: body.date });
  if (!inputs) return notFound(unitNotFoundMessage(scope.unitId, scope.structure));
  if (body.teams.baseSiteId !== null && !inputs.sites.some((s) => s.id === body.teams.baseSiteId)) {
    return Response.json(
      { error: "Invalid body", issues: [{ path: "teams.baseSiteId", message: `site ${body.teams.baseSiteId} is not in ${scope.unitId}` }] },
      { status: 400 },
    );
  }
  const sel = body.selection;
  const choice = sel.mode === "priority" ? await priorityChoice({ db, scope, date: body.date, preset: sel.preset, top: sel.top }) : undefined;
  // The plan is for the scope actually used (the viewer's unit when the request named a wider one).
  const req = { ...body, unit: scope.unitId, structure: scope.structure };
  return Response.json(runPlans(inputs, req, choice, countsFor(viewer)));
});

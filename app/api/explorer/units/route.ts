import { explorerUnits, provinceOfScope } from "@/db/queries/explorer";
import { getScopeUnit } from "@/db/queries/admin";
import { json, notFound } from "../../_lib/respond";
import { route } from "../../_lib/route";
import { navigationRoot, unitNotFoundMessage } from "@/app/_auth/scope";
import { unitsQuery } from "./schema";

export const dynamic = "force-dynamic";

/**
 * The unit tree (no geometry) the explorer navigates, in one structure: names, folded names and
 * aliases for search, parents for the breadcrumb and the roll-up, bboxes for zoom-to-unit, label
 * points for hamlet symbols and labels. Its root (`province`) is the province that contains `unit`
 * when the viewer may see all of it, else the viewer's own unit inside it — never a unit outside
 * the viewer's scope (so the search finds none either).
 */
export const GET = route({ action: "map.read", query: unitsQuery }, async ({ request, db, viewer, rule, scope, query }) => {
  if (!(await provinceOfScope({ db, scope }))) return notFound(unitNotFoundMessage(query.unit, query.structure));
  const root = await navigationRoot(db, viewer, rule, scope);
  const rootUnit = await getScopeUnit({ db, scope: root });
  if (!rootUnit) return notFound(unitNotFoundMessage(query.unit, query.structure));
  const units = await explorerUnits({ db, scope: root });
  return json(request, { province: { id: rootUnit.id, name: rootUnit.name, fullName: rootUnit.fullName }, structure: root.structure, units });
});

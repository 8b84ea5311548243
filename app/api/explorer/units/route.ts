import { getDb } from "@/db";
import { explorerUnits, provinceOfScope } from "@/db/queries/explorer";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { unitsQuery } from "./schema";
import { scopeOf } from "@/db/queries/scope";

export const dynamic = "force-dynamic";

/**
 * The unit tree (no geometry) of the province that contains `unit`, in one structure: names,
 * folded names and aliases for search, parents for the breadcrumb and the roll-up, bboxes for
 * zoom-to-unit, label points for hamlet symbols and labels.
 */
export async function GET(request: Request) {
  const q = parseQuery(unitsQuery, request);
  if (!q.ok) return q.response;
  try {
    const db = await getDb();
    const province = await provinceOfScope({ db, scope: scopeOf(q.data.unit, q.data.structure) });
    if (!province) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    // The explorer navigates the whole province of the unit asked for (authorization will decide whether a viewer may).
    const units = await explorerUnits({ db, scope: scopeOf(province.id, q.data.structure) });
    return json(request, { province, structure: q.data.structure, units });
  } catch (err) {
    return serverError(err);
  }
}

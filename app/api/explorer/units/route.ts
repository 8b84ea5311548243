import { getDb } from "@/db";
import { explorerUnits, provinceOfScope } from "@/db/queries/explorer";
import { json, parseQuery, notFound, serverError } from "../../_lib/respond";
import { unitsQuery } from "./schema";

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
    const province = await provinceOfScope({ db, scope: { unitId: q.data.unit, structure: q.data.structure } });
    if (!province) return notFound(`Unit ${q.data.unit} does not exist in the ${q.data.structure} structure`);
    const units = await explorerUnits({ db, scope: { unitId: province.id, structure: q.data.structure } });
    return json(request, { province, structure: q.data.structure, units });
  } catch (err) {
    return serverError(err);
  }
}

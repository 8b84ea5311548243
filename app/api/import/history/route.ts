import { listImports } from "@/db/queries/imports";
import { route } from "../../_lib/route";
import { historyQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The imports of the scope, newest first. */
export const GET = route({ action: "import.read", query: historyQuery }, async ({ db, scope }) => Response.json({ imports: await listImports({ db, scope }) }));

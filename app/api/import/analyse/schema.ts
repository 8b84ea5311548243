/** POST /api/import/analyse: the shared import body (see ../schema.ts). */
export { importBody as analyseBody } from "../schema";

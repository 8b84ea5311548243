/** POST /api/import/commit: the same body as the dry run it confirms (see ../schema.ts). */
export { importBody as commitBody } from "../schema";

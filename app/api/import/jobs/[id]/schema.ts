import { z } from "zod";

/** GET /api/import/jobs/<id> */
export const jobParams = z.object({ id: z.string().uuid({ message: "must be a job id" }) });

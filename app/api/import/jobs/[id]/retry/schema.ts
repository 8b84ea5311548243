import { z } from "zod";

/** POST /api/import/jobs/<id>/retry */
export const retryParams = z.object({ id: z.string().uuid({ message: "must be a job id" }) });

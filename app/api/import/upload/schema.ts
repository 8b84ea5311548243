import { z } from "zod";

/** POST /api/import/upload?name=<file name> with the file's bytes as the body. */
export const uploadQuery = z.object({
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL in a file name is refused on purpose
  name: z.string().trim().min(1, "must be the file's name").max(255).refine((n) => !/[\\/\u0000]/.test(n), "must be a file name, not a path"),
});

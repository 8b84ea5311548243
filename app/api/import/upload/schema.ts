import { z } from "zod";

// A slash, a backslash or a NUL: a name with one is a path (or an attack), not a file name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is what this refuses
const NOT_IN_A_NAME = /[\\/\u0000]/;

/** POST /api/import/upload?name=<file name> with the file's bytes as the body. */
export const uploadQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1, "must be the file's name")
    .max(255)
    .refine((n) => !NOT_IN_A_NAME.test(n), "must be a file name, not a path"),
});

import { z } from "zod";

/**
 * The authentication's environment, validated like db/env.ts: a bad value stops the process with
 * the variable's name and what was wrong.
 */
const authEnvSchema = z.object({
  /** Signs the session cookie. At least 32 characters; when unset, one is generated into AUTH_SECRET_FILE. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** Where the generated secret is kept (mode 0600, git-ignored); default .data/auth-secret. */
  AUTH_SECRET_FILE: z.string().min(1).default(".data/auth-secret"),
  /** "true" lets the demo accounts of db/demo/accounts.ts sign in under NODE_ENV=production (set by `npm run demo`). */
  GAPMAP_DEMO: z.enum(["true", "false"]).default("false"),
  NODE_ENV: z.string().optional(),
});

export type AuthEnv = z.infer<typeof authEnvSchema>;

export function readAuthEnv(source: Record<string, string | undefined> = process.env): AuthEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = authEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

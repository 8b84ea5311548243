import { z } from "zod";

/**
 * The environment, validated once at start-up (create-t3-app's env.ts habit). A bad value stops
 * the process with the variable's name and what was wrong.
 */
const envSchema = z.object({
  /** A PostgreSQL server; when unset the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** Where the embedded PGlite database lives (default .data/pglite in the working directory). */
  PGLITE_DIR: z.string().min(1).optional(),
  /** "false" skips applying migrations when the app opens the database (then run npm run db:migrate). */
  DB_MIGRATE_ON_START: z.enum(["true", "false"]).default("true"),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

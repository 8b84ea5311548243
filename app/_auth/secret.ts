import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AuthEnv } from "./env";

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when given, else the one kept in
 * AUTH_SECRET_FILE, generated there (32 random bytes, base64url, file mode 0600) on first start.
 * Two processes starting at once agree: the secret is written to a temporary file first and then
 * hard-linked into place, which fails for the second (EEXIST), which then reads the first's.
 */
export function authSecret(env: AuthEnv): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = path.resolve(/*turbopackIgnore: true*/ env.AUTH_SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  const secret = readSecretFile(file);
  if (!secret) throw new Error(`${file}: the generated auth secret could not be read back`);
  return secret;
}

function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  if (text.length < 32) throw new Error(`${file}: the auth secret must be at least 32 characters (delete the file to generate a new one)`);
  return text;
}

import type { AuthEnv } from "./env";
import { isDemoEmail } from "@/db/queries/accounts";

/**
 * The demo accounts (db/demo/accounts.ts) have published passwords. They exist only in a database
 * seeded by `npm run demo` / `npm run db:seed`; as a second guard, a production server
 * (NODE_ENV=production) lets them sign in only when started as the demo (`GAPMAP_DEMO=true`, which
 * `npm run demo` sets). Returns the refusal message, or null when the sign-in may proceed.
 */
export function demoSignInRefusal(email: string, env: AuthEnv): string | null {
  if (!isDemoEmail(email)) return null;
  if (env.NODE_ENV !== "production" || env.GAPMAP_DEMO === "true") return null;
  return "Tài khoản mẫu chỉ dùng được khi chạy bản demo (npm run demo). / Demo accounts sign in only on the demo server (npm run demo).";
}

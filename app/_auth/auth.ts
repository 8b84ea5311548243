import "server-only";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { getDb, type Db } from "@/db";
import { AUTH_TABLES } from "@/db/queries/accounts";
import { isAccountDisabled } from "@/db/queries/accounts";
import { readAuthEnv, type AuthEnv } from "./env";
import { appOrigins, ownOrigins } from "./csrf";
import { authSecret } from "./secret";
import { clientAddress, loginLock, noteLoginFailure, clearLoginFailures, lockedMessage } from "./limits";
import { demoSignInRefusal } from "./demo";
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from "./password";
import { log } from "@/server/log";

/** How long a session lasts without use, and how often its expiry is pushed forward while used. */
export const SESSION_POLICY = {
  /** Seconds a session lives after its last refresh (12 h: a working day; then sign in again). */
  expiresIn: 12 * 60 * 60,
  /** Seconds between refreshes of the expiry while the session is used. */
  updateAge: 60 * 60,
} as const;

/** Cookie names start with this (better-auth adds `__Secure-` over HTTPS): gapmap.session_token. */
export const COOKIE_PREFIX = "gapmap";

/**
 * better-auth's options over our drizzle tables. `secure` chooses the cookie flavour: over HTTPS
 * the cookie is `__Secure-gapmap.session_token` with the Secure flag; over plain HTTP (the demo on
 * 127.0.0.1) it is `gapmap.session_token` without it. Both are HttpOnly and SameSite=Lax.
 */
export function authOptions({ db, secret, secure, env }: { db: Db; secret: string; secure: boolean; env: AuthEnv }) {
  return {
    appName: "GapMap 06",
    secret,
    basePath: "/api/auth",
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: AUTH_TABLES.users, session: AUTH_TABLES.sessions, account: AUTH_TABLES.accounts, verification: AUTH_TABLES.verifications },
    }),
    telemetry: { enabled: false },
    // The origins better-auth accepts on its state-changing requests: the same as the proxy's CSRF
    // rule (app/_auth/csrf.ts) — the origin the browser addressed (Host), plus APP_ORIGINS. Without
    // it better-auth trusts only the origin of the URL Next.js hands it (http://localhost:PORT for
    // `next start -H 127.0.0.1`), and a sign-in from http://127.0.0.1:PORT was refused as "Invalid origin".
    trustedOrigins: (request?: Request) => (request ? [...ownOrigins(request.headers, request.url, appOrigins())] : appOrigins()),
    // better-auth's own messages as JSON lines like the rest of the log (server/log.ts); their
    // arguments are not written (they may hold a request's data).
    logger: {
      level: "warn",
      log: (level, message) => log[level === "warn" || level === "error" || level === "debug" ? level : "info"](message, { from: "better-auth" }),
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by an administrator (/admin/users) or `npm run user:add`, never by sign-up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: verifyPassword },
      revokeSessionsOnPasswordReset: true,
    },
    session: {
      expiresIn: SESSION_POLICY.expiresIn,
      updateAge: SESSION_POLICY.updateAge,
      // No cookie cache: every request reads the session row, so a revoked session ends at once.
      cookieCache: { enabled: false },
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false },
        unitId: { type: "string", input: false, required: false },
        structure: { type: "string", input: false, required: false },
        operator: { type: "string", input: false, required: false },
        provinces: { type: "string[]", input: false, required: false },
        disabled: { type: "boolean", input: false, required: false },
      },
    },
    // Failed sign-ins are limited by our own table (per account and per address, app/_auth/limits.ts);
    // better-auth's limiter counts every request per address and path, which is not what is asked.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account gets no new session (its old ones were deleted when it was disabled).
          async before(session) {
            if (await isAccountDisabled({ db, userId: session.userId })) {
              throw new APIError("FORBIDDEN", { code: "ACCOUNT_DISABLED", message: "Tài khoản đã bị khóa. / This account is disabled." });
            }
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          const email = normaliseEmail(ctx.body?.email);
          const refusal = demoSignInRefusal(email, env);
          if (refusal) throw new APIError("FORBIDDEN", { code: "DEMO_ACCOUNT_REFUSED", message: refusal });
          await refuseWhenLocked(db, email, clientAddress(ctx.headers));
        } else if (ctx.path === "/change-password") {
          const s = await getSessionFromCtx(ctx);
          if (s) await refuseWhenLocked(db, s.user.email, clientAddress(ctx.headers));
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const address = clientAddress(ctx.headers);
        if (ctx.path === "/sign-in/email") {
          const email = normaliseEmail(ctx.body?.email);
          if (!email) return;
          if (returned instanceof APIError && returned.statusCode === 401) await noteLoginFailure({ db, account: email, address });
          else if (!(returned instanceof APIError)) await clearLoginFailures({ db, account: email });
        } else if (ctx.path === "/change-password") {
          const s = ctx.context.session ?? (await getSessionFromCtx(ctx));
          if (s && returned instanceof APIError && returned.body?.code === "INVALID_PASSWORD") {
            await noteLoginFailure({ db, account: s.user.email, address });
          }
        }
      }),
    },
  } satisfies BetterAuthOptions;
}

function buildAuth(args: Parameters<typeof authOptions>[0]) {
  return betterAuth(authOptions(args));
}

export type Auth = ReturnType<typeof buildAuth>;

const g = globalThis as unknown as { __gapmapAuth?: Map<boolean, Promise<Auth>> };

/**
 * The auth instance for this process, built once the database is open (db/index.ts getDb), one per
 * cookie flavour (see authOptions). Kept on globalThis like the database handle.
 */
export function getAuth(secure: boolean): Promise<Auth> {
  g.__gapmapAuth ??= new Map();
  let p = g.__gapmapAuth.get(secure);
  if (!p) {
    p = (async () => {
      const env = readAuthEnv();
      return buildAuth({ db: await getDb(), secret: authSecret(env), secure, env });
    })();
    p.catch(() => g.__gapmapAuth?.delete(secure));
    g.__gapmapAuth.set(secure, p);
  }
  return p;
}

/** An auth instance over a database the caller opened (scripts, tests). */
export function authFor(db: Db, opts: { secure?: boolean; env?: AuthEnv } = {}): Auth {
  const env = opts.env ?? readAuthEnv();
  return buildAuth({ db, secret: authSecret(env), secure: opts.secure ?? false, env });
}

/** Whether the request reached us over HTTPS: its URL, or the protocol a TLS-terminating proxy forwarded. */
export function isHttps(headers: Headers, url?: string): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return url ? url.startsWith("https:") : false;
}

function normaliseEmail(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase() : "";
}

async function refuseWhenLocked(db: Db, account: string, address: string) {
  const lock = await loginLock({ db, account, address });
  if (lock) {
    throw new APIError(
      "TOO_MANY_REQUESTS",
      { code: "TOO_MANY_FAILED_SIGN_INS", message: lockedMessage(lock.minutes), retryAfterMinutes: lock.minutes, scope: lock.scope },
      { "Retry-After": String(lock.minutes * 60) },
    );
  }
}

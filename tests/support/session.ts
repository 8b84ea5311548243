// A session for tests that call route handlers directly (no server): sign in through the auth route
// handler itself, as a browser would, and put the cookie on the requests.
import { randomBytes } from "node:crypto";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo/accounts";

export type DemoRole = keyof typeof DEMO_ACCOUNTS;

/**
 * The session cookie ("name=value") of a demo account, from POST /api/auth/sign-in/email handled
 * in this process (the database is the one the environment names: set PGLITE_DIR first).
 */
export async function demoSessionCookie(role: DemoRole = "planner"): Promise<string> {
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("base64url"); // never write .data/auth-secret from a test
  const { POST } = await import("@/app/api/auth/[...all]/route");
  const res = await POST(
    new Request("http://x/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_ACCOUNTS[role].email, password: DEMO_PASSWORD }),
    }),
  );
  if (res.status !== 200) throw new Error(`sign-in as ${role} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error("sign-in set no session cookie");
  return cookie.split(";")[0]!;
}

/** A handler whose requests carry the cookie. */
export function withSession<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>, cookie: string) {
  return (request: Request, ...rest: A) => {
    request.headers.set("cookie", cookie);
    return handler(request, ...rest);
  };
}

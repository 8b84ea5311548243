// The world of a test file (or describe block) that calls route handlers directly, in this process:
// openAppDb's private copy of the seeded PGlite database (and, if asked, upload folder), opened in
// the block's beforeAll and closed in its afterAll, and demo sessions.
import { afterAll, beforeAll } from "vitest";
import { type AppDb, openAppDb } from "./app-db";
import { demoSessionCookie, withSession, type DemoRole } from "./session";

export type Handler = (request: Request, ctx?: { params: Promise<{ id: string }> }) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteEnv {
  /** The private PGlite directory (set in beforeAll). */
  readonly dir: string;
  /** The upload folder (only with `uploads: true`). */
  readonly uploads: string;
  /** The session cookie ("name=value") of a demo account, signed in once per role. */
  cookieFor(role: DemoRole): Promise<string>;
  /** `app/api/<route>/route.ts`'s handler for `method`, its requests carrying `role`'s session (null: none). */
  handler(route: string, method: Method, role?: DemoRole | null): Promise<Handler>;
}

/** openAppDb (tests/support/app-db.ts) for the enclosing file or block, with demo sessions and handlers. */
export function setupRouteEnv(opts: { uploads?: boolean } = {}): RouteEnv {
  const cookies = new Map<DemoRole, Promise<string>>();
  let app: AppDb | undefined;
  beforeAll(() => {
    app = openAppDb(opts);
  });
  afterAll(() => app?.close());
  const opened = () => {
    if (!app) throw new Error("setupRouteEnv opens the database in beforeAll: read it inside a hook or a test");
    return app;
  };

  const cookieFor = (role: DemoRole) => {
    let c = cookies.get(role);
    if (!c) cookies.set(role, (c = demoSessionCookie(role)));
    return c;
  };

  return {
    get dir() {
      return opened().dir;
    },
    get uploads() {
      const u = opened().uploads;
      if (!u) throw new Error("setupRouteEnv({ uploads: true }) makes the upload folder");
      return u;
    },
    cookieFor,
    async handler(route, method, role = "planner") {
      const mod = (await import(/* @vite-ignore */ `@/app/api/${route}/route`)) as Partial<Record<Method, Handler>>;
      const h = mod[method];
      if (typeof h !== "function") throw new Error(`app/api/${route}/route.ts exports no ${method}`);
      return role === null ? h : withSession(h, await cookieFor(role));
    },
  };
}

// The world of a test file (or describe block) that calls route handlers directly, in this process:
// a private copy of the seeded PGlite database named by PGLITE_DIR (DATABASE_URL unset), optionally
// a fresh upload folder in IMPORT_UPLOAD_DIR, and demo sessions. Registered as beforeAll/afterAll
// of the block it is called in; afterwards the app's database handle is closed, the environment
// restored and the folders removed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import type { OpenDb } from "../../db/client";
import { copySeededPglite } from "./seeded-db";
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

/** A private copy of the seeded PGlite directory for the enclosing block, removed after it. */
export function setupSeededCopy(): { readonly dir: string } {
  let dir: string | undefined;
  beforeAll(() => {
    dir = copySeededPglite(inject("seededPgliteDir"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      if (!dir) throw new Error("the seeded copy is made in beforeAll: read dir inside a hook or a test");
      return dir;
    },
  };
}

export function setupRouteEnv(opts: { uploads?: boolean } = {}): RouteEnv {
  const names = ["PGLITE_DIR", "DATABASE_URL", ...(opts.uploads ? ["IMPORT_UPLOAD_DIR"] : [])];
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  const cookies = new Map<DemoRole, Promise<string>>();
  const copy = setupSeededCopy();
  let uploads: string | undefined;

  beforeAll(() => {
    process.env.PGLITE_DIR = copy.dir;
    delete process.env.DATABASE_URL;
    if (opts.uploads) {
      uploads = mkdtempSync(path.join(tmpdir(), "gapmap-uploads-"));
      process.env.IMPORT_UPLOAD_DIR = uploads;
    }
  });

  // Registered after setupSeededCopy's afterAll, so it runs before it (vitest runs afterAll hooks in reverse).
  afterAll(async () => {
    const g = globalThis as unknown as { __gapmapDb?: Promise<OpenDb> };
    await (await g.__gapmapDb?.catch(() => undefined))?.close();
    g.__gapmapDb = undefined;
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    if (uploads) rmSync(uploads, { recursive: true, force: true });
  });

  const cookieFor = (role: DemoRole) => {
    let c = cookies.get(role);
    if (!c) cookies.set(role, (c = demoSessionCookie(role)));
    return c;
  };

  return {
    get dir() {
      return copy.dir;
    },
    get uploads() {
      if (!uploads) throw new Error("setupRouteEnv({ uploads: true }) makes the upload folder in beforeAll");
      return uploads;
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

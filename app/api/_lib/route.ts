import "server-only";
import type { z } from "zod";
import { type Db, getDb } from "@/db";
import type { Actor } from "@/db/queries/audit";
import type { UnitRef } from "@/db/queries/access";
import type { Scope } from "@/db/queries/scope";
import { csrfRefusal } from "@/app/_auth/csrf";
import { type Action, ROLES, ruleFor, type ScopeRule } from "@/app/_auth/policy";
import { scopeFor, unitNotFoundMessage } from "@/app/_auth/scope";
import { type Viewer, viewerFromRequest } from "@/app/_auth/viewer";
import { addLogContext, log, withLogContext } from "@/server/log";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/server/request-id";
import { actorFrom } from "./actor";
import { badRequest, notFound, parseBody, parseQuery, serverError } from "./respond";

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteContext<Q extends Schema, B extends Schema, P extends Schema, Scoped extends boolean> {
  request: Request;
  db: Db;
  viewer: Viewer;
  /** The viewer's scope rule for the action ("unit", "provinces", "all"). */
  rule: Exclude<ScopeRule, null>;
  /** The requested unit ∩ the viewer's binding (app/_auth/scope.ts scopeFor); null for `scoped: false`. */
  scope: Scoped extends false ? null : Scope;
  query: Infer<Q>;
  body: Infer<B>;
  params: Infer<P>;
  /** Who writes: the session's user (never the request body). */
  actor: Actor;
}

export interface RouteOptions<Q extends Schema, B extends Schema, P extends Schema, Scoped extends boolean> {
  /** The action of app/_auth/policy.ts this route performs. */
  action: Action;
  /** zod schema of the URL's query parameters (duplicates keep the first value). */
  query?: Q;
  /** zod schema of the JSON body. */
  body?: B;
  /** zod schema of the dynamic path segments ({ id } of …/[id]/route.ts). */
  params?: P;
  /**
   * false: the route reads no unit's data (accounts, uploads, a job of one's own) — no scope is
   * computed. Default true: the scope is the requested unit (see `unit`) ∩ the viewer's binding,
   * 404 when they do not meet.
   */
  scoped?: Scoped;
  /** The requested unit; default `unit` + `structure` of the query, else of the body; none: the viewer's own unit. */
  unit?: (input: { query: Infer<Q>; body: Infer<B> }) => UnitRef | null;
  /** For a route proxy.ts does not see (the raw upload): make its CSRF origin check here. */
  unproxied?: boolean;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };
/** The zod schemas a route() handler parses its request with (tests/api/fuzz.test.ts generates requests from them). */
export interface RouteInput {
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly params?: z.ZodType;
}
export type Handler = ((request: Request, context?: NextContext) => Promise<Response>) & { readonly action: Action | "public"; readonly input?: RouteInput };

const NOT_SIGNED_IN = "Chưa đăng nhập. / Not signed in: sign in first (POST /api/auth/sign-in/email).";

/** 403 for a role the policy does not list for the action. */
export function forbidden(message: string): Response {
  return Response.json({ error: message, issues: [] }, { status: 403 });
}

/**
 * THE route wrapper: every handler in app/api is `route({ action, query?, body?, params? }, handler)`.
 * In order: the session's viewer (401 without) → the policy (403 when the role may not) → the
 * params, query and body with their zod schemas (400 with the issues) → the scope, the requested
 * unit ∩ the viewer's (404 "Unit … not found" when they do not meet, exactly as for a unit that
 * does not exist) → the actor from the session → the handler; a thrown error is a generic 500.
 * The handler carries its action (`GET.action`) for tests/auth/matrix.test.ts and its schemas
 * (`GET.input`) for tests/api/fuzz.test.ts.
 * Every request (see {@link served}): its `x-request-id` on the response, one log line when it is
 * answered, and the request id and user id on every line logged while it is served.
 *
 * @example
 * export const GET = route({ action: "map.read", query: attributesQuery }, async ({ request, db, scope, query }) =>
 *   json(request, await explorerAttributes({ db, scope, date: query.date })));
 */
export function route<Q extends Schema = undefined, B extends Schema = undefined, P extends Schema = undefined, Scoped extends boolean = true>(
  options: RouteOptions<Q, B, P, Scoped>,
  handler: (ctx: RouteContext<Q, B, P, Scoped>) => Promise<Response> | Response,
): Handler {
  const run = (request: Request, context?: NextContext): Promise<Response> => served(request, {}, (requestId) => answer(request, context, requestId));
  const answer = async (request: Request, context: NextContext | undefined, requestId: string): Promise<Response> => {
    if (options.unproxied) {
      const trusted = (process.env.APP_ORIGINS ?? "").split(",").filter(Boolean);
      const refusal = csrfRefusal({ method: request.method, headers: request.headers, url: request.url, trusted });
      if (refusal) return forbidden(refusal);
    }
    try {
      const viewer = await viewerFromRequest(request);
      if (!viewer) return Response.json({ error: NOT_SIGNED_IN, issues: [] }, { status: 401 });
      addLogContext({ userId: viewer.userId });
      const rule = ruleFor(viewer.role, options.action);
      if (rule === null) {
        const who = ROLES.filter((r) => ruleFor(r, options.action) !== null).join(", ") || "no role";
        const { action } = options;
        const you = viewer.role;
        return forbidden(`Không được phép: việc này (${action}) dành cho ${who}; bạn là ${you}. / Forbidden: ${action} is for ${who}; you are ${you}.`);
      }

      let params: unknown;
      if (options.params) {
        const p = options.params.safeParse((await context?.params) ?? {});
        if (!p.success) return badRequest(p.error, "Invalid path");
        params = p.data;
      }
      let query: unknown;
      if (options.query) {
        const q = parseQuery(options.query, request);
        if (!q.ok) return q.response;
        query = q.data;
      }
      let body: unknown;
      if (options.body) {
        const b = await parseBody(options.body, request);
        if (!b.ok) return b.response;
        body = b.data;
      }
      const input = { query, body } as { query: Infer<Q>; body: Infer<B> };
      const db = await getDb();
      let scope: Scope | null = null;
      if (options.scoped !== false) {
        // A query without `unit` asks for the viewer's own unit (not the schema's default).
        const asked = new URL(request.url).searchParams.has("unit") ? requestedUnit(query) : null;
        const requested = options.unit ? options.unit(input) : (asked ?? requestedUnit(body));
        scope = await scopeFor(db, viewer, rule, requested);
        if (!scope) return notFound(unitNotFoundMessage(requested?.unitId ?? viewer.unitId ?? "?", requested?.structure ?? viewer.structure ?? "post2025"));
      }
      const ctx = { request, db, viewer, rule, scope, query, body, params, actor: actorFrom(request, viewer, requestId) } as RouteContext<Q, B, P, Scoped>;
      return await handler(ctx);
    } catch (err) {
      return serverError(err);
    }
  };
  const input: RouteInput = { query: options.query, body: options.body, params: options.params };
  return Object.assign(run, { action: options.action, input }) as Handler;
}

export interface PublicRouteOptions {
  /**
   * A probe (GET /api/health, /api/ready), asked every few seconds by a load balancer: its log line
   * is at debug level while it answers 2xx, so that probes do not drown the log.
   */
  probe?: boolean;
}

/**
 * A route that needs no session (better-auth's own endpoints, the health probes): marked so that
 * the matrix test knows it is meant, and served like the others (request id, log line, 500 on a
 * throw). proxy.ts lets exactly these paths through without a session (PUBLIC_API_*): keep the two in step.
 */
export function publicRoute(handler: (request: Request) => Promise<Response>, options: PublicRouteOptions = {}): Handler {
  const run = (request: Request) => served(request, options, () => handler(request));
  return Object.assign(run, { action: "public" as const }) as Handler;
}

/**
 * Serves one API request: the request id (the `x-request-id` proxy.ts set, or one made here for the
 * routes it does not see) in the log context while the handler runs and on the response, a thrown
 * error as a generic 500, then one log line — method, path (no query string), status, ms until the
 * handler answered, requestId, userId when signed in. Never the body, the cookies or any other header.
 */
async function served(request: Request, options: PublicRouteOptions, handler: (requestId: string) => Promise<Response>): Promise<Response> {
  const t0 = performance.now();
  const requestId = requestIdFrom(request.headers);
  return withLogContext({ requestId }, async () => {
    let res: Response;
    try {
      res = await handler(requestId);
    } catch (err) {
      res = serverError(err);
    }
    const status = res.status;
    const fields = { method: request.method, path: new URL(request.url).pathname, status, ms: Math.round(performance.now() - t0) };
    if (status >= 500) log.error("request", fields);
    else if (options.probe && status < 300) log.debug("request", fields);
    else log.info("request", fields);
    return withHeader(res, REQUEST_ID_HEADER, requestId);
  });
}

/** The response with one header set (a copy when its headers are immutable, as a fetch() response's are). */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

function requestedUnit(input: unknown): UnitRef | null {
  if (!input || typeof input !== "object") return null;
  const { unit, structure } = input as { unit?: unknown; structure?: unknown };
  if (typeof unit !== "string" || (structure !== "pre2025" && structure !== "post2025")) return null;
  return { unitId: unit, structure };
}

// A seeded, bounded fuzz of every route: the list of routes comes from the files (app/api/**/route.ts,
// tests/support/api-routes.ts) and each request from the route's own zod schemas (`handler.input`,
// tests/support/zod-arbitrary.ts), as every demo role, on a private copy of the seeded PGlite. Valid
// requests (real unit, hamlet, upload, import, scenario and site ids, so that they get past the
// validation into the handlers and the database), valid requests with one field made hostile
// (tests/support/hostile.ts: ids past 2³¹ and 2⁵³, dates 0001-01-01 / 9999-12-31, NUL and other
// control characters, unpaired surrogates, huge strings, deep nesting, wrong types), raw bodies and
// query strings (not JSON, 100k deep, not UTF-8, wrong content types), the wrong method, and no
// session. It fails on any 5xx and on any answer that mentions "internal" or shows a stack trace,
// printing what reproduces it. FUZZ_SEED=<n> replays another seed; FUZZ_REQUESTS=<n> sets the count.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/demo/accounts";
import { rowsOf } from "../../db/queries/scope";
import { allowed, type Action } from "../../app/_auth/policy";
import type { Handler } from "../../app/api/_lib/route";
import { type AppDb, openAppDb } from "../support/app-db";
import { routeEntries, type RouteEntry } from "../support/api-routes";
import { FIXTURES } from "../support/import-helpers";
import { demoSessionCookie, type DemoRole } from "../support/session";
import { CONTENT_TYPES, hostileLike, hostileText, hostileValue, RAW_BODIES, RAW_QUERIES } from "../support/hostile";
import { inputArbitrary, type Override } from "../support/zod-arbitrary";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);

const ROLES = Object.keys(DEMO_ACCOUNTS) as DemoRole[];
type Mode = "valid" | "mutated" | "raw" | "method" | "session";
const MODES: { mode: Mode; weight: number }[] = [
  { mode: "valid", weight: 36 },
  { mode: "mutated", weight: 40 },
  { mode: "raw", weight: 14 },
  { mode: "method", weight: 6 },
  { mode: "session", weight: 4 },
];
const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

interface Unit {
  unit: string;
  structure: "pre2025" | "post2025";
}
/** The scopes of the scenario and the import the setup makes (the planner's). */
const HOME: Unit[] = [
  { unit: "d-101", structure: "pre2025" },
  { unit: "p-11", structure: "post2025" },
];

/** What the database holds, for valid requests; the pools grow as the fuzz creates things. */
const facts = {
  units: [] as Unit[],
  hamlets: [] as string[],
  communes: [] as string[],
  dates: [] as string[],
  sites: [] as number[],
  emails: Object.values(DEMO_ACCOUNTS).map((a) => a.email as string),
  /** Accounts the fuzz may change (never a demo account: their sessions are the fuzz's). */
  accounts: [] as string[],
  imports: [] as number[],
  scenarios: [] as number[],
  uploads: {} as Partial<Record<DemoRole, string[]>>,
  jobs: {} as Partial<Record<DemoRole, string[]>>,
  /** A failed job of the planner's, for the retry to succeed on (the setup's). */
  failedJobs: [] as string[],
};

let app: AppDb;
let routes: RouteEntry[];
/** The load balancer's probes: fuzzed on their own (below), so that the main schedule does not depend on them. */
const PROBE_PATHS = new Set(["/api/health", "/api/ready"]);
let probes: RouteEntry[] = [];
const cookies = {} as Record<DemoRole, string>;

/** An element of a pool as it is when the value is generated (pools grow during the run). */
const fromPool = <T>(pool: () => readonly T[], otherwise: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.tuple(fc.nat(), fc.nat(4), otherwise).map(([i, w, other]) => {
    const p = pool();
    return p.length > 0 && w > 0 ? p[i % p.length]! : other;
  });

/** The data's dates, other days of the window, and one time in 8 the format's extremes. */
const dateArb = fc.oneof(
  {
    arbitrary: fromPool(
      () => facts.dates,
      fc.date({ min: new Date("2000-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    ),
    weight: 7,
  },
  { arbitrary: fc.constantFrom("0000-01-01", "0001-01-01", "1899-12-31", "1999-12-31", "2101-01-01", "9999-12-31"), weight: 1 },
);
const hamletArb = fromPool(() => facts.hamlets, fc.stringMatching(/^h-[0-9]{5}-[0-9]{2}$/));
const uuidArb = fc.uuid({ version: 4 });

/** Valid bindings of each role (the schema's superRefine is not solved by the walker). */
const bindingArb = fc.oneof(
  fc.record({ role: fc.constantFrom("planner", "chief", "viewer"), unitId: fc.constantFrom("p-11", "d-101", "d-102"), structure: fc.constant("pre2025") }),
  fc.record({ role: fc.constant("telecom"), operator: fc.constantFrom("viettel", "vnpt", "mobifone"), provinces: fc.constant(["p-11"]) }),
  fc.record({ role: fc.constant("administrator") }),
);

/** Real ids for the fields named so, the schema's own arbitrary mixed in. */
function overrides(r: RouteEntry, role: DemoRole): Override {
  return (key, schema) => {
    const own = () => inputArbitrary(schema);
    switch (key) {
      case "unit":
      case "unitId":
        return fromPool(() => facts.units.map((u) => u.unit), own() as fc.Arbitrary<string>);
      case "communeId":
        return fromPool(() => facts.communes, own() as fc.Arbitrary<string>);
      case "hamlet":
      case "hamletId":
      case "hamletIds":
      case "skip":
        return hamletArb;
      case "date":
      case "asOf":
      case "startDate":
      case "from":
      case "to":
        return dateArb;
      case "uploadId":
        return fromPool(() => facts.uploads[role] ?? [], uuidArb);
      case "importId":
        return fromPool(() => facts.imports, fc.integer({ min: 1, max: 1000 }));
      case "baseSiteId":
        return fc.oneof(
          fc.constant(null),
          fromPool(() => facts.sites, fc.integer({ min: 1, max: 100_000 })),
        );
      case "email":
      case "user":
        return fc.oneof(
          fromPool(() => facts.emails, own() as fc.Arbitrary<string>),
          uuidArb.map((u) => `fuzz-${u.slice(0, 8)}@example.vn`),
        );
      case "binding":
        return fc.oneof({ arbitrary: bindingArb, weight: 3 }, own());
      case "id":
        if (r.path === "/api/admin/users/[id]") return fromPool(() => facts.accounts, uuidArb);
        if (r.path === "/api/import/jobs/[id]") return fromPool(() => facts.jobs[role] ?? [], uuidArb);
        if (r.path === "/api/import/jobs/[id]/retry")
          return fromPool(() => [...(role === "planner" ? facts.failedJobs : []), ...(facts.jobs[role] ?? [])], uuidArb);
        if (r.path === "/api/plans/scenarios") return fromPool(() => facts.scenarios.map(String), own() as fc.Arbitrary<string>);
        return undefined;
      default:
        return undefined;
    }
  };
}

/**
 * Gives every object holding both `unit` and `structure` a real pair (a unit exists in one structure,
 * or both): for the undo and the scenario deletion half the time the units the setup's import and
 * scenario belong to (so that they can succeed), a province one time in 16 (its answers are the slowest).
 */
function couple(v: unknown, pick: number, home: boolean): void {
  if (!v || typeof v !== "object") return;
  const o = v as Record<string, unknown>;
  const small = facts.units.filter((u) => !u.unit.startsWith("p-"));
  const pool = home && pick % 2 === 0 ? HOME : pick % 16 === 1 ? facts.units : small;
  if ("unit" in o && "structure" in o && pool.length) Object.assign(o, pool[(pick >> 4) % pool.length]);
  for (const x of Object.values(o)) couple(x, pick, home);
}

/** Every path to a value inside v (objects and arrays), the root included. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (out.length > 200) return out;
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}
function setAt(root: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  let o = root as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[at.at(-1)!] = value;
  return root;
}

/** The shape keys of an object schema (through wrappers and pipes), for fields a valid value left out. */
function shapeKeys(s: z.core.$ZodType | undefined): string[] {
  for (let i = 0; s && i < 10; i++) {
    const def = s._zod.def as unknown as { type: string; shape?: object; innerType?: z.core.$ZodType; in?: z.core.$ZodType; out?: z.core.$ZodType };
    if (def.shape) return Object.keys(def.shape);
    s = def.innerType ?? (def.in && (def.in._zod.def as { type: string }).type === "transform" ? def.out : def.in);
  }
  return [];
}

interface Plan {
  route: number;
  role: DemoRole;
  mode: Mode;
  pick: number;
  query: unknown;
  body: unknown;
  params: unknown;
  hostile: unknown;
  hostileText: string;
  where: number;
  variant: number;
}

/**
 * Routes whose valid answers take 0.1–0.5 s (the province's coverage polygons or unit tree whatever
 * the unit, hamlet figures, exports, the planners): half the share of the others, and a third of the
 * valid requests, to keep the run inside its time.
 */
const SLOW = new Set([
  "GET /api/explorer/coverage",
  "GET /api/explorer/units",
  "GET /api/explorer/attributes",
  "GET /api/import/export",
  "GET /api/export",
  "GET /api/hamlets",
  "POST /api/plans/run",
  "POST /api/plans/scenarios",
]);

/** The order routes are visited in: each route × method twice per lap, the slow ones once. */
let schedule: number[] = [];

const planArbs = new Map<string, fc.Arbitrary<Plan>>();
/** The arbitrary of a plan for route r (cached: the pools it draws from are read at generation time). */
function planArb(route: number): fc.Arbitrary<Plan> {
  const r = routes[route]!;
  const key = `${r.method} ${r.path}`;
  const cached = planArbs.get(key);
  if (cached) return cached;
  const heavy = SLOW.has(key);
  const roleArb =
    r.action === "users.manage" || r.action === "audit.read"
      ? fc.oneof({ arbitrary: fc.constant<DemoRole>("administrator"), weight: 3 }, { arbitrary: fc.constantFrom(...ROLES), weight: 1 })
      : fc.oneof({ arbitrary: fc.constant<DemoRole>("planner"), weight: 3 }, { arbitrary: fc.constantFrom(...ROLES), weight: 4 });
  const input = r.handler.input ?? {};
  const inputs = Object.fromEntries(
    ROLES.map((role) => {
      const arb = (s: z.core.$ZodType | undefined) => (s ? inputArbitrary(s, overrides(r, role)) : fc.constant(undefined));
      return [role, fc.record({ query: arb(input.query), body: arb(input.body), params: arb(input.params) })];
    }),
  ) as Record<DemoRole, fc.Arbitrary<{ query: unknown; body: unknown; params: unknown }>>;
  const arb = fc
    .record({
      route: fc.constant(route),
      role: roleArb,
      mode: fc.oneof(...MODES.map((m) => ({ arbitrary: fc.constant(m.mode), weight: heavy && m.mode === "valid" ? m.weight / 3 : m.weight }))),
      pick: fc.nat(),
      hostile: hostileValue,
      hostileText,
      where: fc.nat(),
      variant: fc.nat(),
    })
    .chain((p) => inputs[p.role].map((x) => ({ ...p, ...x })));
  planArbs.set(key, arb);
  return arb;
}

interface Built {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  params?: unknown;
  role: DemoRole | null;
  note: string;
}

const BASE = "http://127.0.0.1:3000";
const toQuery = (q: unknown): string =>
  new URLSearchParams(
    Object.entries((q ?? {}) as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v)]),
  ).toString();
/** A path segment as a URL carries it (a lone surrogate, which has no UTF-8, as U+FFFD: the handler gets the raw value in `params`). */
const segment = (v: unknown) =>
  encodeURIComponent(String(v ?? "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
const urlOf = (r: RouteEntry, params: unknown, query: string) =>
  `${BASE}${r.path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, k: string) => segment((params as Record<string, unknown>)?.[k]))}${query ? `?${query}` : ""}`;

const FIXTURE_FILES = ["english-codes.csv", "coverage-4g.geojson", "sites.csv", "hamlet-points.csv", "targets-2026.csv", "coverage-3g.kmz"];

/** The request a plan describes. */
function build(p: Plan): Built {
  const r = routes[p.route]!;
  const input = r.handler.input ?? {};
  // Copies: fc.constant values are shared between samples, and the mutation below writes into them.
  let query = structuredClone(p.query);
  let body = structuredClone(p.body);
  let params = structuredClone(p.params);
  let method: string = r.method;
  const headers: Record<string, string> = {};
  let raw: string | Uint8Array | undefined;
  let note: string = p.mode;
  const home = r.path === "/api/import/undo" || (r.path === "/api/plans/scenarios" && r.method === "DELETE");
  couple(query, p.pick, home);
  couple(body, p.pick, home);
  // A coverage review names a hamlet and the unit it is in: half the time the province of the pool's
  // hamlets (p-11, pre2025), so that a review can be valid (a random unit rarely holds the hamlet).
  if (body && typeof body === "object" && "hamletId" in body && "unit" in body && p.pick % 2 === 0) Object.assign(body, { unit: "p-11", structure: "pre2025" });

  if (p.mode === "mutated") {
    // One field made hostile: in the body, else the query, else the path.
    const part = input.body ? "body" : input.query ? "query" : "params";
    const value = part === "body" ? body : part === "query" ? query : params;
    const schema = input[part];
    const keys = [...new Set([...pathsOf(value).map((k) => JSON.stringify(k)), ...shapeKeys(schema).map((k) => JSON.stringify([k]))])];
    const at = JSON.parse(keys[p.where % keys.length]!) as (string | number)[];
    const was = at.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string | number, unknown>)[k] : undefined), value);
    // Half the time a hostile value of the field's own kind (its range, its window, its characters), else any.
    const hostile = p.variant % 2 ? hostileLike(was, p.variant >> 1, part !== "body") : part === "body" ? p.hostile : p.hostileText;
    const changed = setAt(value === undefined || at.length === 0 ? (at.length === 0 ? value : {}) : value, at, hostile);
    if (part === "body") body = changed;
    else if (part === "query") query = at.length === 0 ? { unit: p.hostileText } : changed;
    else params = at.length === 0 ? { id: p.hostileText } : changed;
    note = `mutated ${part}.${at.join(".") || "(root)"}`;
  }
  let queryString = toQuery(query);
  if (p.mode === "raw") {
    if (r.path === "/api/import/upload") {
      // Sizes the upload route reads from headers, and small bodies only.
      const variants: [string | null, string | null][] = [
        ["999999999999", "x"],
        ["-1", "x"],
        ["abc", "x"],
        ["1e10", "x"],
        ["0", ""],
        [null, null],
      ];
      const [length, b] = variants[p.variant % variants.length]!;
      if (length !== null) headers["content-length"] = length;
      raw = b ?? undefined;
      note = `raw upload content-length=${length} body=${JSON.stringify(b)}`;
    } else if (input.body && p.variant % 3 !== 0) {
      const rb = RAW_BODIES[p.variant % RAW_BODIES.length]!;
      raw = rb.body();
      note = `raw body: ${rb.label}`;
    } else if (input.body) {
      const ct = CONTENT_TYPES[p.variant % CONTENT_TYPES.length]!;
      if (ct) headers["content-type"] = ct;
      raw = JSON.stringify(body);
      note = `content-type: ${ct ?? "(none)"}`;
    } else {
      queryString = RAW_QUERIES[p.variant % RAW_QUERIES.length]!;
      note = "raw query";
    }
  }
  if (p.mode === "method") {
    const others = ALL_METHODS.filter((m) => m !== r.method);
    method = others[p.variant % others.length]!;
    note = `wrong method ${method} (the route's is ${r.method})`;
  }
  if (raw === undefined && input.body && body !== undefined) {
    raw = JSON.stringify(body);
    headers["content-type"] ??= "application/json";
  }
  if (r.path === "/api/import/upload" && p.mode !== "raw") {
    // A fixture (so that dry runs and commits have something real) or a few random bytes.
    const f = FIXTURE_FILES[p.variant % (FIXTURE_FILES.length + 2)];
    raw = f ? readFileSync(path.join(FIXTURES, f)) : Uint8Array.from({ length: p.variant % 2048 }, (_, i) => (i * 131 + p.pick) % 256);
    note += f ? ` upload of ${f}` : " upload of random bytes";
  }
  if (method === "GET" || method === "HEAD") raw = undefined;
  let role: DemoRole | null = p.role;
  if (p.mode === "session") {
    const forged = [null, "gapmap.session_token=forged.signature", `gapmap.session_token=${"a".repeat(8000)}`, "gapmap.session_token=%00%ff"];
    const c = forged[p.variant % forged.length]!;
    if (c) headers.cookie = c;
    role = null;
    note = `session: ${c ?? "(none)"}`.slice(0, 80);
  } else headers.cookie = cookies[p.role];
  return { method, url: urlOf(r, params, queryString), headers, body: raw, params, role, note };
}

/** For the auth route (better-auth, no zod schema of ours): hostile sign-in bodies and unknown endpoints, never with a session (a sign-out would end it). */
function buildAuth(p: Plan): Built {
  const endpoints = ["sign-in/email", "sign-out", "get-session", "change-password", "sign-up/email", "%00", "..%2F..%2Fadmin", "x".repeat(3000)];
  const ep = endpoints[p.variant % endpoints.length]!;
  const email = p.pick % 2 ? facts.emails[p.pick % facts.emails.length] : p.hostile;
  const body = p.mode === "raw" ? RAW_BODIES[p.variant % RAW_BODIES.length]!.body() : JSON.stringify({ email, password: p.hostileText });
  const method = ep === "get-session" ? "GET" : p.mode === "method" ? "PUT" : "POST";
  return {
    method,
    url: `${BASE}/api/auth/${ep}`,
    headers: { "content-type": "application/json" },
    body: method === "GET" ? undefined : body,
    role: null,
    note: `auth ${p.mode}`,
  };
}

/** The probes (/api/health, /api/ready): no session, a hostile query string and a hostile x-request-id (echoed only when sane). */
function buildProbe(p: Plan, r: RouteEntry): Built {
  const enc = (v: unknown) => {
    try {
      return encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v));
    } catch {
      return "%00"; // a lone surrogate, a value JSON cannot write
    }
  };
  const query = p.mode === "raw" ? `?${enc(p.hostileText)}=${enc(p.hostile)}` : `?${toQuery(p.query)}`;
  const requestId = p.variant % 2 ? p.hostileText.slice(0, 200) : `probe-${p.variant}`;
  return {
    method: "GET",
    url: `${BASE}${r.path}${query}`,
    headers: /^[\t\x20-\x7e]*$/.test(requestId) ? { "x-request-id": requestId } : {},
    role: null,
    note: `probe ${p.mode}`,
  };
}

const preview = (v: unknown, n = 600): string => {
  const s = typeof v === "string" ? v : v instanceof Uint8Array ? `<${v.byteLength} bytes> ${Buffer.from(v.slice(0, 64)).toString("hex")}` : JSON.stringify(v);
  return s === undefined ? "(none)" : s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s;
};

/** An answer that gives the server away: a 5xx, or a body naming an internal error or showing a stack frame. */
function leaks(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (/\binternal\b/i.test(text)) return 'the answer says "internal"';
  if (/\n\s+at [^\n]+:\d+:\d+/.test(text)) return "the answer shows a stack trace";
  return null;
}

async function send(r: RouteEntry, b: Built): Promise<{ status: number; text: string; type: string }> {
  const request = new Request(b.url, { method: b.method, headers: b.headers, body: b.body as BodyInit | undefined });
  const context = { params: Promise.resolve((b.params ?? {}) as Record<string, string>) };
  const res = await (r.handler as Handler)(request, context);
  const type = res.headers.get("content-type") ?? "";
  const text = /json|text|csv|geo/.test(type) ? await res.text() : (await res.arrayBuffer(), `<${type}>`);
  return { status: res.status, text, type };
}

/** Keeps the ids a successful answer created (so later requests use them). */
function remember(r: RouteEntry, role: DemoRole | null, status: number, text: string): void {
  if (!role || status >= 300 || !text.startsWith("{")) return;
  const j = JSON.parse(text) as { uploadId?: string; jobId?: string; id?: number; user?: { id: string } };
  if (r.path === "/api/import/upload" && j.uploadId) (facts.uploads[role] ??= []).push(j.uploadId);
  if (j.jobId) (facts.jobs[role] ??= []).push(j.jobId);
  if (r.path === "/api/plans/scenarios" && r.method === "POST" && typeof j.id === "number") facts.scenarios.push(j.id);
  if (r.path === "/api/admin/users" && r.method === "POST" && j.user) facts.accounts.push(j.user.id);
  const result = (j as { result?: { importId?: number } }).result;
  if (r.path === "/api/import/jobs/[id]" && typeof result?.importId === "number") facts.imports.push(result.importId);
}

beforeAll(async () => {
  const t0 = performance.now();
  app = openAppDb({ uploads: true });
  const entries = (await routeEntries()).filter((r) => r.action !== undefined);
  probes = entries.filter((r) => PROBE_PATHS.has(r.path));
  routes = entries.filter((r) => !PROBE_PATHS.has(r.path));
  schedule = routes.flatMap((r, i) => (SLOW.has(`${r.method} ${r.path}`) ? [i] : [i, i]));
  const t1 = performance.now();
  const signedIn = await Promise.all(ROLES.map((role) => demoSessionCookie(role)));
  ROLES.forEach((role, i) => (cookies[role] = signedIn[i]!));
  console.log(`[fuzz] routes ${((t1 - t0) / 1000).toFixed(1)} s, sign-in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const { getDb } = await import("@/db");
  const db = await getDb();
  const q = async <T>(s: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(s));
  // A few units of each level and structure in Điện Biên (p-11: the demo roles' province), in Điện Biên
  // Đông (d-101: the chief's district) and one of each in Thanh Hóa (p-38: outside), picked by a hash (the same every run).
  facts.units = await q<Unit>(sql`
    select distinct unit, structure from (
      select u.id as unit, c.structure::text as structure, c.ancestor_id as a,
        row_number() over (partition by c.structure, u.level, c.ancestor_id order by md5(u.id)) as n
      from admin_closure c join admin_units u on u.id = c.descendant_id where c.ancestor_id in ('p-11', 'd-101', 'p-38')) x
    where n <= case when a = 'p-38' then 1 else 3 end order by unit, structure`);
  const inside = (level: string, n: number) =>
    q<{ id: string }>(sql`select u.id from admin_closure c join admin_units u on u.id = c.descendant_id
      where c.structure = 'pre2025' and c.ancestor_id = 'p-11' and u.level = ${level}::admin_level order by md5(u.id) limit ${n}`);
  facts.hamlets = (await inside("hamlet", 12)).map((r) => r.id);
  facts.communes = (await inside("commune", 6)).map((r) => r.id);
  facts.dates = (
    await q<{ d: string }>(sql`select distinct as_of::text as d from hamlet_snapshots union select distinct as_of::text from coverage_layers`)
  ).map((r) => r.d);
  facts.sites = (await q<{ id: number }>(sql`select id from sites order by md5(id::text) limit 10`)).map((r) => r.id);
  // Something for the undo and the scenario deletion to succeed on: a committed import and a saved
  // scenario of the planner's (the fuzz's own commits and saves add more).
  const call = async (method: string, at: string, body: unknown, raw?: Uint8Array) => {
    const r = routes.find((x) => x.method === method && x.path === at.split("?")[0])!;
    const res = await r.handler(
      new Request(`${BASE}${at}`, {
        method,
        headers: { cookie: cookies.planner, "content-type": "application/json" },
        body: (raw ?? JSON.stringify(body)) as BodyInit,
      }),
    );
    const text = await res.text();
    remember(r, "planner", res.status, text);
    return JSON.parse(text) as Record<string, unknown>;
  };
  await call("POST", "/api/plans/scenarios", { name: "Kịch bản fuzz", request: { ...HOME[0], date: facts.dates.sort().at(-1) } });
  const up = await call("POST", "/api/import/upload?name=english-codes.csv", null, readFileSync(path.join(FIXTURES, "english-codes.csv")));
  const { jobId } = await call("POST", "/api/import/commit", { uploadId: up.uploadId, kind: "indicators", ...HOME[1] });
  const job = routes.find((x) => x.path === "/api/import/jobs/[id]")!;
  for (let i = 0; i < 600 && facts.imports.length === 0; i++) {
    const res = await job.handler(new Request(`${BASE}/api/import/jobs/${jobId}`, { headers: { cookie: cookies.planner } }), {
      params: Promise.resolve({ id: String(jobId) }),
    });
    remember(job, "planner", res.status, await res.text());
    await new Promise((r) => setTimeout(r, 50));
  }
  // A failed dry run of the planner's (its process stopped), for the retry to succeed on.
  const failed = "00000000-0000-4000-8000-00000000f0f0";
  const planner = (await q<{ id: string }>(sql`select id from users where email = ${DEMO_ACCOUNTS.planner.email}`))[0]!.id;
  const stored = {
    uploadId: up.uploadId,
    req: {
      kind: "indicators",
      fileName: "english-codes.csv",
      sha256: up.sha256,
      scope: { unitId: HOME[1]!.unit, structure: HOME[1]!.structure },
      today: "2026-11-23",
    },
    actor: { userId: planner, email: DEMO_ACCOUNTS.planner.email, role: "planner", requestId: "fuzz-setup", address: null },
  };
  await db.execute(sql`insert into import_jobs (id, owner, kind, request, status, error, attempts)
    values (${failed}, ${planner}, 'dryRun', ${JSON.stringify(stored)}::json, 'failed', '{"code":"stopped","message":"stopped"}'::jsonb, 1)`);
  facts.failedJobs.push(failed);
  expect(facts.scenarios.length, "the setup's scenario").toBe(1);
  expect(facts.imports.length, "the setup's import").toBe(1);
  expect(facts.units.length).toBeGreaterThan(10);
  expect(facts.hamlets.length).toBeGreaterThan(5);
  console.log(`[fuzz] set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} to replay), ${REQUESTS} requests over ${routes.length} route × method`);
}, 120_000);

afterAll(() => app?.close());

describe("the fuzz: every route × method, generated from its zod schemas", () => {
  it(`answers ${REQUESTS} seeded requests without a 5xx, "internal" or a stack trace`, async () => {
    const failures: string[] = [];
    const statuses = new Map<string, Map<number, number>>();
    const started = performance.now();
    const slow: { label: string; ms: number }[] = [];
    const jobOrigin = new Map<string, string>();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) {
      const plan = fc.sample(planArb(schedule[i % schedule.length]!), { seed: SEED + i, numRuns: 1 })[0]!;
      const r = routes[plan.route]!;
      const b = r.action === "public" ? buildAuth(plan) : build(plan);
      const t0 = performance.now();
      let out: { status: number; text: string; type: string };
      try {
        out = await send(r, b);
      } catch (err) {
        out = { status: 599, text: `the handler threw: ${(err as Error).stack}`, type: "" };
      }
      const ms = performance.now() - t0;
      slow.push({ label: `${r.method} ${r.path} (${b.note})`, ms });
      const key = `${r.method} ${r.path}`;
      const counts = statuses.get(key) ?? new Map<number, number>();
      counts.set(out.status, (counts.get(out.status) ?? 0) + 1);
      statuses.set(key, counts);
      const bad = leaks(out.status, out.text);
      if (bad)
        failures.push(
          [
            `#${i} ${bad}: ${b.method} ${preview(b.url, 300)} as ${b.role ?? "(no session)"} — ${b.note}`,
            `  headers: ${preview(Object.fromEntries(Object.entries(b.headers).filter(([k]) => k !== "cookie")))}`,
            `  body: ${preview(b.body)}`,
            `  params: ${preview(b.params)}`,
            `  answer: ${out.status} ${preview(out.text)}`,
            `  replay: FUZZ_SEED=${SEED} (request #${i})`,
          ].join("\n"),
        );
      remember(r, b.role, out.status, out.text);
      const jobId = /"jobId":"([0-9a-f-]{36})"/.exec(out.text)?.[1];
      if (jobId) jobOrigin.set(jobId, `#${i} ${b.method} ${b.url} as ${b.role}: ${preview(b.body, 300)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      `[fuzz] ${REQUESTS} requests in ${seconds.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s), seed ${SEED}, ${failures.length} failures`,
    );
    for (const [k, counts] of statuses)
      console.log(
        `[fuzz] ${k}: ${[...counts]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(" ")}`,
      );
    // The import jobs it started end done, or failed saying what (never "internal"), within a minute.
    const jobRoute = routes.find((r) => r.path === "/api/import/jobs/[id]")!;
    const deadline = Date.now() + 60_000;
    for (const [role, ids] of Object.entries(facts.jobs) as [DemoRole, string[]][])
      for (const id of ids)
        for (;;) {
          const request = new Request(`${BASE}/api/import/jobs/${id}`, { headers: { cookie: cookies[role] } });
          const res = await jobRoute.handler(request, { params: Promise.resolve({ id }) });
          const text = await res.text();
          const unfinished = /"status":"(queued|running)"/.test(text);
          if (unfinished && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const bad = unfinished ? "still queued or running after a minute" : leaks(res.status, text);
          if (bad) failures.push(`import job ${id}: ${bad}: ${preview(text)}\n  started by ${jobOrigin.get(id) ?? "the setup"}`);
          break;
        }
    slow.sort((a, b) => b.ms - a.ms);
    console.log(
      `[fuzz] slowest: ${slow
        .slice(0, 8)
        .map((s) => `${s.ms.toFixed(0)} ms ${s.label}`)
        .join("; ")}`,
    );
    if (failures.length) console.error(`[fuzz] ${failures.length} failures (seed ${SEED}):\n${failures.slice(0, 30).join("\n")}`);
    expect(failures.length, failures.slice(0, 10).join("\n")).toBe(0);
    // The fuzz reached the handlers: every route × method answered a 2xx at least once (to a role the policy allows).
    const neverOk = routes
      .filter((r) => r.action !== "public" && ROLES.some((role) => allowed(role, r.action as Action)))
      .filter((r) => ![...(statuses.get(`${r.method} ${r.path}`) ?? [])].some(([s]) => s >= 200 && s < 300))
      .map((r) => `${r.method} ${r.path}`);
    expect(neverOk, "route × method never answered 2xx: the fuzz did not get past their validation").toEqual([]);
  }, 300_000);
  it("the probes (/api/health, /api/ready) answer hostile queries and request ids with 200, and echo a request id only when it is sane", async () => {
    expect(probes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/health", "GET /api/ready"]);
    const failures: string[] = [];
    for (let i = 0; i < 200; i++) {
      const plan = fc.sample(planArb(i % routes.length), { seed: SEED + 1_000_000 + i, numRuns: 1 })[0]!;
      const r = probes[i % probes.length]!;
      const b = buildProbe(plan, r);
      const request = new Request(b.url, { method: b.method, headers: b.headers });
      const res = await r.handler(request);
      const text = await res.text();
      const sent = b.headers["x-request-id"]?.trim();
      const echoed = res.headers.get("x-request-id") ?? "";
      const wantEcho = sent && /^[A-Za-z0-9_-]{1,64}$/.test(sent) ? sent : null;
      const bad = leaks(res.status, text) ?? (res.status !== 200 ? `HTTP ${res.status}` : null);
      if (bad) failures.push(`#${i} ${bad}: ${b.url} — ${preview(text)}`);
      if (wantEcho ? echoed !== wantEcho : !/^[0-9a-f-]{36}$/.test(echoed)) failures.push(`#${i} x-request-id ${preview(sent)} → ${preview(echoed)}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

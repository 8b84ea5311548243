// The authorization matrix, against the built app (`next start`) on a private copy of the seeded
// PGlite database, so that writes really run. The LIST of routes and pages comes from the files
// (app/api/**/route.ts: each exported method's `.action`, set by route(); app/**/page.tsx: its entry
// in app/_auth/pages.ts and its requirePage call): a route or page without a policy entry, or
// without a sample request below, fails. For every route × method × role × {inside the role's
// scope, outside it, no session}: the exact status, and for the chief of Điện Biên Đông no id or
// name of a unit outside the role's scope in the body (for the chief of Điện Biên Đông: nothing of
// Mường Ảng d-102 or Nậm Pồ d-103; for the roles of Điện Biên: nothing of the other provinces). Then: every write left exactly one audit row with the
// session's user, every other request none. Needs `npx next build` first.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDb } from "../../db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo/accounts";
import { allowed, ruleFor, type Action } from "../../app/_auth/policy";
import { homePageFor, PAGE_ACTIONS } from "../../app/_auth/pages";
import { rowsOf } from "../../db/queries/scope";
import { signIn, startApp, type App } from "../e2e/support/app-server";
import { REPO_ROOT, routeEntries, urlPathOf, walk, type RouteEntry } from "../support/api-routes";
import { copySeededPglite } from "../support/seeded-db";
import { FIXTURES } from "../support/import-helpers";

type Role = keyof typeof DEMO_ACCOUNTS;
type Case = "inside" | "outside" | "none";
const ROLES = Object.keys(DEMO_ACCOUNTS) as Role[];
type Unit = { unit: string; structure: "pre2025" | "post2025" };

/**
 * Each role's own unit, and a real unit outside it: for the chief Nậm Pồ (d-103, a district beside
 * theirs), for the roles bound to Điện Biên the province Thanh Hóa (p-38).
 */
const INSIDE: Record<Role, Unit> = {
  administrator: { unit: "p-11", structure: "post2025" },
  planner: { unit: "p-11", structure: "post2025" },
  chief: { unit: "d-101", structure: "pre2025" },
  telecom: { unit: "p-11", structure: "post2025" },
  viewer: { unit: "p-11", structure: "post2025" },
};
const OUTSIDE: Record<Role, Unit> = {
  administrator: { unit: "p-38", structure: "pre2025" },
  planner: { unit: "p-38", structure: "pre2025" },
  chief: { unit: "d-103", structure: "pre2025" },
  telecom: { unit: "p-38", structure: "pre2025" },
  viewer: { unit: "p-38", structure: "pre2025" },
};

interface Req {
  path: string;
  method: string;
  json?: unknown;
  raw?: Buffer;
}
interface SampleCtx {
  role: Role;
  c: Case;
  u: Unit;
  hamlet: string;
}
interface Sample {
  build: (ctx: SampleCtx) => Promise<Req | null> | Req | null;
  /** The status inside the scope for a role the policy allows (default 200). */
  ok?: number | ((role: Role) => number);
  /** Inside and allowed, a 2xx leaves exactly one audit row of this action (a commit: when its job committed). */
  audit?: "coverage_review.add" | "import.commit" | "import.undo" | "scenario.save" | "scenario.delete" | "user.create" | "user.update";
  /** No outside case: the route reads no unit's data (accounts, uploads). */
  unscoped?: boolean;
}

let app: App;
let dir: string;
const cookies = {} as Record<Role, string>;
const userIds = {} as Record<Role, string>;
let date: string;
let coverageDate: string;
/** d-101 hamlet for the roles bound to Điện Biên and the chief. */
let hamletInside: string;
/** Per role: ids and names of units outside its scope that it must never be shown (from the database). */
const outsideTokens = {} as Record<Role, string[]>;
const viewerPatchTarget = { id: "" };
const ownJobs: Partial<Record<Role, string>> = {};
const ownImports: Partial<Record<Role, number>> = {};
/** Every request the matrix made that should (expect) or should not leave audit rows. */
const audited: { requestId: string; role: Role; expect: number | "job"; kind?: string; jobId?: string; label: string }[] = [];
let seq = 0;

function fetchAs(role: Role | null, req: Req, requestId?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (role) headers.cookie = cookies[role];
  if (requestId) headers["x-request-id"] = requestId;
  let body: BodyInit | undefined;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  } else if (req.raw) body = new Uint8Array(req.raw);
  return fetch(`${app.url}${req.path}`, { method: req.method, headers, body, redirect: "manual" });
}

const qs = (o: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
const FILE = { planner: "english-codes.csv", telecom: "coverage-4g.geojson" } as const;

async function upload(role: Role): Promise<string> {
  const name = role === "telecom" ? FILE.telecom : FILE.planner;
  const res = await fetchAs(role, { path: `/api/import/upload?name=${name}`, method: "POST", raw: readFileSync(path.join(FIXTURES, name)) });
  if (res.status !== 200) return "00000000-0000-4000-8000-000000000000";
  return ((await res.json()) as { uploadId: string }).uploadId;
}

function importBody(role: Role, uploadId: string, u: Unit) {
  return role === "telecom"
    ? { uploadId, kind: "coverage", ...u, coverage: { kind: "4g", operator: "viettel", asOf: "2026-01-15" }, decisions: { "3": "skip" } } // the fixture's feature 3 is a Point: skipped
    : { uploadId, kind: "indicators", ...u };
}

async function waitJob(role: Role, jobId: string): Promise<{ status: string; result: { status?: string; importId?: number } | null }> {
  for (let i = 0; i < 1200; i++) {
    const j = (await (await fetchAs(role, { path: `/api/import/jobs/${jobId}`, method: "GET" })).json()) as {
      status: string;
      result: { status?: string; importId?: number } | null;
    };
    if (j.status === "done" || j.status === "failed") return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** A minimal valid request per route and method. The list of routes comes from the files; a route missing here fails. */
const SAMPLES: Record<string, Sample> = {
  "/api/boundaries GET": { build: ({ u }) => ({ method: "GET", path: `/api/boundaries?${qs({ ...u, level: "commune" })}` }) },
  "/api/hamlets GET": { build: ({ u }) => ({ method: "GET", path: `/api/hamlets?${qs({ ...u, date })}` }) },
  "/api/explorer/attributes GET": { build: ({ u }) => ({ method: "GET", path: `/api/explorer/attributes?${qs({ ...u, date })}` }) },
  "/api/explorer/coverage GET": { build: ({ u }) => ({ method: "GET", path: `/api/explorer/coverage?${qs({ ...u, date: coverageDate })}` }) },
  "/api/explorer/history GET": { build: ({ u }) => ({ method: "GET", path: `/api/explorer/history?${qs(u)}` }) },
  "/api/explorer/sites GET": { build: ({ u }) => ({ method: "GET", path: `/api/explorer/sites?${qs(u)}` }) },
  "/api/explorer/units GET": { build: ({ u }) => ({ method: "GET", path: `/api/explorer/units?${qs(u)}` }) },
  "/api/coverage-reviews GET": { build: ({ u }) => ({ method: "GET", path: `/api/coverage-reviews?${qs(u)}` }) },
  "/api/coverage-reviews POST": {
    ok: 201,
    audit: "coverage_review.add",
    build: ({ u, hamlet }) => ({
      method: "POST",
      path: "/api/coverage-reviews",
      json: {
        ...u,
        hamletId: hamlet,
        operator: "viettel",
        kind: "4g",
        status: "confirmed",
        comment: "",
        asOf: coverageDate,
        reviewedBy: "someone else (ignored)",
      },
    }),
  },
  "/api/export GET": { build: ({ u }) => ({ method: "GET", path: `/api/export?${qs({ table: "telecom", format: "csv", ...u, date })}` }) },
  "/api/import/upload POST": {
    unscoped: true,
    build: () => ({ method: "POST", path: "/api/import/upload?name=english-codes.csv", raw: readFileSync(path.join(FIXTURES, FILE.planner)) }),
  },
  "/api/import/analyse POST": {
    ok: 202,
    build: async ({ role, c, u }) => ({
      method: "POST",
      path: "/api/import/analyse",
      json: importBody(role, c === "none" ? "00000000-0000-4000-8000-000000000000" : await upload(role), u),
    }),
  },
  "/api/import/commit POST": {
    ok: 202,
    audit: "import.commit",
    build: async ({ role, c, u }) => ({
      method: "POST",
      path: "/api/import/commit",
      json: importBody(role, c === "none" ? "00000000-0000-4000-8000-000000000000" : await upload(role), u),
    }),
  },
  "/api/import/export GET": { build: ({ u }) => ({ method: "GET", path: `/api/import/export?${qs({ ...u, date })}` }) },
  "/api/import/history GET": { build: ({ u }) => ({ method: "GET", path: `/api/import/history?${qs(u)}` }) },
  "/api/import/jobs/[id] GET": {
    // Inside: a job the role started; outside: one another user started (404, as an unknown id).
    build: ({ role, c }) => {
      const other: Role = role === "telecom" ? "planner" : "telecom";
      const id = (c === "outside" ? ownJobs[other] : ownJobs[role]) ?? ownJobs.planner!;
      return { method: "GET", path: `/api/import/jobs/${id}` };
    },
  },
  "/api/import/jobs/[id]/retry POST": {
    // The role's own job, which is done: only a failed job can be retried (409); retrying writes nothing (its commit audits when it runs).
    unscoped: true,
    ok: 409,
    build: ({ role }) => {
      const id = ownJobs[role] ?? ownJobs.planner!;
      return { method: "POST", path: `/api/import/jobs/${id}/retry` };
    },
  },
  "/api/import/undo POST": {
    audit: "import.undo",
    build: ({ role, u }) => ({ method: "POST", path: "/api/import/undo", json: { importId: ownImports[role] ?? ownImports.planner!, ...u } }),
  },
  "/api/plans/run POST": { build: ({ u }) => ({ method: "POST", path: "/api/plans/run", json: { ...u, date } }) },
  "/api/plans/scenarios GET": { build: ({ u }) => ({ method: "GET", path: `/api/plans/scenarios?${qs(u)}` }) },
  "/api/plans/scenarios POST": {
    ok: 201,
    audit: "scenario.save",
    build: ({ u }) => ({ method: "POST", path: "/api/plans/scenarios", json: { name: `Ma trận ${++seq}`, request: { ...u, date } } }),
  },
  "/api/plans/scenarios DELETE": {
    audit: "scenario.delete",
    // Inside: a scenario the role's unit has (saved just before, as the planner of the province); outside: the same id asked for another unit.
    build: async ({ role, c, u }) => {
      const saved = await fetchAs("planner", {
        method: "POST",
        path: "/api/plans/scenarios",
        json: { name: `Để xoá ${++seq}`, request: { ...INSIDE[role], date } },
      });
      const id = saved.status === 201 ? ((await saved.json()) as { id: number }).id : 999_999;
      return { method: "DELETE", path: `/api/plans/scenarios?${qs({ ...(c === "outside" ? OUTSIDE[role] : u), id })}` };
    },
  },
  "/api/admin/users GET": { unscoped: true, build: () => ({ method: "GET", path: "/api/admin/users" }) },
  "/api/audit GET": { unscoped: true, build: () => ({ method: "GET", path: "/api/audit" }) },
  "/api/admin/users POST": {
    unscoped: true,
    ok: 201,
    audit: "user.create",
    build: () => ({
      method: "POST",
      path: "/api/admin/users",
      json: {
        email: `matrix-${++seq}@example.vn`,
        name: "Tài khoản ma trận",
        password: "mat-khau-ma-tran-2025",
        binding: { role: "viewer", unitId: "d-101", structure: "pre2025" },
      },
    }),
  },
  "/api/admin/users/[id] PATCH": {
    unscoped: true,
    audit: "user.update",
    build: () => ({ method: "PATCH", path: `/api/admin/users/${viewerPatchTarget.id}`, json: { name: `Người xem (ma trận ${++seq})` } }),
  },
};

let routes: RouteEntry[] = [];

beforeAll(async () => {
  dir = copySeededPglite(inject("seededPgliteDir"));
  // Facts from the database, before the app opens it (PGlite: one process at a time).
  const o = await openDb({ pgliteDir: dir, migrate: false });
  try {
    const q = async <T>(s: ReturnType<typeof sql>) => rowsOf<T>(await o.db.execute(s));
    date = (await q<{ d: string }>(sql`select max(as_of)::text as d from hamlet_snapshots`))[0]!.d;
    coverageDate = (await q<{ d: string }>(sql`select coalesce(max(as_of), ${date}::date)::text as d from coverage_layers where as_of <= ${date}::date`))[0]!.d;
    hamletInside = (
      await q<{ id: string }>(
        sql`select c.descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet' where c.structure = 'pre2025' and c.ancestor_id = 'd-101' order by 1 limit 1`,
      )
    )[0]!.id;
    /** Ids and (non-hamlet) names of units under `outside`, minus every name the role may see (its unit's subtree and ancestors). */
    const tokens = async (own: Unit, outside: string[]) => {
      const visible = new Set(
        (
          await q<{ name: string; full: string }>(sql`
        select u.name, u.full_name as full from admin_units u where u.id in (
          select descendant_id from admin_closure where structure = ${own.structure} and ancestor_id = ${own.unit}
          union select ancestor_id from admin_closure where structure = ${own.structure} and descendant_id = ${own.unit}
          union select c2.descendant_id from admin_closure c1 join admin_closure c2 on c2.ancestor_id = c1.descendant_id
            where c1.structure = ${own.structure} and c1.ancestor_id = ${own.unit})`)
        ).flatMap((r) => [r.name, r.full]),
      );
      const rows = await q<{ id: string; name: string; full: string; level: string }>(sql`
        select distinct u.id, u.name, u.full_name as full, u.level from admin_units u join admin_closure c on c.descendant_id = u.id
        where c.ancestor_id in (${sql.join(
          outside.map((x) => sql`${x}`),
          sql`, `,
        )})`);
      expect(rows.length).toBeGreaterThan(10);
      return [...new Set(rows.flatMap((r) => [r.id, ...(r.level === "hamlet" ? [] : [r.name, r.full])]).filter((t) => !visible.has(t)))];
    };
    // The chief: the two neighbouring districts Mường Ảng (d-102) and Nậm Pồ (d-103), and the other provinces; the others: the other provinces.
    const provinces = (await q<{ id: string }>(sql`select id from admin_units where level = 'province' and id <> 'p-11'`)).map((r) => r.id);
    expect(provinces).toContain(OUTSIDE.planner.unit);
    for (const role of ROLES) outsideTokens[role] = await tokens(INSIDE[role], role === "chief" ? ["d-102", "d-103", ...provinces] : provinces);
    expect(outsideTokens.chief).toEqual(expect.arrayContaining(["d-102", "d-103", "Mường Ảng", "Nậm Pồ", OUTSIDE.planner.unit]));
    expect(outsideTokens.planner).toContain(OUTSIDE.planner.unit);
  } finally {
    await o.close();
  }
  routes = await routeEntries();
  app = await startApp({ PGLITE_DIR: dir }, { role: null });
  for (const r of ROLES) cookies[r] = await signIn(app.url, DEMO_ACCOUNTS[r].email, DEMO_PASSWORD);
  const users = (await (await fetchAs("administrator", { method: "GET", path: "/api/admin/users" })).json()) as { users: { id: string; email: string }[] };
  for (const r of ROLES) userIds[r] = users.users.find((u) => u.email === DEMO_ACCOUNTS[r].email)!.id;
  viewerPatchTarget.id = userIds.viewer;
  // Each importing role's own job and own committed import (for jobs/[id] and undo).
  for (const r of ["planner", "telecom"] as const) {
    const res = await fetchAs(r, { method: "POST", path: "/api/import/commit", json: importBody(r, await upload(r), INSIDE[r]) }, `setup-commit-${r}`);
    expect(res.status, `setup commit as ${r}`).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    ownJobs[r] = jobId;
    const j = await waitJob(r, jobId);
    expect(j.result?.status, `setup commit as ${r}: ${JSON.stringify(j.result).slice(0, 300)}`).toBe("committed");
    ownImports[r] = j.result!.importId!;
    audited.push({ requestId: `setup-commit-${r}`, role: r, expect: 1, kind: "import.commit", label: `setup commit ${r}` });
  }
}, 600_000);

afterAll(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("every route and page has a policy entry and a sample", () => {
  it("app/api/**/route.ts: each exported method names its action (route()), and the matrix has a sample for it", () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => r.action === undefined).map((r) => `${r.method} ${r.path}`);
    expect(missing, "routes without a policy entry (use route() from app/api/_lib/route.ts)").toEqual([]);
    const unsampled = routes.filter((r) => r.action !== "public" && !SAMPLES[`${r.path} ${r.method}`]).map((r) => `${r.path} ${r.method}`);
    expect(unsampled, "routes missing from the matrix's sample table").toEqual([]);
    expect(routes.filter((r) => r.action === "public").map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/auth/[...all]",
      "POST /api/auth/[...all]",
      "GET /api/health",
      "GET /api/ready",
    ]);
  });

  it("the probes answer without a session, say only ok / not ok, and every answer carries its x-request-id", async () => {
    const health = await fetchAs(null, { method: "GET", path: "/api/health" }, "matrix-probe-health");
    expect([health.status, await health.json(), health.headers.get("x-request-id")]).toEqual([200, { status: "ok" }, "matrix-probe-health"]);
    const ready = await fetchAs(null, { method: "GET", path: "/api/ready" }, "matrix-probe-ready");
    expect([ready.status, await ready.json(), ready.headers.get("x-request-id")]).toEqual([200, { status: "ready" }, "matrix-probe-ready"]);
    // Answered by proxy.ts (no session) and by route() (signed in): the same header.
    const refused = await fetchAs(null, { method: "GET", path: "/api/hamlets?unit=p-11&structure=post2025" }, "matrix-probe-401");
    expect([refused.status, refused.headers.get("x-request-id")]).toEqual([401, "matrix-probe-401"]);
    const page = await fetchAs("planner", { method: "GET", path: "/account" }, "matrix-probe-page");
    expect([page.status, page.headers.get("x-request-id")]).toEqual([200, "matrix-probe-page"]);
  });

  it("app/**/page.tsx: each page is in app/_auth/pages.ts and calls requirePage with its own path", () => {
    const pages = walk(path.join(REPO_ROOT, "app"), "page.tsx").map((f) => ({ f, path: urlPathOf(f, "page") }));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const p of pages) {
      const action = (PAGE_ACTIONS as Record<string, string>)[p.path];
      expect(action, `${p.path} has no entry in app/_auth/pages.ts`).toBeDefined();
      if (action !== "public") expect(readFileSync(p.f, "utf8"), `${p.f} must call requirePage("${p.path}", …)`).toContain(`requirePage("${p.path}"`);
    }
    expect(Object.keys(PAGE_ACTIONS).sort()).toEqual(pages.map((p) => p.path).sort());
  });
});

/** The text around a token, for a failure message. */
function around(body: string, token: string): string {
  const i = body.indexOf(token);
  return body.slice(Math.max(0, i - 150), i + 80);
}

function expectedStatus(action: Action, sample: Sample, role: Role | null, c: Case): number {
  if (c === "none" || role === null) return 401;
  if (!allowed(role, action)) return 403;
  if (c === "outside") return 404;
  return typeof sample.ok === "function" ? sample.ok(role) : (sample.ok ?? 200);
}

describe("the API matrix: route × method × role × {inside, outside, no session}", () => {
  it("answers exactly as the policy says, and shows no role anything outside its scope", async () => {
    const failures: string[] = [];
    let cells = 0;
    const guarded = routes.filter((r) => r.action !== "public");
    for (const r of guarded) {
      const sample = SAMPLES[`${r.path} ${r.method}`]!;
      const action = r.action as Action;
      for (const role of ROLES) {
        const cases: Case[] = sample.unscoped ? ["inside", "none"] : ["inside", "outside", "none"];
        for (const c of cases) {
          if (c === "none" && role !== ROLES[0]) continue; // no session: once per route and method (it has no role)
          const u = c === "outside" ? OUTSIDE[role] : INSIDE[role];
          const req = await sample.build({ role, c, u, hamlet: hamletInside });
          if (!req) continue;
          const requestId = `matrix-${++seq}`;
          const res = await fetchAs(c === "none" ? null : role, req, requestId);
          const body = await res.text();
          cells++;
          const want = expectedStatus(action, sample, c === "none" ? null : role, c);
          const label = `${r.method} ${r.path} as ${c === "none" ? "(no session)" : role} ${c}`;
          if (res.status !== want) failures.push(`${label}: ${res.status}, expected ${want} — ${body.slice(0, 200)}`);
          // (Accounts are the administrator's, everywhere: rule "all" has no data scope to leak from.)
          if (c !== "none" && ruleFor(role, action) !== "all") {
            const leaked = outsideTokens[role].filter((t) => body.includes(t) && !(c === "outside" && t === OUTSIDE[role].unit));
            if (leaked.length) failures.push(`${label}: shows ${leaked.slice(0, 5).join(", ")} — …${around(body, leaked[0]!)}…`);
          }
          const isWrite = !!sample.audit && c === "inside" && res.status === want && want < 300;
          let jobId: string | undefined;
          const isJob = sample.audit === "import.commit";
          if (isWrite && isJob) jobId = (JSON.parse(body) as { jobId: string }).jobId;
          audited.push({ requestId, role, expect: isWrite ? (isJob ? "job" : 1) : 0, kind: sample.audit, jobId, label });
        }
      }
    }
    const methods = new Set(guarded.map((r) => `${r.path} ${r.method}`)).size;
    console.log(
      `[matrix] API: ${new Set(guarded.map((r) => r.path)).size} routes, ${methods} route×method, × ${ROLES.length} roles × {inside, outside, no session} → ${cells} requests`,
    );
    expect(failures).toEqual([]);
  });
});

describe("the page matrix: page × role × {inside, outside, no session}", () => {
  it("redirects without a session, 404 for a role not allowed or a unit outside, 200 inside — on the viewer's own unit", async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const [page, action] of Object.entries(PAGE_ACTIONS)) {
      if (action === "public") continue;
      const scoped = !["account.self", "users.manage"].includes(action);
      const none = await fetchAs(null, { method: "GET", path: page });
      cells++;
      const loc = none.headers.get("location") ?? "";
      const wantLoc = page === "/" ? /^\/login(\?next=%2F)?$/ : new RegExp(`^/login\\?next=${encodeURIComponent(page)}$`);
      if (![303, 307].includes(none.status) || !wantLoc.test(new URL(loc, app.url).pathname + new URL(loc, app.url).search))
        failures.push(`${page} without a session: ${none.status} → ${loc}`);
      for (const role of ROLES) {
        for (const c of scoped ? (["inside", "outside"] as const) : (["inside"] as const)) {
          const res = await fetchAs(role, { method: "GET", path: c === "outside" ? `${page}?${qs(OUTSIDE[role])}` : page });
          const body = await res.text();
          cells++;
          // "all" (the administrator's audit log) has no unit scope: a unit there is only a filter.
          const want = !allowed(role, action as Action) || (c === "outside" && ruleFor(role, action as Action) !== "all") ? 404 : 200;
          if (page === "/" && !allowed(role, action as Action)) {
            // The home page sends a role without the map to its own home page (never a 404 after sign-in).
            const to = new URL(res.headers.get("location") ?? "/nowhere", app.url).pathname;
            if (![303, 307].includes(res.status) || to !== homePageFor(role) || to === "/")
              failures.push(`/ as ${role} ${c}: ${res.status} → ${to}, expected a redirect to ${homePageFor(role)}`);
          } else if (res.status !== want) failures.push(`${page} as ${role} ${c}: ${res.status}, expected ${want}`);
          if (ruleFor(role, action as Action) !== "all") {
            const leaked = outsideTokens[role].filter((t) => body.includes(t) && !(c === "outside" && t === OUTSIDE[role].unit));
            if (leaked.length) failures.push(`${page} as ${role} ${c}: shows ${leaked.slice(0, 5).join(", ")} — …${around(body, leaked[0]!)}…`);
          }
        }
      }
    }
    console.log(
      `[matrix] pages: ${Object.values(PAGE_ACTIONS).filter((a) => a !== "public").length} pages × ${ROLES.length} roles × {inside, outside, no session} → ${cells} requests`,
    );
    expect(failures).toEqual([]);
  });

  it("the NavBar shows only the sections the role may open", async () => {
    for (const role of ROLES) {
      const html = await (await fetchAs(role, { method: "GET", path: "/account" })).text();
      const nav = /<nav[^>]*topbar-nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
      const hrefs = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      const want = ["/", "/dashboard", "/priorities", "/telecom", "/plans", "/briefing", "/import", "/audit"].filter((p) =>
        allowed(role, PAGE_ACTIONS[p as keyof typeof PAGE_ACTIONS] as Action),
      );
      expect(hrefs, role).toEqual(want);
    }
  });
});

describe("special rules", () => {
  const review = (operator: string) => ({
    unit: "p-11",
    structure: "post2025",
    hamletId: hamletInside,
    operator,
    kind: "4g",
    status: "confirmed",
    comment: "",
    asOf: coverageDate,
  });

  it("the Viettel coordinator cannot confirm VNPT's coverage (403) and can confirm Viettel's (201), stored as theirs", async () => {
    const vnpt = await fetchAs("telecom", { method: "POST", path: "/api/coverage-reviews", json: review("vnpt") }, "special-vnpt");
    expect(vnpt.status).toBe(403);
    expect(((await vnpt.json()) as { error: string }).error).toMatch(/viettel/);
    audited.push({ requestId: "special-vnpt", role: "telecom", expect: 0, label: "vnpt review refused" });
    const viettel = await fetchAs(
      "telecom",
      { method: "POST", path: "/api/coverage-reviews", json: { ...review("viettel"), reviewedBy: "Giả danh" } },
      "special-viettel",
    );
    expect(viettel.status).toBe(201);
    expect(((await viettel.json()) as { review: { reviewedBy: string } }).review.reviewedBy).toBe(DEMO_ACCOUNTS.telecom.email);
    audited.push({ requestId: "special-viettel", role: "telecom", expect: 1, kind: "coverage_review.add", label: "viettel review" });
  });

  it("the Viettel coordinator imports only Viettel's coverage layers (403 for indicators or another operator)", async () => {
    const up = await upload("telecom");
    const indicators = await fetchAs("telecom", {
      method: "POST",
      path: "/api/import/analyse",
      json: { uploadId: up, kind: "indicators", unit: "p-11", structure: "post2025" },
    });
    expect(indicators.status).toBe(403);
    const vnpt = await fetchAs("telecom", {
      method: "POST",
      path: "/api/import/analyse",
      json: { uploadId: up, kind: "coverage", unit: "p-11", structure: "post2025", coverage: { kind: "4g", operator: "vnpt", asOf: "2026-01-15" } },
    });
    expect(vnpt.status).toBe(403);
    // Someone else's upload is not there for them.
    const planners = await upload("planner");
    expect((await fetchAs("telecom", { method: "POST", path: "/api/import/analyse", json: importBody("telecom", planners, INSIDE.telecom) })).status).toBe(404);
  });

  it("the chief of Điện Biên Đông: 404 for a hamlet of Mường Ảng or Nậm Pồ; the map, exports and briefing asked for the whole province show only Điện Biên Đông", async () => {
    const outsideHamlet = outsideTokens.chief.find((t) => t.startsWith("h-"))!;
    const hist = await fetchAs("chief", { method: "GET", path: `/api/explorer/history?${qs({ unit: outsideHamlet, structure: "pre2025" })}` });
    expect(hist.status).toBe(404);
    const missing = await fetchAs("chief", { method: "GET", path: `/api/explorer/history?${qs({ unit: "h-99999-01", structure: "pre2025" })}` });
    // Exactly the answer for a hamlet that does not exist (only the id differs): the scope cannot be probed.
    expect(((await hist.json()) as { error: string }).error.replaceAll(outsideHamlet, "X")).toBe(
      ((await missing.json()) as { error: string }).error.replaceAll("h-99999-01", "X"),
    );
    const province = { unit: "p-11", structure: "post2025" };
    const paths = [
      `/api/explorer/attributes?${qs({ ...province, date })}`,
      `/api/boundaries?${qs({ ...province, level: "hamlet" })}`,
      `/api/hamlets?${qs({ ...province, date })}`,
      `/api/explorer/units?${qs(province)}`,
      `/api/export?${qs({ table: "telecom", format: "csv", ...province, date })}`,
      `/api/import/export?${qs({ ...province, date })}`,
      `/briefing?${qs(province)}`,
      `/dashboard?${qs(province)}`,
      "/",
    ];
    for (const p of paths) {
      const res = await fetchAs("chief", { method: "GET", path: p });
      const body = await res.text();
      expect(res.status, p).toBe(200);
      expect(
        outsideTokens.chief.filter((t) => body.includes(t)),
        p,
      ).toEqual([]);
      if (!/^\/api\/(export|import|boundaries|hamlets)/.test(p)) expect(body, p).toContain("d-101");
    }
    // The units route: the tree's root is the chief's district, not the province, so the search finds only its units.
    const units = (await (await fetchAs("chief", { method: "GET", path: `/api/explorer/units?${qs(province)}` })).json()) as {
      province: { id: string };
      structure: string;
      units: { id: string }[];
    };
    expect(units.province.id).toBe("d-101");
    expect(units.structure).toBe("pre2025");
    expect(units.units.length).toBeGreaterThan(10);
  });

  it("a planner bound to d-102 asking for d-101 (a real, disjoint district) gets exactly the 404 of a unit that does not exist", async () => {
    const created = await fetchAs("administrator", {
      method: "POST",
      path: "/api/admin/users",
      json: {
        email: "planner-d102@example.vn",
        name: "Cán bộ d-102",
        password: "mat-khau-d102-2025",
        binding: { role: "planner", unitId: "d-102", structure: "pre2025" },
      },
    });
    expect(created.status).toBe(201);
    const cookie = await signIn(app.url, "planner-d102@example.vn", "mat-khau-d102-2025");
    const get = async (p: string) => {
      const res = await fetch(`${app.url}${p}`, { headers: { cookie } });
      return { status: res.status, body: await res.text() };
    };
    for (const route of ["/api/explorer/attributes", "/api/hamlets", "/api/explorer/units", "/api/import/history"]) {
      const disjoint = await get(`${route}?${qs({ unit: "d-101", structure: "pre2025", date })}`);
      const missing = await get(`${route}?${qs({ unit: "d-199", structure: "pre2025", date })}`);
      expect([disjoint.status, missing.status], route).toEqual([404, 404]);
      expect(disjoint.body.replaceAll("d-101", "X"), route).toBe(missing.body.replaceAll("d-199", "X"));
      const own = await get(`${route}?${qs({ unit: "d-102", structure: "pre2025", date })}`);
      expect(own.status, route).toBe(200);
      expect(own.body, route).not.toContain(hamletInside);
    }
  });

  it("the viewer gets no exports of hamlet rows (403)", async () => {
    expect((await fetchAs("viewer", { method: "GET", path: `/api/export?${qs({ table: "telecom", format: "csv", ...INSIDE.viewer, date })}` })).status).toBe(
      403,
    );
    expect((await fetchAs("viewer", { method: "GET", path: `/api/import/export?${qs({ ...INSIDE.viewer, date })}` })).status).toBe(403);
  });
});

describe("the audit log", () => {
  it("every write left exactly one audit row with the session's user; every other request none", async () => {
    // Wait for the commit jobs the matrix started, then read the app's database copy.
    for (const a of audited) {
      if (a.expect !== "job") continue;
      const j = await waitJob(a.role, a.jobId!);
      a.expect = j.result?.status === "committed" ? 1 : 0;
    }
    await app.stop();
    const o = await openDb({ pgliteDir: dir, migrate: false });
    try {
      const rows = rowsOf<{ request_id: string; user_id: string; user_email: string; role: string; action: string }>(
        await o.db.execute(sql`select request_id, user_id, user_email, role, action from audit_log`),
      );
      const byRequest = new Map<string, typeof rows>();
      for (const r of rows) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
      const problems: string[] = [];
      let writes = 0;
      const kinds = new Set<string>();
      for (const a of audited) {
        if (!a.requestId) continue;
        const all = byRequest.get(a.requestId) ?? [];
        // A commit may also remember its column mapping (its own audit row, column_mapping.save).
        const got = all.filter((g) => g.action !== "column_mapping.save");
        if (a.expect === 1) writes++;
        if (got.length !== a.expect || (a.expect === 1 && got[0]!.action !== a.kind))
          problems.push(`${a.label}: ${got.map((g) => g.action).join(", ") || "no"} audit rows, expected ${a.expect} ${a.kind ?? ""}`);
        if (a.expect === 0 && all.length) problems.push(`${a.label}: ${all.length} audit rows for a request that wrote nothing`);
        for (const g of got) kinds.add(g.action);
        for (const g of all) {
          if (g.user_id !== userIds[a.role] || g.user_email !== DEMO_ACCOUNTS[a.role].email || g.role !== a.role)
            problems.push(`${a.label}: audit row by ${g.user_email} (${g.role})`);
        }
      }
      expect(problems).toEqual([]);
      expect([...kinds].sort()).toEqual([
        "coverage_review.add",
        "import.commit",
        "import.undo",
        "scenario.delete",
        "scenario.save",
        "user.create",
        "user.update",
      ]);
      expect(writes).toBeGreaterThanOrEqual(8);
    } finally {
      await o.close();
    }
  });
});

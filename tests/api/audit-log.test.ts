// GET /api/audit (the audit log page's data and CSV export), called directly on a private copy of
// the seeded PGlite database with demo sessions: the administrator reads every row, the planner
// only the rows inside their unit (Điện Biên, post-2025), the others 403, no session 401.
import { beforeAll, describe, expect, it } from "vitest";
import { setupRouteEnv, type Handler } from "../support/route-env";
import type { DemoRole } from "../support/session";
import { testActor } from "../support/actor";

const env = setupRouteEnv();
let GET: Handler;
const cookies: Partial<Record<DemoRole, string>> = {};
const MARK = `audit-log-test-${Date.now()}`;

beforeAll(async () => {
  GET = await env.handler("audit", "GET", null); // each request carries its own role's cookie, or none
  for (const role of ["administrator", "planner", "chief", "viewer"] as const) cookies[role] = await env.cookieFor(role);
  // Four writes: inside the planner's province (the province itself and one of its hamlets), in another province, and on an account (no unit).
  const { getDb } = await import("../../db");
  const { recordAudit } = await import("../../db/queries/audit");
  const db = await getDb();
  const hamlet = "h-03205-01";
  const writes = [
    { action: "scenario.save" as const, scope: { unitId: "p-11", structure: "post2025" as const }, targetIds: [1] },
    { action: "coverage_review.add" as const, scope: { unitId: hamlet, structure: "post2025" as const }, targetIds: [2] },
    { action: "scenario.save" as const, scope: { unitId: "p-99", structure: "post2025" as const }, targetIds: [3] },
    { action: "user.create" as const, scope: null, targetIds: ["u-x"] },
  ];
  for (const w of writes) await db.transaction((tx) => recordAudit(tx, { actor: testActor(`${MARK}@example.org`), ...w, summary: { after: { mark: MARK } } }));
});

const get = (query: string, role?: DemoRole) => GET(new Request(`http://x/api/audit?${query}`, { headers: role ? { cookie: cookies[role]! } : {} }));
type Page = { rows: { action: string; unitId: string | null; userEmail: string; targetIds: unknown[] }[]; total: number; page: number; pages: number };
const mine = `user=${encodeURIComponent(`${MARK}@example.org`)}`;

describe("GET /api/audit", () => {
  it("the administrator reads every row, the planner only those inside Điện Biên", async () => {
    const admin = (await (await get(mine, "administrator")).json()) as Page;
    expect(admin.rows.map((r) => r.targetIds[0]).sort()).toEqual([1, 2, 3, "u-x"].sort());
    expect(admin.total).toBe(4);
    const planner = await get(mine, "planner");
    expect(planner.status).toBe(200);
    const p = (await planner.json()) as Page;
    expect(p.rows.map((r) => r.unitId).sort()).toEqual(["h-03205-01", "p-11"]);
    // Newest first.
    expect(p.rows.map((r) => r.targetIds[0])).toEqual([2, 1]);
  });

  it("filters by action, unit and day; an empty parameter counts as absent", async () => {
    const byAction = (await (await get(`${mine}&action=scenario.save&from=`, "administrator")).json()) as Page;
    expect(byAction.rows.map((r) => r.targetIds[0]).sort()).toEqual([1, 3]);
    const byUnit = (await (await get(`${mine}&unit=h-03205-01&structure=post2025`, "planner")).json()) as Page;
    expect(byUnit.rows.map((r) => r.targetIds[0])).toEqual([2]);
    const today = new Date().toISOString().slice(0, 10);
    expect(((await (await get(`${mine}&from=${today}&to=${today}`, "administrator")).json()) as Page).total).toBe(4);
    expect(((await (await get(`${mine}&to=2020-01-01`, "administrator")).json()) as Page).total).toBe(0);
  });

  it("CSV export: every filtered row of the reader's scope, with a header", async () => {
    const res = await get(`${mine}&format=csv`, "planner");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="gapmap06_nhat-ky_\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = Buffer.from(await res.arrayBuffer())
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("id,at,user_email,user_id,role,action,unit_id,structure,target_ids,summary,request_id,client_address");
    expect(lines).toHaveLength(3);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(",")[6])
        .sort(),
    ).toEqual(["h-03205-01", "p-11"]);
    expect(lines.every((l, i) => i === 0 || l.includes(MARK))).toBe(true);
  });

  it("others 403, no session 401, a bad filter 400 naming it", async () => {
    expect((await get(mine, "chief")).status).toBe(403);
    expect((await get(mine, "viewer")).status).toBe(403);
    expect((await get(mine)).status).toBe(401);
    const bad = await get("from=01/12/2025&action=delete.everything", "administrator");
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(["action", "from"]);
  });
});

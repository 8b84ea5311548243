// The routes that write, called directly on a private copy of the seeded PGlite database with the
// demo planner's session: each builds its actor in one place (app/api/_lib/actor.ts) — who from
// the session, the request id from x-request-id, the client address from the first hop of
// x-forwarded-for — and each write leaves exactly one audit row with them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actorFrom } from "../../app/api/_lib/actor";
import { rowsOf } from "../../db/queries/scope";
import { FIXTURES } from "../support/import-helpers";
import { setupRouteEnv, type Handler } from "../support/route-env";
import { DEMO_ACCOUNTS } from "../../db/demo/accounts";

const PLANNER = DEMO_ACCOUNTS.planner.email;

const env = setupRouteEnv({ uploads: true });
const h: Record<string, Handler> = {};

beforeAll(async () => {
  // Every write is the signed-in planner of p-11's (the session decides who, never the body).
  h.upload = await env.handler("import/upload", "POST");
  h.commit = await env.handler("import/commit", "POST");
  h.job = await env.handler("import/jobs/[id]", "GET");
  h.undo = await env.handler("import/undo", "POST");
  h.review = await env.handler("coverage-reviews", "POST");
  h.scenPOST = await env.handler("plans/scenarios", "POST");
  h.scenDELETE = await env.handler("plans/scenarios", "DELETE");
});

const headers = (requestId: string, forwarded = "198.51.100.4, 10.0.0.1") => ({
  "content-type": "application/json",
  "x-request-id": requestId,
  "x-forwarded-for": forwarded,
});
const send = (handler: string, method: string, body: unknown, requestId: string, url = "http://x/api") =>
  h[handler]!(new Request(url, { method, headers: headers(requestId), ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));

/** The audit row of a write by the signed-in planner, sent from the default forwarded address. */
const byPlanner = (action: string, unit_id: string, structure: string, target_ids: unknown[]) => ({
  action,
  user_email: PLANNER,
  role: "planner",
  unit_id,
  structure,
  target_ids,
  client_address: "198.51.100.4",
});

async function audit(requestId: string) {
  const { getDb } = await import("../../db");
  const res = await (await getDb()).execute(
    sql`select action, user_email, role, unit_id, structure, target_ids, client_address from audit_log where request_id = ${requestId} order by id`,
  );
  return rowsOf<{
    action: string;
    user_email: string;
    role: string;
    unit_id: string | null;
    structure: string | null;
    target_ids: unknown;
    client_address: string | null;
  }>(res).map((r) => ({ ...r, target_ids: typeof r.target_ids === "string" ? JSON.parse(r.target_ids) : r.target_ids }));
}

async function job(res: Response): Promise<unknown> {
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  for (let i = 0; i < 600; i++) {
    const j = (await (await h.job!(new Request(`http://x/api/import/jobs/${jobId}`), { params: Promise.resolve({ id: jobId }) })).json()) as {
      status: string;
      result: unknown;
    };
    if (j.status === "done") return j.result;
    if (j.status === "failed") throw new Error("job failed");
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("job did not finish");
}

describe("actorFrom", () => {
  it("takes who from the session's viewer, the request id and the client address from the headers, or makes an id and leaves the address unknown", () => {
    const who = { userId: "u-1", email: "can-bo@example.vn", role: "planner" as const };
    const a = actorFrom(new Request("http://x", { headers: { "x-request-id": "abc-123", "x-forwarded-for": " 203.0.113.9 , 10.0.0.1" } }), who);
    expect(a).toEqual({ userId: "u-1", email: "can-bo@example.vn", role: "planner", requestId: "abc-123", address: "203.0.113.9" });
    const b = actorFrom(new Request("http://x", { headers: { "x-request-id": "not a valid id; drop table" } }), who);
    expect(b.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toMatchObject({ email: "can-bo@example.vn", address: null });
    expect(actorFrom(new Request("http://x"), who).requestId).not.toBe(actorFrom(new Request("http://x"), who).requestId);
  });
});

describe("routes that write leave one audit row each, with the request's id and address", () => {
  it("import commit (a job) and undo", async () => {
    const u = (await (
      await h.upload!(
        new Request(`http://x/api/import/upload?name=english-codes.csv`, { method: "POST", body: readFileSync(path.join(FIXTURES, "english-codes.csv")) }),
      )
    ).json()) as { uploadId: string };
    const result = (await job(
      await send(
        "commit",
        "POST",
        { uploadId: u.uploadId, kind: "indicators", unit: "p-11", structure: "post2025", importedBy: "API test (ignored)" },
        "req-commit",
      ),
    )) as { status: string; importId: number };
    expect(result.status).toBe("committed");
    expect((await audit("req-commit")).filter((r) => r.action === "import.commit")).toEqual([
      byPlanner("import.commit", "p-11", "post2025", [result.importId]),
    ]);
    const undo = await send("undo", "POST", { importId: result.importId, unit: "p-11", structure: "post2025" }, "req-undo");
    expect(undo.status).toBe(200);
    expect(await audit("req-undo")).toEqual([byPlanner("import.undo", "p-11", "post2025", [result.importId])]);
    // Refused: nothing written, no audit row.
    expect((await send("undo", "POST", { importId: result.importId, unit: "p-11", structure: "post2025" }, "req-undo-again")).status).toBe(409);
    expect(await audit("req-undo-again")).toEqual([]);
  });

  it("coverage review", async () => {
    const body = {
      unit: "c19-03205",
      structure: "pre2025",
      hamletId: "h-03205-01",
      operator: "vnpt",
      kind: "3g",
      status: "confirmed",
      comment: "",
      asOf: "2023-11-06",
      reviewedBy: "VNPT Điện Biên (ignored)",
    };
    const res = await send("review", "POST", body, "req-review");
    expect(res.status).toBe(201);
    const { review } = (await res.json()) as { review: { id: number; reviewedBy: string } };
    expect(review.reviewedBy).toBe(PLANNER);
    expect(await audit("req-review")).toEqual([byPlanner("coverage_review.add", "h-03205-01", "pre2025", [review.id])]);
    expect((await send("review", "POST", { ...body, unit: "d-103" }, "req-review-outside")).status).toBe(404);
    expect(await audit("req-review-outside")).toEqual([]);
  });

  it("scenario save and delete", async () => {
    const saved = await send(
      "scenPOST",
      "POST",
      { name: "Kịch bản kiểm toán", request: { unit: "d-101", structure: "pre2025", date: "2023-11-06" } },
      "req-save",
    );
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: number };
    expect(await audit("req-save")).toEqual([byPlanner("scenario.save", "d-101", "pre2025", [id])]);
    expect((await send("scenDELETE", "DELETE", undefined, "req-delete", `http://x/api?unit=d-101&structure=pre2025&id=${id}`)).status).toBe(200);
    expect(await audit("req-delete")).toEqual([byPlanner("scenario.delete", "d-101", "pre2025", [id])]);
  });
});

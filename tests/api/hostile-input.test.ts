// Hostile values at the API's boundary: each is a 400 saying what and where (never a database
// error or a 500), through the shared primitives of geo/fields.ts; and TRACE/TRACK answered 405.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbId, dbIdParam, isoDate, text } from "@/geo/fields";
import { ALLOWED_METHODS, guardHttpMethods, methodNotAllowed } from "@/app/_lib/http-methods";
import { type AppDb, openAppDb } from "../support/app-db";
import { demoSessionCookie, withSession } from "../support/session";

describe("the shared field primitives", () => {
  it("dbId: 1 … 2³¹ − 1 (a larger id would overflow the database's integer)", () => {
    expect(dbId.safeParse(2 ** 31 - 1).success).toBe(true);
    expect(dbId.safeParse(2 ** 31).error?.issues[0]?.message).toBe("must be at most 2147483647");
    expect(dbId.safeParse(0).success).toBe(false);
    expect(dbId.safeParse(1.5).success).toBe(false);
    expect(dbIdParam.safeParse("12").data).toBe(12);
    for (const s of ["2147483648", "1e3", "0x10", " 1", "-1", ""]) expect(dbIdParam.safeParse(s).success, s).toBe(false);
  });
  it("isoDate: a real date between 2000-01-01 and 2100-12-31", () => {
    expect(isoDate.safeParse("2026-01-31").success).toBe(true);
    expect(isoDate.safeParse("9999-12-31").error?.issues[0]?.message).toBe("must be a date between 2000-01-01 and 2100-12-31");
    expect(isoDate.safeParse("1999-12-31").success).toBe(false);
    expect(isoDate.safeParse("2026-02-30").success).toBe(false);
  });
  it("text: control characters refused with the character and its position; NFC, trimmed, inner spaces kept", () => {
    const t = text({ min: 1, max: 20 });
    expect(t.safeParse("Viettel\u0000 Điện Biên").error?.issues[0]?.message).toBe(
      "contains the control character U+0000 at position 8 (a single line of text)",
    );
    expect(t.safeParse("a\u001bb").error?.issues[0]?.message).toContain("U+001B at position 2");
    expect(t.safeParse("  Bản   Ho Hồng ").data).toBe("Bản   Ho Hồng");
    expect(t.safeParse("Ho Ho\u0302\u0300ng").data).toBe("Ho Hồng"); // NFD in, NFC out
    expect(t.safeParse("   ").error?.issues[0]?.message).toBe("must not be empty");
    const multi = text({ max: 100, multiline: true });
    expect(multi.safeParse("dòng 1\r\ndòng 2\tcột").success).toBe(true);
    expect(multi.safeParse("dòng 1\n\u0000").error?.issues[0]?.message).toBe("contains the control character U+0000 at position 8");
    // Half of a UTF-16 pair alone is not text (the database would keep U+FFFD); a whole pair is.
    expect(t.safeParse("a\uD800b").error?.issues[0]?.message).toBe("contains an unpaired surrogate U+D800 at position 2 (not Unicode text)");
    expect(t.safeParse("\uDFFF").error?.issues[0]?.message).toContain("U+DFFF at position 1");
    expect(t.safeParse("Bản 🏔").data).toBe("Bản 🏔");
  });
});

describe("the routes refuse hostile values with a 400 (or 413) saying where", () => {
  type Handler = (request: Request, ctx?: { params: Promise<{ id: string }> }) => Promise<Response>;
  const h: Record<string, Handler> = {};
  let app: AppDb;
  beforeAll(async () => {
    app = openAppDb();
    h.undo = (await import("@/app/api/import/undo/route")).POST;
    const scenarios = await import("@/app/api/plans/scenarios/route");
    h.scenarioDelete = scenarios.DELETE;
    h.scenarioSave = scenarios.POST;
    h.run = (await import("@/app/api/plans/run/route")).POST;
    h.review = (await import("@/app/api/coverage-reviews/route")).POST;
    h.analyse = (await import("@/app/api/import/analyse/route")).POST;
    // The routes need a session: the demo planner of Điện Biên (who made the import and the scenario is the session's, not the body's).
    const cookie = await demoSessionCookie("planner");
    for (const k of Object.keys(h)) h[k] = withSession(h[k]!, cookie);
    const admin = await demoSessionCookie("administrator");
    h.audit = withSession((await import("@/app/api/audit/route")).GET, admin);
    h.createUser = withSession((await import("@/app/api/admin/users/route")).POST, admin);
    h.updateUser = withSession((await import("@/app/api/admin/users/[id]/route")).PATCH as Handler, admin);
  });
  afterAll(() => app?.close());
  const post = (handler: string, body: unknown) =>
    h[handler]!(new Request("http://x/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
  async function issues(res: Response) {
    expect(res.status).toBe(400);
    return ((await res.json()) as { issues: { path: string; message: string }[] }).issues;
  }

  it("an import id of 2³¹ (undo) and a scenario id of 2³¹ (delete)", async () => {
    expect(await issues(await post("undo", { importId: 2 ** 31, unit: "p-11", structure: "post2025" }))).toEqual([
      { path: "importId", message: "must be at most 2147483647" },
    ]);
    const del = await h.scenarioDelete!(new Request("http://x/api?unit=d-101&structure=pre2025&id=2147483648", { method: "DELETE" }));
    expect(await issues(del)).toEqual([{ path: "id", message: "must be at most 2147483647" }]);
  });

  it("a plan for 9999-12-31", async () => {
    const res = await post("run", { unit: "d-101", structure: "pre2025", date: "9999-12-31" });
    expect(await issues(res)).toContainEqual({ path: "date", message: "must be a date between 2000-01-01 and 2100-12-31" });
  });

  it("NUL in a review's comment, a scenario's name and a new hamlet's name (who writes comes from the session, not the body)", async () => {
    const review = {
      unit: "d-101",
      structure: "pre2025",
      hamletId: "h-03205-01",
      operator: "viettel",
      kind: "4g",
      status: "disputed",
      comment: "sóng yếu\u0000",
      asOf: "2023-11-06",
    };
    expect(await issues(await post("review", review))).toEqual([{ path: "comment", message: "contains the control character U+0000 at position 9" }]);
    const save = await post("scenarioSave", { name: "Kế hoạch\u0000", request: { unit: "d-101", structure: "pre2025", date: "2023-11-06" } });
    expect((await issues(save)).map((i) => i.path)).toContain("name");
    const imp = {
      uploadId: "00000000-0000-4000-8000-000000000000",
      kind: "indicators",
      unit: "p-11",
      structure: "post2025",
      resolutions: { "row:3": { action: "create", name: "Bản mới\u0000", type: "bản", communeId: "c25-03214", lon: 103.4, lat: 21.3 } },
    };
    const paths = (await issues(await post("analyse", imp))).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["resolutions.row:3.name"]));
    // A column mapping (remembered in the database) and a plan's hamlet ids (SQL parameters).
    const mapped = await post("analyse", { ...imp, resolutions: undefined, mapping: { "Tên bản": "hamlet\u0000" } });
    expect((await issues(mapped)).map((i) => i.path)).toEqual(["mapping.Tên bản"]);
    const run = await post("run", { unit: "d-101", structure: "pre2025", date: "2023-11-06", selection: { mode: "manual", hamletIds: ["h-03205-01\u0000"] } });
    expect((await issues(run)).map((i) => i.path)).toContain("selection.hamletIds.0");
  });
  // Found by the fuzz (tests/api/fuzz.test.ts): each was a 500.
  const json = (body: unknown, method = "POST") =>
    new Request("http://x/api", { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const answer = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: string; issues: { path: string; message: string }[] }) });

  it("an audit filter from or to the year 0000 (the database has no year 0)", async () => {
    const res = await answer(await h.audit!(new Request("http://x/api/audit?from=0000-01-01&to=9999-12-31")));
    expect(res.status).toBe(400);
    expect(res.issues).toEqual([
      { path: "from", message: "must be a date between 2000-01-01 and 2100-12-31" },
      { path: "to", message: "must be a date between 2000-01-01 and 2100-12-31" },
    ]);
    expect((await h.audit!(new Request("http://x/api/audit?from=2025-01-01&to=2100-12-31"))).status).toBe(200);
  });

  it("a NUL in an account's name, new or changed (the insert failed)", async () => {
    const account = { email: "nul-name@example.vn", password: "mat-khau-du-dai-2026", binding: { role: "viewer", unitId: "d-101", structure: "pre2025" } };
    const created = await answer(await h.createUser!(json({ ...account, name: "Người\u0000xem" })));
    expect(created).toMatchObject({
      status: 400,
      issues: [{ path: "name", message: "contains the control character U+0000 at position 6 (a single line of text)" }],
    });
    const ok = await h.createUser!(json({ ...account, name: "  Người xem  " }));
    expect(ok.status).toBe(201);
    const { user } = (await ok.json()) as { user: { id: string; name: string } };
    expect(user.name).toBe("Người xem");
    const changed = await answer(await h.updateUser!(json({ name: "a\u0000" }, "PATCH"), { params: Promise.resolve({ id: user.id }) }));
    expect(changed).toMatchObject({ status: 400, issues: [{ path: "name" }] });
  });

  it("a JSON body past 2 MB is a 413 (declared or not); one nested deeper than 32 levels a 400", async () => {
    const big = JSON.stringify({ unit: "d-101", structure: "pre2025", date: "2023-11-06", skip: ["x".repeat(3 * 1024 * 1024)] });
    const res = await answer(await h.run!(json(big)));
    expect(res).toMatchObject({ status: 413, issues: [{ path: "(body)", message: "larger than 2 MB" }] });
    expect(res.error).toContain("Body too large: at most 2 MB");
    // Streamed without a length: cut off once past the limit.
    const chunk = new TextEncoder().encode(" ".repeat(1024 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const streamed = await h.run!(new Request("http://x/api", { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(await answer(await h.run!(json(deep)))).toMatchObject({ status: 400, issues: [{ path: "(body)", message: "nested deeper than 32 levels" }] });
    const nested = (n: number) => `{"unit":"d-101","structure":"pre2025","date":"2023-11-06","x":${"[".repeat(n)}${"]".repeat(n)}}`;
    expect((await answer(await h.run!(json(nested(31))))).status).toBe(200); // an unknown key, 32 levels in all: read, then ignored
    expect((await answer(await h.run!(json(nested(32))))).issues).toEqual([{ path: "(body)", message: "nested deeper than 32 levels" }]);
  });
});

describe("HTTP methods a web Request cannot carry", () => {
  it("TRACE gets 405 with Allow before the handler (which, like Next.js, builds a web Request and would fail); other methods pass", async () => {
    guardHttpMethods();
    guardHttpMethods(); // idempotent
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.method!);
      try {
        void new Request(`http://x${req.url}`, { method: req.method });
        res.writeHead(200).end("ok");
      } catch {
        res.writeHead(500).end("the handler could not represent the request");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const send = (method: string) =>
      new Promise<{ status: number; allow?: string; body: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: "/", method }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const r = await send("TRACE");
      expect(r.status).toBe(405);
      expect(r.allow).toBe(ALLOWED_METHODS.join(", "));
      expect(JSON.parse(r.body)).toMatchObject({ error: "Method TRACE not allowed" });
      // TRACK is not even an HTTP method to Node's parser: it answers 400 itself.
      expect((await send("TRACK")).status).toBe(400);
      expect((await send("GET")).status).toBe(200);
      expect(seen).toEqual(["GET"]);
    } finally {
      server.close();
    }
  });
  it("methodNotAllowed (for the proxy): 405 with Allow for PROPFIND, null for GET", async () => {
    const r = methodNotAllowed({ method: "PROPFIND" })!;
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(methodNotAllowed({ method: "get" })).toBeNull();
  });
});

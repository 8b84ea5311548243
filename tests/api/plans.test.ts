// /api/plans route handlers called directly on a private copy of the seeded PGlite database:
// parse first (400 naming the bad field), 404 for a missing unit, small counts withheld, and the
// scenario round trip (save → list → delete).
import { describe, it, expect, beforeAll } from "vitest";
import type { RunResult } from "@/app/_screens/plans";
import type { ScenarioSummary } from "../../db/queries/plans";
import { setupRouteEnv, type Handler } from "../support/route-env";
import { scopeOf } from "@/db/queries/scope";

const env = setupRouteEnv();
let runPOST: Handler;
let scenGET: Handler, scenPOST: Handler, scenDELETE: Handler;

beforeAll(async () => {
  // As the demo planner of Điện Biên (p-11).
  runPOST = await env.handler("plans/run", "POST");
  scenGET = await env.handler("plans/scenarios", "GET");
  scenPOST = await env.handler("plans/scenarios", "POST");
  scenDELETE = await env.handler("plans/scenarios", "DELETE");
});

const post = (h: Handler, body: unknown) =>
  h(
    new Request("http://x/api", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  );
const BASE = { unit: "d-101", structure: "pre2025", date: "2023-11-06" };
interface ErrorBody {
  error: string;
  issues: { path: string; message: string }[];
}

/** Every count in a run result: none may be 1–4 (those are withheld as null). */
function counts(r: RunResult): (number | null)[] {
  return [
    ...r.hamlets.flatMap((h) => [h.notActivated, h.served]),
    ...r.wifi.picks.flatMap((p) => [p.gain, p.cumulative]),
    r.wifi.peopleReached,
    r.wifi.demandPeople,
    ...r.teams.itineraries.flatMap((t) => [t.served, ...t.days.flatMap((d) => [d.served, ...d.visits.map((v) => v.served)])]),
    r.teams.totals.served,
    ...r.teams.byDate.flatMap((b) => [b.served, b.cumulative]),
  ];
}

describe("POST /api/plans/run", () => {
  it.each([
    ["unit", { ...BASE, unit: "<x>" }],
    ["date", { ...BASE, date: "06/11/2023" }],
    ["wifi.radiusKm", { ...BASE, wifi: { radiusKm: -1 } }],
    ["teams.teams", { ...BASE, teams: { teams: 0 } }],
    ["selection.hamletIds", { ...BASE, selection: { mode: "manual", hamletIds: [] } }],
    ["addedCandidates.0.lat", { ...BASE, addedCandidates: [{ id: "user-1", name: "Điểm mới", lon: 103, lat: 123 }] }],
  ])("400 naming %s", async (path, body) => {
    const res = await post(runPOST, body);
    expect(res.status).toBe(400);
    const b = (await res.json()) as ErrorBody;
    expect(b.issues.map((i) => i.path)).toEqual([path]);
  });

  it("400 for a body that is not JSON, and for a base that is not a site of the unit", async () => {
    const res = await post(runPOST, "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).issues[0]!.path).toBe("(body)");
    const res2 = await post(runPOST, { ...BASE, teams: { baseSiteId: 999999 } });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as ErrorBody).issues[0]!.path).toBe("teams.baseSiteId");
  });

  it("404 for a unit not in the structure", async () => {
    const res = await post(runPOST, { ...BASE, structure: "post2025" });
    expect(res.status).toBe(404);
  });

  it("runs both planners for Điện Biên Đông with a user candidate; counts 1–4 withheld", async () => {
    const res = await post(runPOST, {
      ...BASE,
      wifi: { maxSites: 5 },
      teams: { teams: 3, days: 10 },
      addedCandidates: [{ id: "user-1", name: "Điểm mới", lon: 103.3, lat: 21.25 }],
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as RunResult;
    expect(r.hamlets).toHaveLength(198);
    expect(r.wifi.picks.length).toBeGreaterThan(0);
    expect(r.wifi.picks.length).toBeLessThanOrEqual(5);
    expect(r.wifi.boundRatio).toBeGreaterThan(0.6);
    expect(r.candidates.find((c) => c.id === "user-1")).toMatchObject({ added: true, cost: 15 + 35 + 60 });
    expect(r.teams.itineraries).toHaveLength(3);
    expect(r.teams.dates).toHaveLength(10);
    expect(r.teams.dates[0]).toBe("2023-11-06");
    expect(r.teams.scope.rateAfter!).toBeGreaterThan(r.teams.scope.rateBefore!);
    const cs = counts(r);
    expect(cs.filter((c) => c !== null && c >= 1 && c <= 4)).toEqual([]);
    // and the hamlets visited on the map are the ones in the itineraries
    const visited = r.teams.itineraries.flatMap((t) => t.days.flatMap((d) => d.visits.map((v) => v.hamletId))).sort();
    expect(
      r.hamlets
        .filter((h) => h.visit)
        .map((h) => h.id)
        .sort(),
    ).toEqual(visited);
  });

  it("a filter selection narrows what the teams visit", async () => {
    const res = await post(runPOST, { ...BASE, selection: { mode: "filter", noBroadband: true } });
    const r = (await res.json()) as RunResult;
    const selected = r.hamlets.filter((h) => h.selected);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every((h) => !h.broadband)).toBe(true);
    expect(r.hamlets.filter((h) => h.visit).every((h) => h.selected)).toBe(true);
  });

  it("a priority selection takes the top of the gap analysis' ranking under the chosen preset", async () => {
    const res = await post(runPOST, { ...BASE, selection: { mode: "priority", preset: "mobileTeams", top: 12 } });
    expect(res.status).toBe(200);
    const r = (await res.json()) as RunResult;
    const selected = r.hamlets
      .filter((h) => h.selected)
      .map((h) => h.id)
      .sort();
    // The same ranking as /priorities computes it, independently here.
    const { priorityHamlets } = await import("../../db/queries/priorities");
    const { gapRows } = await import("@/app/_screens/priorities");
    const { rankRows } = await import("@/app/_screens/priorities");
    const { PRIORITY_PRESETS } = await import("../../geo/priority-score");
    const { getDb } = await import("../../db");
    const data = await priorityHamlets({ db: await getDb(), scope: scopeOf("d-101", "pre2025"), date: "2023-11-06" });
    const top = rankRows(gapRows(data.hamlets), PRIORITY_PRESETS.mobileTeams)
      .filter((x) => x.bottleneck !== "none")
      .slice(0, 12)
      .map((x) => x.id)
      .sort();
    expect(selected).toEqual(top);
    const bad = await post(runPOST, { ...BASE, selection: { mode: "priority", preset: "nope" } });
    expect(bad.status).toBe(400);
  });
});

describe("/api/plans/scenarios", () => {
  it("400s name the field; save → list → delete round trip; 404 for a scenario not in scope", async () => {
    expect((await scenGET(new Request("http://x/api?unit=d-101"))).status).toBe(400);
    const bad = await post(scenPOST, { name: "", request: BASE });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).issues.map((i) => i.path)).toEqual(["name"]);

    const saved = await post(scenPOST, { name: "Kịch bản A", request: { ...BASE, teams: { teams: 2, days: 5 } } });
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: number };
    const list = (await (await scenGET(new Request("http://x/api?unit=d-101&structure=pre2025"))).json()) as { scenarios: ScenarioSummary[] };
    const s = list.scenarios.find((x) => x.id === id)!;
    expect(s.name).toBe("Kịch bản A");
    expect(s.plan.request.teams.teams).toBe(2);
    expect(s.plan.summary.byDate).toHaveLength(5);
    expect((await scenDELETE(new Request(`http://x/api?unit=d-103&structure=pre2025&id=${id}`))).status).toBe(404);
    expect((await scenDELETE(new Request(`http://x/api?unit=d-101&structure=pre2025&id=${id}`))).status).toBe(200);
    const after = (await (await scenGET(new Request("http://x/api?unit=d-101&structure=pre2025"))).json()) as { scenarios: ScenarioSummary[] };
    expect(after.scenarios.map((x) => x.id)).not.toContain(id);
  });
});

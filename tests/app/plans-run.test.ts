// The page's pure parts: hamlet selection (the seam for the priority ranking), runPlans (both planners
// on a scope's inputs, counts 1–4 withheld), the scenario summary, and the map style registry.
import { describe, it, expect } from "vitest";
// The style spec's validator ships with maplibre-gl (its own dependency): used here to check the layer registry.
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { PlanInputs } from "@/db/queries/plans";
import { runRequestSchema, scenarioPlanSchema } from "@/geo/plan-schema";
import { runPlans, scenarioOf, selectHamlets } from "@/app/_screens/plans";
import { planSources } from "@/app/plans/_components/map-sources";
import { MAPS, drawOrder } from "@/app/_map/layers";
import { PLAN_LAYER_IDS } from "@/app/_map/layers/plans";
import { mapStyle } from "@/app/_map/style";
import { csv, csvCell, clock } from "@/app/plans/_components/format";

const KM = 180 / (Math.PI * 6371.0088);
/** A small scope: 12 hamlets on a line east of a commune HQ, every third without broadband. */
function inputs(): PlanInputs {
  const hamlets = Array.from({ length: 12 }, (_, i) => ({
    id: `h-00001-${String(i + 1).padStart(2, "0")}`,
    name: `Bản ${i + 1}`,
    communeName: i < 6 ? "Xã A" : "Xã B",
    lon: 103 + (i + 1) * 2 * KM,
    lat: 21,
    asOf: "2023-11-06",
    eligible: 200 + i * 10,
    activated: i === 4 ? 197 + i * 10 : 120 + i * 5,
    away: 10,
    broadband: i % 3 !== 0,
  }));
  const sites = [
    {
      id: 1,
      kind: "commune_hq" as const,
      name: "Trụ sở UBND và Công an xã",
      hamletId: hamlets[0]!.id,
      lon: 103,
      lat: 21,
      power: "grid" as const,
      backhaul: "fiber" as const,
    },
    ...hamlets.map((h, i) => ({
      id: 10 + i,
      kind: (i % 2 ? "school" : "cultural_house") as "school" | "cultural_house",
      name: `Điểm ${h.name}`,
      hamletId: h.id,
      lon: h.lon + 0.1 * KM,
      lat: h.lat,
      power: "none" as const,
      backhaul: "none" as const,
    })),
    {
      id: 99,
      kind: "wifi_point" as const,
      name: "Điểm Wi-Fi công cộng",
      hamletId: hamlets[9]!.id,
      lon: hamlets[9]!.lon,
      lat: 21,
      power: "grid" as const,
      backhaul: "fiber" as const,
    },
  ];
  return { unit: { id: "c19-00001", name: "Xã Thử", bbox: [103, 20.9, 103.3, 21.1] }, date: "2023-11-06", hamlets, sites };
}
const request = (over: Record<string, unknown> = {}) => runRequestSchema.parse({ unit: "c19-00001", structure: "pre2025", date: "2023-11-06", ...over });

describe("selectHamlets", () => {
  it("filters by broadband, activation rate and people; manual picks keep input order", () => {
    const inp = inputs();
    expect(selectHamlets(inp.hamlets, { mode: "filter", noBroadband: false, maxActivationRate: null, minPeople: 0 })).toHaveLength(12);
    expect(selectHamlets(inp.hamlets, { mode: "filter", noBroadband: true, maxActivationRate: null, minPeople: 0 })).toEqual(
      inp.hamlets.filter((h) => !h.broadband).map((h) => h.id),
    );
    const low = selectHamlets(inp.hamlets, { mode: "filter", noBroadband: false, maxActivationRate: 0.6, minPeople: 0 });
    expect(low).toEqual(inp.hamlets.filter((h) => h.activated / h.eligible < 0.6).map((h) => h.id));
    expect(low.length).toBeGreaterThan(0);
    expect(low.length).toBeLessThan(12);
    expect(selectHamlets(inp.hamlets, { mode: "filter", noBroadband: false, maxActivationRate: null, minPeople: 5 })).not.toContain(inp.hamlets[4]!.id);
    expect(selectHamlets(inp.hamlets, { mode: "manual", hamletIds: [inp.hamlets[7]!.id, inp.hamlets[2]!.id, "h-nope"] })).toEqual([
      inp.hamlets[2]!.id,
      inp.hamlets[7]!.id,
    ]);
  });
});

describe("runPlans", () => {
  it("runs both planners on the selection, withholds counts 1–4, names sites with their commune", () => {
    const inp = inputs();
    const r = runPlans(inp, request({ teams: { teams: 2, days: 2 }, wifi: { maxSites: 2 } }));
    expect(r.hamlets).toHaveLength(12);
    // Hamlet 5 has 3 people not activated: withheld
    expect(r.hamlets[4]!.notActivated).toBeNull();
    expect(r.hamlets[0]!.notActivated).toBe(80);
    const counts = [
      ...r.hamlets.flatMap((h) => [h.notActivated, h.served]),
      ...r.wifi.picks.map((p) => p.gain),
      ...r.teams.itineraries.flatMap((t) => t.days.flatMap((d) => d.visits.map((v) => v.served))),
    ];
    expect(counts.filter((c) => c !== null && c >= 1 && c <= 4)).toEqual([]);
    expect(r.candidates.every((c) => c.name.endsWith("— Xã A") || c.name.endsWith("— Xã B"))).toBe(true);
    expect(r.candidates.some((c) => c.kind === "wifi_point")).toBe(false);
    expect(r.existingWifi).toHaveLength(1);
    // Wi-Fi: only hamlets without broadband, not near the existing point, count
    for (const p of r.wifi.picks) for (const id of p.catchmentHamletIds) expect(inp.hamlets.find((h) => h.id === id)!.broadband).toBe(false);
    expect(r.wifi.picks.flatMap((p) => p.catchmentHamletIds)).not.toContain(inp.hamlets[9]!.id);
    // Teams: base is the only commune HQ; team-days and cost follow from the itineraries
    expect(r.teams.base.id).toBe(1);
    const teamDays = r.teams.itineraries.reduce((s, t) => s + t.days.filter((d) => d.visits.length > 0).length, 0);
    expect(r.teams.totals.teamDays).toBe(teamDays);
    expect(r.teams.cost).toBeCloseTo(teamDays * 1.5, 9);
    expect(r.teams.scope.eligible).toBe(inp.hamlets.reduce((s, h) => s + h.eligible, 0));
  });

  it("teams visit only selected hamlets that are not skipped; added candidates join the Wi-Fi candidates", () => {
    const inp = inputs();
    const picked = [inp.hamlets[1]!.id, inp.hamlets[3]!.id, inp.hamlets[6]!.id];
    const r = runPlans(
      inp,
      request({
        selection: { mode: "manual", hamletIds: picked },
        skip: [inp.hamlets[3]!.id],
        addedCandidates: [{ id: "user-1", name: "Điểm mới", lon: inp.hamlets[6]!.lon, lat: 21 }],
      }),
    );
    const visited = r.hamlets.filter((h) => h.visit).map((h) => h.id);
    expect(visited.every((id) => picked.includes(id) && id !== inp.hamlets[3]!.id)).toBe(true);
    expect(visited.length).toBeGreaterThan(0);
    expect(r.hamlets.filter((h) => h.selected).map((h) => h.id)).toEqual(picked);
    expect(r.hamlets.find((h) => h.id === inp.hamlets[0]!.id)!.status).toBe("not_selected");
    expect(r.candidates.find((c) => c.id === "user-1")).toMatchObject({ added: true, cost: 110 });
    // hamlet 7 (index 6) has no broadband and the added site sits on it
    expect(r.wifi.picks[0]!.candidateId === "user-1" || r.wifi.picks.some((p) => p.catchmentHamletIds.includes(inp.hamlets[6]!.id))).toBe(true);
  });

  it("a hamlet choice from outside (the priority ranking's seam) replaces the selection; weights steer the teams", () => {
    const inp = inputs();
    // One team, one 6-hour day: time for one hamlet only. Without weights the team takes the best
    // people-per-minute hamlet; weighting a far one heavily sends it there instead.
    const req = request({ teams: { teams: 1, days: 1, workingHours: 6 } });
    const ids = [inp.hamlets[0]!.id, inp.hamlets[11]!.id];
    const plain = runPlans(inp, req, { ids });
    expect(plain.hamlets.filter((h) => h.selected).map((h) => h.id)).toEqual(ids);
    const firstPlain = plain.teams.itineraries[0]!.days[0]!.visits.map((v) => v.hamletId);
    expect(firstPlain).toEqual([inp.hamlets[0]!.id]);
    const weighted = runPlans(inp, req, { ids, weights: new Map([[inp.hamlets[11]!.id, 10]]) });
    expect(weighted.teams.itineraries[0]!.days[0]!.visits.map((v) => v.hamletId)).toEqual([inp.hamlets[11]!.id]);
  });

  it("a base site that is not in the scope is refused", () => {
    expect(() => runPlans(inputs(), request({ teams: { baseSiteId: 12345 } }))).toThrow(/baseSiteId 12345 is not a site of c19-00001/);
  });

  it("scenarioOf gives a plan the scenario schema accepts, with the run's figures", () => {
    const req = request();
    const r = runPlans(inputs(), req);
    const plan = scenarioPlanSchema.parse(scenarioOf(req, r));
    expect(plan.summary.wifiSites).toBe(r.wifi.picks.length);
    expect(plan.summary.teamServed).toBe(r.teams.totals.served);
    expect(plan.summary.byDate).toHaveLength(r.teams.dates.length);
    expect(plan.request).toEqual(req);
  });
});

describe("plans map style", () => {
  it("every layer of the registry is valid MapLibre style, on a source the page fills; clickable layers exist", () => {
    const r = runPlans(inputs(), request());
    const style = mapStyle(MAPS.plans);
    expect(validateStyleMin(style)).toEqual([]);
    const ids = drawOrder(MAPS.plans).map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The communes come with the page; every other source is filled from a run.
    const filled = ["planCommunes", ...Object.keys(planSources(r))];
    for (const l of MAPS.plans) expect(filled).toContain(l.source);
    for (const id of [PLAN_LAYER_IDS.wifi, PLAN_LAYER_IDS.hamlets, PLAN_LAYER_IDS.candidates, PLAN_LAYER_IDS.base])
      expect(drawOrder(MAPS.plans).find((d) => d.id === id)?.sub.click).toBe(true);
    // no remote resources: no glyphs, sprite or tile URLs
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
  });

  it("routes: one line per team-day with visits, from the base and back to it each day", () => {
    const r = runPlans(inputs(), request({ teams: { teams: 2, days: 3 } }));
    const s = planSources(r);
    const days = r.teams.itineraries.flatMap((t) => t.days.filter((d) => d.visits.length > 0));
    expect(s.planRoutes.features).toHaveLength(days.length);
    for (const f of s.planRoutes.features) {
      const c = (f.geometry as { coordinates: number[][] }).coordinates;
      expect(c[0]).toEqual([r.teams.base.lon, r.teams.base.lat]);
      expect(c.at(-1)).toEqual([r.teams.base.lon, r.teams.base.lat]);
    }
    expect(s.planCatchments.features).toHaveLength(r.wifi.picks.length);
  });
});

describe("format helpers", () => {
  it("clock times, CSV cells (quotes, formulas), BOM", () => {
    expect(clock("07:30", 95)).toBe("09:05");
    expect(clock("07:30", 0.4)).toBe("07:30");
    expect(csvCell('Bản "Mới", Xã A')).toBe('"Bản ""Mới"", Xã A"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
    expect(csv(["a", "b"], [[1, "x"]])).toBe("\ufeffa,b\r\n1,x\r\n");
  });
});

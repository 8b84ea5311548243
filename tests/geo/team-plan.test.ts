import { describe, it, expect, vi } from "vitest";
import { distance } from "@turf/turf";
import { planTeams, TEAM_PLAN_DEFAULTS, type TeamPlan, type TeamPlanOptions, type TeamStop } from "../../geo/team-plan";
import { exactTeams } from "./exact";
import { mulberry32 } from "./helpers";

/** Degrees of longitude per km on the equator (turf's Earth radius, 6371.0088 km). */
const KM = 180 / (Math.PI * 6371.0088);
const BASE = { lon: 0, lat: 0 };

/** Travel minutes recomputed independently: turf distance × detour / speed. */
function minutes(a: { lon: number; lat: number }, b: { lon: number; lat: number }, o: TeamPlanOptions): number {
  const detour = o.detourFactor ?? TEAM_PLAN_DEFAULTS.detourFactor;
  const speed = o.speedKmh ?? TEAM_PLAN_DEFAULTS.speedKmh;
  return (distance([a.lon, a.lat], [b.lon, b.lat], { units: "kilometers" }) * detour * 60) / speed;
}

/** Every invariant a plan must satisfy, checked from the inputs alone. */
function checkPlan(stops: readonly TeamStop[], o: TeamPlanOptions, plan: TeamPlan, base = BASE): void {
  const D = o.days ?? TEAM_PLAN_DEFAULTS.days;
  const H = (o.workingHours ?? TEAM_PLAN_DEFAULTS.workingHours) * 60;
  const rate = o.peoplePerHour ?? TEAM_PLAN_DEFAULTS.peoplePerHour;
  const setup = o.setupMinutes ?? TEAM_PLAN_DEFAULTS.setupMinutes;
  const turnout = o.turnout ?? TEAM_PLAN_DEFAULTS.turnout;
  const rest = o.restWeekdays ?? [];
  const returnDaily = o.returnDaily ?? TEAM_PLAN_DEFAULTS.returnDaily;
  const byId = new Map(stops.map((s) => [s.id, s]));
  const skip = new Set(o.skip ?? []);
  // dates
  expect(plan.dates).toHaveLength(D);
  expect(plan.dates[0]! >= o.startDate).toBe(true);
  plan.dates.forEach((d, i) => {
    expect(rest).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    if (i > 0) expect(d > plan.dates[i - 1]!).toBe(true);
  });
  expect(plan.teams).toHaveLength(o.teams ?? TEAM_PLAN_DEFAULTS.teams);
  const seen = new Set<string>();
  let served = 0;
  let travel = 0;
  for (const team of plan.teams) {
    expect(team.days.map((d) => d.date)).toEqual(plan.dates);
    let where = "base";
    team.days.forEach((day, k) => {
      expect(day.startsAt).toBe(returnDaily ? "base" : where);
      const at = (id: string) => (id === "base" ? base : byId.get(id)!);
      let clock = 0;
      let prev = day.startsAt;
      let legs = 0;
      for (const v of day.visits) {
        // each hamlet visited at most once, never a skipped one
        expect(seen.has(v.hamletId)).toBe(false);
        seen.add(v.hamletId);
        expect(skip.has(v.hamletId)).toBe(false);
        const s = byId.get(v.hamletId)!;
        expect(v.travelMin).toBeCloseTo(minutes(at(prev), s, o), 6);
        clock += v.travelMin;
        expect(v.arriveMin).toBeCloseTo(clock, 6);
        // served ≤ people remaining (and ≤ the turnout); service time follows from it
        expect(v.served).toBeGreaterThan(0);
        expect(v.served).toBeLessThanOrEqual(Math.floor(s.people * turnout));
        expect(v.served).toBeLessThanOrEqual(s.people);
        expect(v.serviceMin).toBeCloseTo(setup + (v.served * 60) / rate, 6);
        expect(v.departMin).toBeCloseTo(clock + v.serviceMin, 6);
        clock += v.serviceMin;
        legs += v.travelMin;
        prev = v.hamletId;
      }
      const endsAtBase = returnDaily || k === D - 1;
      if (endsAtBase) expect(day.endsAt).toBe("base");
      const back = day.endsAt === "base" && prev !== "base" ? minutes(at(prev), base, o) : 0;
      if (day.endsAt !== "base") expect(day.endsAt).toBe(prev);
      expect(day.travelMin).toBeCloseTo(legs + back, 6);
      expect(day.workMin).toBeCloseTo(day.travelMin + day.serviceMin, 6);
      // no day exceeds the working hours
      expect(day.workMin).toBeLessThanOrEqual(H + 1e-6);
      expect(day.served).toBe(day.visits.reduce((x, v) => x + v.served, 0));
      served += day.served;
      travel += day.travelMin;
      where = day.endsAt;
    });
  }
  // totals and projections agree with the itineraries
  expect(plan.totals.served).toBe(served);
  expect(plan.totals.travelMin).toBeCloseTo(travel, 6);
  expect(plan.totals.hamletsVisited).toBe(seen.size);
  expect(plan.hamlets).toHaveLength(stops.length);
  plan.hamlets.forEach((hp, i) => {
    const s = stops[i]!;
    expect(hp.id).toBe(s.id);
    expect(hp.remaining).toBe(s.people - hp.served);
    expect(hp.status === "visited").toBe(seen.has(s.id));
    if (skip.has(s.id)) expect(hp.status).toBe("skipped");
    if (s.eligible && s.activated !== undefined) expect(hp.rateAfter).toBeCloseTo((s.activated + hp.served) / s.eligible, 12);
  });
  expect(plan.hamlets.reduce((x, hp) => x + hp.served, 0)).toBe(served);
  expect(plan.byDate.at(-1)!.cumulative).toBe(served);
  expect(plan.scope.activatedAfter).toBe(plan.scope.activatedBefore + served);
}

function randomStops(seed: number, n: number, spreadKm: number): { stops: TeamStop[]; r: () => number } {
  const r = mulberry32(seed);
  const stops = Array.from({ length: n }, (_, i) => {
    const eligible = 50 + Math.floor(r() * 400);
    const activated = Math.floor(eligible * (0.5 + r() * 0.45));
    return { id: `h${i}`, lon: (r() - 0.5) * spreadKm * KM, lat: (r() - 0.5) * spreadKm * KM, people: eligible - activated, eligible, activated };
  });
  return { stops, r };
}

describe("planTeams", () => {
  it("fixture issue6-two-sides: one team, one day takes the pair that fills the day exactly (known optimum)", () => {
    // 2 min per km (30 km/h, no detour), 1 person per minute, no setup, 4 h.
    // A: 10 km east (60 people), B: 10 km west (60), C: 20 km east (100).
    // {A, C}: 20 + 60 + 20 + 100 + 40 = 240 min = the day, 160 people; {A, B}: 200 min, 120 people.
    const stops = [
      { id: "A", lon: 10 * KM, lat: 0, people: 60 },
      { id: "B", lon: -10 * KM, lat: 0, people: 60 },
      { id: "C", lon: 20 * KM, lat: 0, people: 100 },
    ];
    const o: TeamPlanOptions = {
      teams: 1,
      days: 1,
      startDate: "2023-11-06",
      workingHours: 4,
      peoplePerHour: 60,
      setupMinutes: 0,
      turnout: 1,
      speedKmh: 30,
      detourFactor: 1,
    };
    const plan = planTeams(BASE, stops, o);
    checkPlan(stops, o, plan);
    expect(plan.teams[0]!.days[0]!.visits.map((v) => v.hamletId)).toEqual(["A", "C"]);
    expect(plan.totals.served).toBe(160);
    expect(plan.totals.travelMin).toBeCloseTo(80, 6);
    expect(plan.hamlets.find((x) => x.id === "B")!.status).toBe("not_visited");
    // with two days, all three
    const two = planTeams(BASE, stops, { ...o, days: 2 });
    checkPlan(stops, { ...o, days: 2 }, two);
    expect(two.totals.served).toBe(220);
  });

  it("caps a visit at what fits in one day and marks hamlets too far for a round trip", () => {
    const stops = [
      { id: "big", lon: 5 * KM, lat: 0, people: 1000 },
      { id: "far", lon: 200 * KM, lat: 0, people: 50 },
    ];
    const o: TeamPlanOptions = { teams: 1, days: 1, startDate: "2023-11-06", workingHours: 8, peoplePerHour: 12, setupMinutes: 30, turnout: 1 };
    const plan = planTeams(BASE, stops, o);
    checkPlan(stops, o, plan);
    const big = plan.hamlets[0]!;
    // 8 h minus the round trip (2 × 5 km × 1.6 / 20 km/h = 48 min) minus 30 min setup = 402 min → 80 people
    expect(big.served).toBe(80);
    expect(big.remaining).toBe(920);
    expect(plan.hamlets[1]!.status).toBe("unreachable");
  });

  it("skips hamlets it is told to skip, and leaves out hamlets with nobody to serve", () => {
    const { stops } = randomStops(3, 15, 20);
    stops[0]!.people = 0;
    const o: TeamPlanOptions = { teams: 2, days: 5, startDate: "2023-11-06", skip: ["h1", "h2"] };
    const plan = planTeams(BASE, stops, o);
    checkPlan(stops, o, plan);
    expect(plan.hamlets[0]!.status).toBe("nothing_to_do");
    expect(plan.hamlets[1]!.status).toBe("skipped");
    expect(plan.totals.hamletsSkipped).toBe(2);
  });

  it("weights decide which hamlets come first when not all fit", () => {
    // Two equal hamlets on opposite sides, time for one: the weighted one wins.
    const stops = [
      { id: "west", lon: -5 * KM, lat: 0, people: 60 },
      { id: "east", lon: 5 * KM, lat: 0, people: 60, weight: 2 },
    ];
    const o: TeamPlanOptions = { teams: 1, days: 1, startDate: "2023-11-06", workingHours: 5, turnout: 1 };
    const plan = planTeams(BASE, stops, o);
    expect(plan.teams[0]!.days[0]!.visits.map((v) => v.hamletId)).toEqual(["east"]);
    expect(plan.totals.weightedServed).toBe(2 * plan.totals.served);
  });

  it("counts working dates from the start, skipping rest weekdays", () => {
    const plan = planTeams(BASE, [], { teams: 1, days: 6, startDate: "2023-11-09", restWeekdays: [0, 6] });
    expect(plan.dates).toEqual(["2023-11-09", "2023-11-10", "2023-11-13", "2023-11-14", "2023-11-15", "2023-11-16"]);
    expect(plan.totals.served).toBe(0);
  });

  it("projects the activation rate per hamlet, for the scope and by date", () => {
    const { stops } = randomStops(11, 30, 25);
    const o: TeamPlanOptions = { teams: 2, days: 4, startDate: "2023-11-06", scope: { eligible: 50_000, activated: 40_000 } };
    const plan = planTeams(BASE, stops, o);
    checkPlan(stops, o, plan);
    expect(plan.scope.rateBefore).toBeCloseTo(0.8, 12);
    expect(plan.scope.rateAfter).toBeCloseTo((40_000 + plan.totals.served) / 50_000, 12);
    let cum = 0;
    plan.byDate.forEach((d) => {
      cum += d.served;
      expect(d.cumulative).toBe(cum);
      expect(d.rate).toBeCloseTo((40_000 + cum) / 50_000, 12);
    });
    // without a scope: the sums over the stops
    const own = planTeams(BASE, stops, { ...o, scope: undefined });
    const el = stops.reduce((s, x) => s + x.eligible!, 0);
    expect(own.scope.eligible).toBe(el);
  });

  it("property (40 seeded instances × both modes): every invariant holds; search never loses to construction", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { stops, r } = randomStops(seed, 20 + Math.floor(r0(seed) * 80), 10 + r0(seed + 1) * 50);
      for (const returnDaily of [true, false]) {
        const o: TeamPlanOptions = {
          teams: 1 + Math.floor(r() * 4),
          days: 1 + Math.floor(r() * 6),
          startDate: "2023-11-06",
          returnDaily,
          workingHours: 5 + r() * 5,
          peoplePerHour: 6 + r() * 14,
          setupMinutes: Math.floor(r() * 45),
          turnout: 0.5 + r() * 0.5,
          speedKmh: 15 + r() * 25,
          detourFactor: 1 + r(),
          restWeekdays: seed % 2 ? [0] : [],
          skip: r() < 0.5 ? ["h0", "h5"] : [],
        };
        const plan = planTeams(BASE, stops, o);
        checkPlan(stops, o, plan);
        expect(plan.totals.weightedServed).toBeGreaterThanOrEqual(plan.search.constructionServed);
        if (plan.totals.weightedServed === plan.search.constructionServed)
          expect(plan.totals.travelMin).toBeLessThanOrEqual(plan.search.constructionTravelMin + 1e-6);
      }
    }
  });

  it("gap to the exact optimum on 60 seeded instances of ≤ 12 stops (daily returns): never above it, ≥ 97 % on average", () => {
    let sum = 0;
    let worst = 1;
    for (let seed = 1; seed <= 60; seed++) {
      const r = mulberry32(seed);
      const n = 8 + Math.floor(r() * 5);
      const stops = Array.from({ length: n }, (_, i) => ({
        id: `h${i}`,
        lon: (r() - 0.5) * 33 * KM,
        lat: (r() - 0.5) * 33 * KM,
        people: 10 + Math.floor(r() * 120),
      }));
      const teams = 1 + Math.floor(r() * 2),
        days = 1 + Math.floor(r() * 2);
      const o: TeamPlanOptions = { teams, days, startDate: "2023-11-06" };
      const plan = planTeams(BASE, stops, o);
      checkPlan(stops, o, plan);
      const pts = [BASE, ...stops];
      const exact = exactTeams(
        (a, b) => minutes(pts[a]!, pts[b]!, o),
        plan.hamlets.map((x) => x.serviceMin),
        plan.hamlets.map((x) => x.perVisit),
        teams * days,
        480,
      );
      expect(plan.totals.served).toBeLessThanOrEqual(exact.value + 1e-9);
      if (plan.totals.served === exact.value) expect(plan.totals.travelMin).toBeGreaterThanOrEqual(exact.travel - 1e-6);
      const ratio = exact.value > 0 ? plan.totals.served / exact.value : 1;
      sum += ratio;
      worst = Math.min(worst, ratio);
    }
    expect(sum / 60).toBeGreaterThanOrEqual(0.97);
    expect(worst).toBeGreaterThanOrEqual(0.85);
  });

  it("maxPasses 0 gives the construction alone", () => {
    const { stops } = randomStops(5, 60, 40);
    const o: TeamPlanOptions = { teams: 3, days: 3, startDate: "2023-11-06", maxPasses: 0 };
    const plan = planTeams(BASE, stops, o);
    checkPlan(stops, o, plan);
    expect(plan.search).toMatchObject({ passes: 0, moves: 0, evaluations: 0, converged: false, stop: "maxPasses" });
    expect(plan.totals.served).toBe(plan.search.constructionServed);
  });

  it("is deterministic: the same input gives the same plan twice, and with a clock that jumps 1 s per reading", () => {
    const { stops } = randomStops(21, 90, 40);
    const o: TeamPlanOptions = { teams: 3, days: 4, startDate: "2023-11-06" };
    const first = planTeams(BASE, stops, o);
    checkPlan(stops, o, first);
    // the search changed the construction, so stopping it early would show
    expect(first.search.moves).toBeGreaterThan(0);
    expect(first.search.converged).toBe(true);
    expect(planTeams(BASE, stops, o)).toEqual(first);
    // A wall-clock budget would stop at the first reading of this clock; the evaluation budget does not.
    let t = 0;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (t += 1000));
    try {
      expect(planTeams(BASE, stops, o)).toEqual(first);
    } finally {
      clock.mockRestore();
    }
  });

  it("maxEvaluations ends the search, the same way every time; timeLimitMs is only a safety net", () => {
    const { stops } = randomStops(21, 90, 40);
    const o: TeamPlanOptions = { teams: 3, days: 4, startDate: "2023-11-06" };
    const full = planTeams(BASE, stops, o);
    const cut: TeamPlanOptions = { ...o, maxEvaluations: Math.floor(full.search.evaluations / 3) };
    const a = planTeams(BASE, stops, cut);
    checkPlan(stops, cut, a);
    expect(a.search).toMatchObject({ converged: false, stop: "maxEvaluations" });
    // checked between moves: at most one move's scan (every place in every team) beyond the budget
    expect(a.search.evaluations).toBeGreaterThanOrEqual(cut.maxEvaluations!);
    expect(a.search.evaluations).toBeLessThan(cut.maxEvaluations! + stops.length * 3);
    expect(a.search.evaluations).toBeLessThan(full.search.evaluations);
    expect(a.totals.weightedServed).toBeGreaterThanOrEqual(a.search.constructionServed);
    expect(planTeams(BASE, stops, cut)).toEqual(a);
    // the wall-clock cap, read every 65 536 evaluations, ends a long search when the clock says so
    const big = randomStops(7, 300, 40).stops;
    const ob: TeamPlanOptions = { teams: 5, days: 10, startDate: "2023-11-06", returnDaily: false, timeLimitMs: 1 };
    let t = 0;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (t += 1000));
    try {
      const timed = planTeams(BASE, big, ob);
      checkPlan(big, ob, timed);
      expect(timed.search).toMatchObject({ converged: false, stop: "timeLimit" });
      expect(timed.search.evaluations).toBeGreaterThanOrEqual(65_536);
      expect(timed.search.evaluations).toBeLessThan(Math.min(2 * 65_536, planTeams(BASE, big, { ...ob, timeLimitMs: undefined }).search.evaluations));
    } finally {
      clock.mockRestore();
    }
  });

  it("never mutates its inputs", () => {
    const { stops } = randomStops(9, 25, 20);
    const o: TeamPlanOptions = { teams: 2, days: 3, startDate: "2023-11-06", skip: ["h3"], restWeekdays: [0], scope: { eligible: 9000, activated: 7000 } };
    const before = structuredClone({ stops, o });
    planTeams(Object.freeze({ ...BASE }), Object.freeze(stops.map((s) => Object.freeze(s))), Object.freeze(o));
    expect({ stops, o }).toEqual(before);
  });

  it("throws early with the bad value", () => {
    const s = [{ id: "a", lon: 0.01, lat: 0, people: 10 }];
    const ok: TeamPlanOptions = { startDate: "2023-11-06" };
    expect(() => planTeams(BASE, s, { ...ok, teams: 0 })).toThrow(/teams must be an integer in \[1, 50\], got 0/);
    expect(() => planTeams(BASE, s, { ...ok, days: 2.5 })).toThrow(/days must be an integer in \[1, 366\], got 2.5/);
    expect(() => planTeams(BASE, s, { ...ok, workingHours: 25 })).toThrow(/workingHours must be a number in \(0, 24\], got 25/);
    expect(() => planTeams(BASE, s, { ...ok, peoplePerHour: 0 })).toThrow(/peoplePerHour must be a number in \(0, Infinity\], got 0/);
    expect(() => planTeams(BASE, s, { ...ok, turnout: 1.2 })).toThrow(/turnout must be a number in \(0, 1\], got 1.2/);
    expect(() => planTeams(BASE, s, { ...ok, detourFactor: 0.9 })).toThrow(/detourFactor must be a number >= 1, got 0.9/);
    expect(() => planTeams(BASE, s, { ...ok, setupMinutes: -1 })).toThrow(/setupMinutes must be a number >= 0, got -1/);
    expect(() => planTeams(BASE, s, { ...ok, maxEvaluations: 1.5 })).toThrow(/maxEvaluations must be an integer in \[0, 1000000000000\], got 1.5/);
    expect(() => planTeams(BASE, s, { ...ok, timeLimitMs: 0 })).toThrow(/timeLimitMs must be a number in \(0, Infinity\], got 0/);
    expect(() => planTeams(BASE, s, { startDate: "06/11/2023" })).toThrow(/startDate must be a date YYYY-MM-DD, got 06\/11\/2023/);
    expect(() => planTeams(BASE, s, { ...ok, restWeekdays: [7] })).toThrow(/restWeekdays must hold integers 0–6, got 7/);
    expect(() => planTeams(BASE, s, { ...ok, restWeekdays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/leaves no working day/);
    expect(() => planTeams(BASE, s, { ...ok, scope: { eligible: -1, activated: 0 } })).toThrow(/scope must hold eligible and activated >= 0/);
    expect(() => planTeams({ lon: 0, lat: 100 }, s, ok)).toThrow(/base has bad coordinates \[0, 100\]/);
    expect(() => planTeams(BASE, [{ ...s[0]!, people: -3 }], ok)).toThrow(/stops\[0\] \(a\) people must be a number >= 0, got -3/);
    expect(() => planTeams(BASE, [{ ...s[0]!, lon: Number.NaN }], ok)).toThrow(/stops\[0\] \(a\) has bad coordinates \[NaN, 0\]/);
    expect(() => planTeams(BASE, [{ ...s[0]!, weight: -1 }], ok)).toThrow(/weight must be a number >= 0, got -1/);
    expect(() => planTeams(BASE, [{ ...s[0]!, eligible: 100, activated: -2 }], ok)).toThrow(/stops\[0\] \(a\) activated must be a number >= 0, got -2/);
    expect(() => planTeams(BASE, [{ ...s[0]!, eligible: Number.NaN }], ok)).toThrow(/eligible must be a number >= 0, got NaN/);
    expect(() => planTeams(BASE, [s[0]!, s[0]!], ok)).toThrow(/stops\[1\] duplicates the id "a" of stops\[0\]/);
  });
});

/** A seeded number in [0, 1) for instance sizes (independent of the instance's own generator). */
function r0(seed: number): number {
  return mulberry32(seed * 7919)();
}

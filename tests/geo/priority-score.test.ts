import { describe, it, expect } from "vitest";
import { distance } from "@turf/turf";
import type { FeatureCollection, Point } from "geojson";
import {
  priorityScores,
  priorityFactors,
  gapCauses,
  emptyCoverage,
  PRIORITY_FACTORS,
  PRIORITY_PRESETS,
  PRIORITY_PRESET_NAMES,
  FACTOR_NORMALISATION,
  GAP_DEFAULTS,
  type PriorityWeights,
  type PriorityRow,
  type PriorityFactorInput,
  type HamletGapInput,
} from "../../geo";
import { expectOutFixture, mulberry32, readFixture } from "./helpers";

type FixtureProps = HamletGapInput & Omit<PriorityFactorInput, "point"> & { id: string; name: string };
const fixture = readFixture<FeatureCollection<Point, FixtureProps>>("in/gap-hamlets.geojson");
const factorsOf = (f: FixtureProps, point: number[]) => priorityFactors({ ...f, point: [point[0]!, point[1]!] });
const zero = (): PriorityWeights => Object.fromEntries(PRIORITY_FACTORS.map((f) => [f, 0])) as PriorityWeights;
const BOTTLENECK_COLOUR: Record<string, string> = {
  infrastructure: "#d7191c",
  device: "#fdae61",
  access: "#abd9e9",
  process: "#2c7bb6",
  away: "#7b3294",
  none: "#999999",
};

describe("the fixture hamlets, analysed and scored (fixtures/out/gap-hamlets.geojson)", () => {
  const rows: PriorityRow[] = fixture.features.map((f) => ({ id: f.properties.id, factors: factorsOf(f.properties, f.geometry.coordinates) }));

  it("match the expected file (REGEN=1 rewrites it; open it on a map: colour = bottleneck)", () => {
    const scored = Object.fromEntries(PRIORITY_PRESET_NAMES.map((p) => [p, new Map(priorityScores(rows, PRIORITY_PRESETS[p]).map((s) => [s.id, s]))]));
    const out = {
      type: "FeatureCollection",
      features: fixture.features.map((f, i) => {
        const g = gapCauses(f.properties);
        return {
          type: "Feature",
          geometry: f.geometry,
          properties: {
            id: f.properties.id,
            name: f.properties.name,
            "marker-color": BOTTLENECK_COLOUR[g.bottleneck],
            ...g,
            factors: rows[i]!.factors,
            ranks: Object.fromEntries(PRIORITY_PRESET_NAMES.map((p) => [p, scored[p]!.get(f.properties.id)!.rank])),
            scores: Object.fromEntries(PRIORITY_PRESET_NAMES.map((p) => [p, scored[p]!.get(f.properties.id)!.score])),
            mobileTeamsExplanation: scored.mobileTeams!.get(f.properties.id)!.contributions,
          },
        };
      }),
    };
    expectOutFixture("gap-hamlets.geojson", out);
  });

  it("rank the far, unconnected hamlets first for mobile teams, and the hamlets without 4G first for Wi-Fi points", () => {
    const mobile = priorityScores(rows, PRIORITY_PRESETS.mobileTeams).map((s) => s.id);
    const wifi = priorityScores(rows, PRIORITY_PRESETS.wifiPoints).map((s) => s.id);
    // Huổi Sông (no signal, no grid, the farthest) and Háng Pa (no grid, weak 2G only, the most people left).
    expect(new Set(mobile.slice(0, 2))).toEqual(new Set(["no-signal", "no-broadband-no-grid"]));
    // Wi-Fi points: hamlets without 3G/4G first, and among them the one with grid power and fiber
    // (Pá Vạt, where a point can be installed) above Huổi Sông, which has neither.
    expect(new Set(wifi.slice(0, 2))).toEqual(new Set(["no-broadband-no-grid", "no-broadband-grid-fiber"]));
    expect(wifi.indexOf("no-broadband-grid-fiber")).toBeLessThan(wifi.indexOf("no-signal"));
    expect(mobile.indexOf("no-broadband-grid-fiber")).toBeGreaterThan(mobile.indexOf("no-signal"));
    // Nobody (or fewer than 5) left to activate: last under every preset.
    for (const p of PRIORITY_PRESET_NAMES) expect(["done", 'formula =1+1 "quoted"'], p).toContain(priorityScores(rows, PRIORITY_PRESETS[p]).at(-1)!.id);
    expect(new Set(wifi.slice(-2))).toEqual(new Set(["done", 'formula =1+1 "quoted"']));
  });
});

describe("priorityFactors", () => {
  const base = (): PriorityFactorInput => {
    const coverage = emptyCoverage();
    coverage.signal.viettel["2g"] = "weak";
    return {
      eligible: 300,
      received: 250,
      activated: 200,
      households: 80,
      poorHouseholds: 40,
      nearPoorHouseholds: 8,
      targetRate: 0.9,
      coverage,
      point: [103.3, 21.2],
      seat: [103.2, 21.2],
    };
  };

  it("computes each raw factor as documented", () => {
    const f = priorityFactors(base());
    expect(f.remaining).toBe(100);
    expect(f.targetGap).toBeCloseTo(0.9 - 250 / 300, 12);
    expect([f.noGrid, f.no2g, f.no4g, f.noFiber]).toEqual([1, GAP_DEFAULTS.partialDeficit, 1, 1]);
    expect(f.poverty).toBeCloseTo((40 + 0.5 * 8) / 80, 12);
    const km = distance([103.3, 21.2], [103.2, 21.2], { units: "kilometers" });
    expect(f.distance).toBeCloseTo(km * GAP_DEFAULTS.detourFactor, 9);
    expect(f.distance).toBeGreaterThan(15);
    expect(f.distance).toBeLessThan(16);
  });

  it("grades mobile deficits: good 4G 0, 3G or weak 4G partial, none 1; any good signal clears no2g", () => {
    const h = base();
    h.coverage.signal.vnpt["3g"] = "good";
    let f = priorityFactors(h);
    expect([f.no2g, f.no4g]).toEqual([0, GAP_DEFAULTS.partialDeficit]);
    h.coverage.signal.mobifone["4g"] = "good";
    h.coverage.grid = true;
    h.coverage.fiber.vnpt = true;
    f = priorityFactors(h);
    expect([f.noGrid, f.no2g, f.no4g, f.noFiber]).toEqual([0, 0, 0, 0]);
  });

  it("uses the fallback target without a target, no distance without a seat, and enters a withheld count as its stand-in", () => {
    expect(priorityFactors({ ...base(), targetRate: null }).targetGap).toBeCloseTo(1 - 250 / 300, 12);
    expect(priorityFactors({ ...base(), seat: null }).distance).toBe(0);
    expect(priorityFactors({ ...base(), eligible: 250, received: 250, activated: 247 }).remaining).toBe(GAP_DEFAULTS.withheldCountValue);
    expect(priorityFactors({ ...base(), activated: 250 }).remaining).toBe(50);
    expect(priorityFactors({ ...base(), eligible: 250, received: 250, activated: 250 }).remaining).toBe(0);
    expect(priorityFactors({ ...base(), received: 290 }).targetGap).toBe(0);
    expect(priorityFactors({ ...base(), households: 0, poorHouseholds: 0, nearPoorHouseholds: 0 }).poverty).toBe(0);
  });

  it("never mutates its input", () => {
    const h = base();
    const copy = structuredClone(h);
    priorityFactors(h);
    expect(h).toEqual(copy);
  });

  it("throws with the bad value", () => {
    expect(() => priorityFactors({ ...base(), eligible: -3 })).toThrow(/eligible must be a finite number >= 0, got -3/);
    expect(() => priorityFactors({ ...base(), households: Number.NaN })).toThrow(/households must be a finite number >= 0, got NaN/);
    expect(() => priorityFactors({ ...base(), received: 400 })).toThrow(/received \(400\) exceeds eligible \(300\)/);
    expect(() => priorityFactors({ ...base(), activated: 260 })).toThrow(/activated \(260\) exceeds received \(250\)/);
    expect(() => priorityFactors({ ...base(), poorHouseholds: 80 })).toThrow(/poor \+ near-poor households \(88\) exceed households \(80\)/);
    expect(() => priorityFactors({ ...base(), targetRate: -0.1 })).toThrow(/targetRate must be null or a finite number >= 0, got -0.1/);
    expect(() => priorityFactors({ ...base(), seat: [200, 21] })).toThrow(/seat must be \[lon, lat\], got \[200,21\]/);
    expect(() => priorityFactors({ ...base(), point: [103, Number.NaN] as unknown as [number, number] })).toThrow(
      /point must be \[lon, lat\], got \[103,null\]/,
    );
    expect(() => priorityFactors(base(), { detourFactor: 0.5 })).toThrow(/detourFactor must be >= 1, got 0.5/);
  });
});

describe("priorityScores invariants (random scopes and weights)", () => {
  const rnd = mulberry32(606);
  const randomRow = (i: number): PriorityRow => ({
    id: `h-${String(i).padStart(3, "0")}`,
    factors: {
      remaining: Math.floor(rnd() * 400),
      targetGap: rnd() < 0.3 ? 0 : rnd() * 0.4,
      noGrid: rnd() < 0.2 ? 1 : 0,
      no2g: [0, 0.5, 1][Math.floor(rnd() * 3)]!,
      no4g: [0, 0.5, 1][Math.floor(rnd() * 3)]!,
      noFiber: rnd() < 0.3 ? 1 : 0,
      poverty: rnd() * 0.9,
      distance: rnd() * 40,
    },
  });
  const randomWeights = (): PriorityWeights =>
    Object.fromEntries(PRIORITY_FACTORS.map((f) => [f, rnd() < 0.25 ? 0 : Math.round(rnd() * 10) - 3])) as PriorityWeights;
  const scopes = Array.from({ length: 30 }, (_, k) => ({ rows: Array.from({ length: 5 + k * 3 }, (_, i) => randomRow(i)), weights: randomWeights() }));
  const scoreOf = (rows: PriorityRow[], w: PriorityWeights, id: string) => priorityScores(rows, w).find((s) => s.id === id)!;

  it("every score is in [0, 1] and equals the sum of its contributions; ranks are 1..n by falling score", () => {
    for (const { rows, weights } of scopes) {
      const out = priorityScores(rows, weights);
      expect(out).toHaveLength(rows.length);
      out.forEach((s, i) => {
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
        const sum = PRIORITY_FACTORS.reduce((a, f) => a + s.contributions[f], 0);
        expect(Math.abs(sum - s.score)).toBeLessThan(1e-12);
        for (const f of PRIORITY_FACTORS) {
          expect(s.normalised[f]).toBeGreaterThanOrEqual(0);
          expect(s.normalised[f]).toBeLessThanOrEqual(1);
        }
        expect(s.rank).toBe(i + 1);
        if (i > 0) expect(out[i - 1]!.score).toBeGreaterThanOrEqual(s.score);
      });
    }
  });

  it("the hamlet with the most of a 'max' factor has it normalised to 1 (normalisation within the scope)", () => {
    const { rows, weights } = scopes[10]!;
    for (const f of PRIORITY_FACTORS.filter((x) => FACTOR_NORMALISATION[x] === "max")) {
      const top = rows.reduce((a, b) => (b.factors[f] > a.factors[f] ? b : a));
      expect(scoreOf(rows, weights, top.id).normalised[f]).toBe(1);
    }
    // The same hamlet scored in a smaller scope can get a different normalised value.
    const small = rows.slice(0, 3);
    const ids = small.map((r) => r.id);
    const inSmall = priorityScores(small, weights).filter((s) => ids.includes(s.id));
    expect(inSmall.some((s) => s.normalised.remaining === 1)).toBe(true);
  });

  it(
    "is monotone in each factor: raising a hamlet's raw value never lowers its score for a positive weight " +
      "(never raises it for a negative one), and moves it when its normalised value moves",
    () => {
      let strictly = 0,
        negatives = 0;
      for (const { rows, weights } of scopes.slice(0, 16)) {
        for (const f of PRIORITY_FACTORS.filter((x) => weights[x] !== 0)) {
          const i = Math.floor(rnd() * rows.length);
          const row = rows[i]!;
          const before = scoreOf(rows, weights, row.id);
          const raised = FACTOR_NORMALISATION[f] === "absolute" ? Math.min(1, row.factors[f] + 0.5) : row.factors[f] * 1.5 + 1;
          const changed = rows.map((r, k) => (k === i ? { ...r, factors: { ...r.factors, [f]: raised } } : r));
          const after = scoreOf(changed, weights, row.id);
          const sign = Math.sign(weights[f]);
          expect(sign * (after.score - before.score), `${f} (weight ${weights[f]}) of ${row.id}`).toBeGreaterThanOrEqual(-1e-15);
          if (after.normalised[f] > before.normalised[f]) {
            expect(sign * (after.score - before.score)).toBeGreaterThan(0);
            strictly++;
            if (sign < 0) negatives++;
          }
        }
      }
      expect(strictly).toBeGreaterThan(20);
      expect(negatives).toBeGreaterThan(2);
    },
  );

  it("a negative weight counts the factor's absence: contribution |w|/Σ|w| × (1 − normalised)", () => {
    const rows: PriorityRow[] = [
      { id: "fiber", factors: { ...zero(), remaining: 10, noFiber: 0 } },
      { id: "no-fiber", factors: { ...zero(), remaining: 10, noFiber: 1 } },
    ];
    const out = priorityScores(rows, { ...zero(), remaining: 1, noFiber: -3 });
    expect(out.map((s) => s.id)).toEqual(["fiber", "no-fiber"]);
    expect(out[0]!.contributions.noFiber).toBeCloseTo(3 / 4, 12);
    expect(out[1]!.contributions.noFiber).toBe(0);
    expect(out[0]!.score).toBeCloseTo(1, 12);
  });

  it("a weight of 0 removes a factor's effect: changing that factor anywhere changes no score and no rank", () => {
    for (const { rows, weights } of scopes.slice(0, 12)) {
      const f = PRIORITY_FACTORS[Math.floor(rnd() * PRIORITY_FACTORS.length)]!;
      const w = { ...weights, [f]: 0 };
      if (PRIORITY_FACTORS.every((x) => w[x] === 0)) continue;
      const before = priorityScores(rows, w);
      const scrambled = rows.map((r) => ({ ...r, factors: { ...r.factors, [f]: FACTOR_NORMALISATION[f] === "absolute" ? rnd() : rnd() * 1000 } }));
      const after = priorityScores(scrambled, w);
      expect(after.map((s) => [s.id, s.score])).toEqual(before.map((s) => [s.id, s.score]));
      expect(after.every((s) => s.contributions[f] === 0)).toBe(true);
    }
    // With a positive weight the same scrambling does change scores (the test above can fail).
    const { rows } = scopes[5]!;
    const w = { ...zero(), remaining: 1, distance: 1 };
    const scr = rows.map((r) => ({ ...r, factors: { ...r.factors, distance: rnd() * 1000 } }));
    expect(priorityScores(scr, w).map((s) => s.score)).not.toEqual(priorityScores(rows, w).map((s) => s.score));
  });

  it("all weights 0: every score is 0", () => {
    const out = priorityScores(scopes[0]!.rows, zero());
    expect(out.every((s) => s.score === 0 && PRIORITY_FACTORS.every((f) => s.contributions[f] === 0))).toBe(true);
  });

  it("scales: multiplying every weight by a positive constant changes nothing", () => {
    const { rows, weights } = scopes[7]!;
    const doubled = Object.fromEntries(PRIORITY_FACTORS.map((f) => [f, weights[f] * 3])) as PriorityWeights;
    const a = priorityScores(rows, weights),
      b = priorityScores(rows, doubled);
    expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
    b.forEach((s, i) => expect(s.score).toBeCloseTo(a[i]!.score, 12));
  });

  it("never mutates its input", () => {
    const { rows, weights } = scopes[3]!;
    const copy = structuredClone(rows),
      wCopy = structuredClone(weights);
    priorityScores(rows, weights);
    expect(rows).toEqual(copy);
    expect(weights).toEqual(wCopy);
  });

  it("throws with the bad value", () => {
    const rows = scopes[0]!.rows;
    expect(() => priorityScores(rows, { ...PRIORITY_PRESETS.balanced, poverty: Number.NaN })).toThrow(/weight poverty must be a finite number, got NaN/);
    expect(() => priorityScores(rows, { ...PRIORITY_PRESETS.balanced, distance: Number.POSITIVE_INFINITY })).toThrow(/weight distance .* got Infinity/);
    const { distance: _d, ...missing } = PRIORITY_PRESETS.balanced;
    expect(() => priorityScores(rows, missing as PriorityWeights)).toThrow(/weight distance .* got undefined/);
    const bad = [{ id: "x", factors: { ...rows[0]!.factors, remaining: -2 } }];
    expect(() => priorityScores(bad, PRIORITY_PRESETS.balanced)).toThrow(/rows\[0\] \(x\) factor remaining must be a finite number >= 0, got -2/);
    const deficit = [{ id: "y", factors: { ...rows[0]!.factors, no2g: 2 } }];
    expect(() => priorityScores(deficit, PRIORITY_PRESETS.balanced)).toThrow(/rows\[0\] \(y\) factor no2g is a deficit in \[0, 1\], got 2/);
    expect(() => priorityScores(null as unknown as PriorityRow[], PRIORITY_PRESETS.balanced)).toThrow(/rows must be an array, got null/);
  });

  it("every preset has a finite weight for every factor and at least one positive", () => {
    for (const p of PRIORITY_PRESET_NAMES) {
      expect(Object.keys(PRIORITY_PRESETS[p]).sort(), p).toEqual([...PRIORITY_FACTORS].sort());
      expect(PRIORITY_FACTORS.every((f) => Number.isFinite(PRIORITY_PRESETS[p][f]))).toBe(true);
      expect(PRIORITY_FACTORS.some((f) => PRIORITY_PRESETS[p][f] > 0)).toBe(true);
    }
  });
});

import { describe, it, expect } from "vitest";
import type { FeatureCollection, Point } from "geojson";
import { gapCauses, GAP_CAUSES, GAP_DEFAULTS, INTERVENTIONS, emptyCoverage, type HamletCoverage, type GapReasons, type HamletGapInput } from "../../geo";
import { mulberry32, readFixture } from "./helpers";

type FixtureProps = HamletGapInput & { id: string; name: string };
const fixture = readFixture<FeatureCollection<Point, FixtureProps>>("in/gap-hamlets.geojson");
const byId = (id: string) => fixture.features.find((f) => f.properties.id === id)!.properties;

const good = (): HamletCoverage => {
  const c = emptyCoverage();
  c.grid = true;
  c.fiber.viettel = true;
  c.signal.viettel = { "2g": "good", "3g": "good", "4g": "good" };
  return c;
};
const reasons = (p: Partial<GapReasons> = {}): GapReasons => ({
  away: 0,
  elderlySick: 0,
  noPhoneNumber: 0,
  simNotOwn: 0,
  noSmartphone: 0,
  handset2g: 0,
  noSignal: 0,
  other: 0,
  ...p,
});
const hamlet = (r: Partial<GapReasons>, coverage = good(), extra: Partial<HamletGapInput> = {}): HamletGapInput => {
  const rs = reasons(r);
  const left = Object.values(rs).reduce((a, b) => a + b, 0);
  return { eligible: 200, received: 200 - Math.floor(left / 2), activated: 200 - left, reasons: rs, coverage, ...extra };
};

describe("gapCauses on the fixture hamlets (tests/geo/fixtures/in/gap-hamlets.geojson)", () => {
  it.each([
    ["away-heavy", "away", "return_campaign", 50],
    ["device-heavy", "device", "device_support", 70],
    ["no-broadband-no-grid", "infrastructure", "mobile_team", 120 - 50],
    ["no-broadband-grid-fiber", "infrastructure", "wifi_point", 10],
    ["no-signal", "infrastructure", "mobile_team", 90 - 30],
    ["elderly", "access", "home_visits", 16],
    ["process", "process", "activation_support", 22],
    ["done", "none", "none", 0],
    ["no-broadband-all-away", "away", "return_campaign", 20],
    ["tie-device-access", "device", "device_support", 8],
    ['formula =1+1 "quoted"', "none", "none", 0],
  ] as const)("%s → bottleneck %s, %s reaching %i people", (id, bottleneck, intervention, reach) => {
    const g = gapCauses(byId(id));
    expect(g.bottleneck).toBe(bottleneck);
    expect(g.intervention).toBe(intervention);
    expect(g.reach).toBe(reach);
  });

  it("without mobile broadband, 'other' counts as infrastructure; with it, as process", () => {
    const h = byId("no-broadband-no-grid");
    expect(gapCauses(h).causes).toEqual({ infrastructure: 3 + 3, device: 8 + 9 + 30 + 5, access: 12, process: 0, away: 50 });
    const off = gapCauses(h, { noBroadbandMovesToInfrastructure: false });
    expect(off.causes).toEqual({ infrastructure: 3, device: 8 + 9 + 30 + 5, access: 12, process: 3, away: 50 });
    expect(gapCauses(byId("away-heavy")).causes).toEqual({ infrastructure: 0, device: 5 + 8 + 18 + 3, access: 10, process: 6, away: 50 });
  });

  it("splits the people still to activate into stages", () => {
    const g = gapCauses(byId("away-heavy"));
    expect([g.remaining, g.toEnroll, g.toActivate]).toEqual([100, 50, 50]);
  });
});

describe("gapCauses invariants (random hamlets)", () => {
  const rnd = mulberry32(5);
  const int = (n: number) => Math.floor(rnd() * n);
  const randomCoverage = (): HamletCoverage => {
    const c = emptyCoverage();
    c.grid = rnd() < 0.8;
    c.fiber.vnpt = rnd() < 0.5;
    const lv = () => (["none", "weak", "good"] as const)[int(3)]!;
    c.signal.viettel = { "2g": lv(), "3g": rnd() < 0.5 ? lv() : "none", "4g": rnd() < 0.4 ? lv() : "none" };
    return c;
  };
  const cases = Array.from({ length: 400 }, () => {
    const r = reasons({
      away: int(60),
      elderlySick: int(20),
      noPhoneNumber: int(10),
      simNotOwn: int(10),
      noSmartphone: int(40),
      handset2g: int(6),
      noSignal: int(8),
      other: int(15),
    });
    const left = Object.values(r).reduce((a, b) => a + b, 0);
    const activated = int(300);
    const eligible = activated + left;
    return { eligible, received: activated + int(left + 1), activated, reasons: r, coverage: randomCoverage() };
  });

  it("causes are non-negative and partition the people still to activate; the reach is part of them", () => {
    for (const h of cases) {
      const g = gapCauses(h);
      expect(GAP_CAUSES.every((c) => g.causes[c] >= 0)).toBe(true);
      expect(GAP_CAUSES.reduce((s, c) => s + g.causes[c], 0)).toBe(g.remaining);
      expect(g.toEnroll + g.toActivate).toBe(g.remaining);
      expect(g.reach).toBeGreaterThanOrEqual(0);
      expect(g.reach).toBeLessThanOrEqual(g.remaining);
      expect(g.reach).toBe(INTERVENTIONS[g.intervention].addresses.reduce((s, c) => s + g.causes[c], 0));
      expect(g.bottleneck === "none").toBe(g.remaining < GAP_DEFAULTS.minPeople);
      if (g.bottleneck !== "none" && g.bottleneck !== "infrastructure")
        expect(GAP_CAUSES.every((c) => g.causes[c] <= g.causes[g.bottleneck as typeof c])).toBe(true);
    }
    // The random set exercises every bottleneck but "none" at least once.
    const seen = new Set(cases.map((h) => gapCauses(h).bottleneck));
    expect(seen.has("infrastructure") && seen.has("away") && seen.has("device")).toBe(true);
  });

  it("never mutates its input", () => {
    for (const h of cases.slice(0, 50)) {
      const copy = structuredClone(h);
      gapCauses(h);
      expect(h).toEqual(copy);
    }
  });
});

describe("gapCauses rules", () => {
  it("a hamlet without 3G/4G with people present is an infrastructure bottleneck even when another cause is larger", () => {
    const c = emptyCoverage();
    c.signal.vnpt["2g"] = "good";
    const g = gapCauses(hamlet({ noSmartphone: 50, other: 5 }, c));
    expect(g.bottleneck).toBe("infrastructure");
    expect(g.intervention).toBe("mobile_team");
    // The same people with 4G: device.
    expect(gapCauses(hamlet({ noSmartphone: 50, other: 5 })).bottleneck).toBe("device");
  });

  it("minPeople and minPresentForInfrastructure are honoured", () => {
    expect(gapCauses(hamlet({ away: 2, other: 2 })).bottleneck).toBe("none");
    expect(gapCauses(hamlet({ away: 3, other: 1 }), { minPeople: 4 }).bottleneck).toBe("away");
    const c = emptyCoverage();
    expect(gapCauses(hamlet({ away: 30, other: 3 }, c)).bottleneck).toBe("away");
    expect(gapCauses(hamlet({ away: 30, other: 3 }, c), { minPresentForInfrastructure: 3 }).bottleneck).toBe("infrastructure");
  });

  it("throws with the bad value", () => {
    expect(() => gapCauses(hamlet({ other: 5 }, good(), { eligible: -1 }))).toThrow(/eligible must be an integer >= 0, got -1/);
    expect(() => gapCauses(hamlet({ other: 5 }, good(), { activated: 2.5 }))).toThrow(/activated must be an integer >= 0, got 2.5/);
    expect(() => gapCauses({ ...hamlet({ other: 5 }), received: 300 })).toThrow(/received \(300\) exceeds eligible \(200\)/);
    expect(() => gapCauses({ ...hamlet({ other: 5 }), activated: 199, received: 150 })).toThrow(/activated \(199\) exceeds received \(150\)/);
    expect(() => gapCauses({ ...hamlet({ other: 5 }), reasons: reasons({ other: 4 }) })).toThrow(/reasons sum to 4, but eligible − activated is 5/);
    expect(() => gapCauses({ ...hamlet({ other: 5 }), reasons: reasons({ other: 5, away: Number.NaN }) })).toThrow(
      /reasons.away must be an integer >= 0, got NaN/,
    );
    expect(() => gapCauses({ ...hamlet({ other: 5 }), coverage: null as unknown as HamletCoverage })).toThrow(/coverage must be a HamletCoverage, got null/);
  });
});

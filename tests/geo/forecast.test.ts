import { describe, it, expect } from "vitest";
import { linearRegression } from "simple-statistics";
import { forecastTarget, FORECAST_DEFAULTS, type ForecastOptions, type ForecastPoint } from "../../geo/forecast";
import { expectOutFixture, readFixture } from "./helpers";

interface Case {
  description: string;
  points: ForecastPoint[];
  target: number;
  deadline: string;
  options: ForecastOptions;
}
const load = (name: string) => readFixture<Case>(`in/${name}.json`);
const run = (c: Case) => forecastTarget(c.points, c.target, c.deadline, c.options);
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("forecastTarget (fixtures in tests/geo/fixtures/in/forecast-*.json)", () => {
  it("linear: an exact line gives the exact date, and the interval collapses onto it", () => {
    const c = load("forecast-linear");
    const f = run(c);
    // 100 people per 30 days from 0 on 2023-01-01: 1,500 on day 450.
    expect(f.status).toBe("not-before-deadline");
    expect(f.date).toBe(addDays("2023-01-01", 450));
    expect(f.earliest).toBe(f.date);
    expect(f.latest).toBe(f.date);
    expect(f.method.pacePerMonth).toBeCloseTo((100 / 30) * (365.25 / 12), 9);
    expect(f.method.residualSd).toBeCloseTo(0, 9);
    expect(f.method.points).toBe(FORECAST_DEFAULTS.window);
    expect(f.remaining).toBe(600);
    // A later deadline turns the same series into "before the deadline".
    expect(forecastTarget(c.points, c.target, "2024-12-31").status).toBe("before-deadline");
    expectOutFixture("forecast-linear.json", f);
  });

  it("recent pace: the fit uses only the last `window` points, not the whole history", () => {
    const c = load("forecast-recent-pace");
    const f = run(c);
    // Slow phase: 6,600 on day 360 at 100 per 30 days → 8,000 on day 360 + 420.
    expect(f.status).toBe("not-before-deadline");
    expect(f.date).toBe(addDays("2022-01-01", 780));
    expect(f.method.from).toBe(c.points[c.points.length - 6]!.date);
    // Fitting the whole history (window 13) says the opposite: before the deadline.
    const whole = forecastTarget(c.points, c.target, c.deadline, { window: c.points.length });
    expect(whole.status).toBe("before-deadline");
    expect(whole.date! < f.date!).toBe(true);
    expectOutFixture("forecast-recent-pace.json", f);
  });

  it("already met: status met on the first report at or above the target, no projection", () => {
    const c = load("forecast-met");
    const f = run(c);
    expect(f.status).toBe("met");
    expect(f.metOn).toBe("2023-04-30");
    expect(f.remaining).toBe(0);
    expect(f.projection).toEqual([]);
    // Exactly on target counts as met.
    expect(forecastTarget(c.points, 1050, c.deadline).status).toBe("met");
    expect(forecastTarget(c.points, 1051, c.deadline).status).not.toBe("met");
    expectOutFixture("forecast-met.json", f);
  });

  it("no progress: no date at this pace, and the projection stays flat or falls", () => {
    const c = load("forecast-no-progress");
    const f = run(c);
    expect(f.status).toBe("no-progress");
    expect(f.date).toBeNull();
    expect(f.latest).toBeNull();
    expect(f.method.pacePerMonth!).toBeLessThanOrEqual(0);
    expect(f.projection.length).toBeGreaterThan(0);
    expect(f.projection.every((p) => p.value <= 700)).toBe(true);
    expectOutFixture("forecast-no-progress.json", f);
  });

  it("noisy: the date sits inside its interval; a wider level widens it; the fit matches simple-statistics on raw days", () => {
    const c = load("forecast-noisy");
    const f = run(c);
    expect(f.date).not.toBeNull();
    expect(f.earliest! < f.date!).toBe(true);
    expect(f.date! < f.latest!).toBe(true);
    const wide = forecastTarget(c.points, c.target, c.deadline, { level: 0.95 });
    expect(wide.date).toBe(f.date);
    expect(wide.earliest! < f.earliest!).toBe(true);
    expect(wide.latest! > f.latest!).toBe(true);
    // Pace against an independent fit of the same window.
    const last6 = c.points.slice(-6).map((p) => [Date.parse(p.date) / 86_400_000, p.value]);
    expect(f.method.pacePerMonth!).toBeCloseTo(linearRegression(last6).m * (365.25 / 12), 6);
    // Projection: month ends after the last report, the fitted value inside its band, the band widening.
    for (const p of f.projection) {
      expect(p.low).toBeLessThan(p.value);
      expect(p.value).toBeLessThan(p.high);
      expect(p.date > c.points[c.points.length - 1]!.date).toBe(true);
    }
    const widths = f.projection.map((p) => p.high - p.low);
    expect(widths.every((w, i) => i === 0 || w > widths[i - 1]!)).toBe(true);
    expect(f.projection[f.projection.length - 1]!.date.slice(0, 7)).toBe(f.date!.slice(0, 7));
    expectOutFixture("forecast-noisy.json", f);
  });

  it("insufficient data: fewer than minPoints reports give no forecast", () => {
    const f = run(load("forecast-insufficient"));
    expect(f.status).toBe("insufficient-data");
    expect(f.date).toBeNull();
    expect(f.method.points).toBe(2);
    expect(forecastTarget([], 10, "2023-12-31").status).toBe("insufficient-data");
  });

  it("throws early with the bad value", () => {
    const pts = [
      { date: "2023-01-31", value: 1 },
      { date: "2023-02-28", value: 2 },
      { date: "2023-03-31", value: 3 },
    ];
    expect(() => forecastTarget([pts[1]!, pts[0]!], 10, "2023-12-31")).toThrow(/2023-02-28 then 2023-01-31/);
    expect(() => forecastTarget(pts, 10, "2023-02-30")).toThrow(/"2023-02-30"/);
    expect(() => forecastTarget([{ date: "31/01/2023", value: 1 }], 10, "2023-12-31")).toThrow(/"31\/01\/2023"/);
    expect(() => forecastTarget([{ date: "2023-01-31", value: -5 }], 10, "2023-12-31")).toThrow(/got -5/);
    expect(() => forecastTarget(pts, Number.NaN, "2023-12-31")).toThrow(/got NaN/);
    expect(() => forecastTarget(pts, 10, "2023-12-31", { level: 0.5 as 0.8 })).toThrow(/got 0.5/);
    expect(() => forecastTarget(pts, 10, "2023-12-31", { window: 1 })).toThrow(/got 1/);
    expect(() => forecastTarget(pts, 10, "2023-12-31", { minPoints: 2 })).toThrow(/got 2/);
  });

  it("does not change its input", () => {
    const c = load("forecast-noisy");
    const copy = structuredClone(c.points);
    run(c);
    expect(c.points).toEqual(copy);
  });
});

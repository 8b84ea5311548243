import { describe, it, expect } from "vitest";
import { MESSAGES } from "@/app/_i18n/messages";
import { INFRA_CATEGORIES, RATE_CLASSES, infraCategory, rateClass } from "@/app/_components/progress/classes";
import { parseProgressParams, previousReport, resolveDate, viewQuery } from "@/app/_screens/dashboard";
import { summarisePlan } from "@/app/_screens/briefing";

describe("briefing map classes (app/_components/progress/classes.ts)", () => {
  it("rate classes: ascending bounds from 0, distinct colours, a label in both languages", () => {
    expect(RATE_CLASSES[0]!.min).toBe(0);
    RATE_CLASSES.forEach((c, i) => {
      if (i > 0) expect(c.min).toBeGreaterThan(RATE_CLASSES[i - 1]!.min);
      expect(c.colour).toMatch(/^#[0-9a-f]{6}$/);
      for (const lang of ["vi", "en"] as const) expect(MESSAGES[lang].briefing.map.rateClasses[c.key], `${lang} ${c.key}`).toBeTruthy();
    });
    expect(new Set(RATE_CLASSES.map((c) => c.colour)).size).toBe(RATE_CLASSES.length);
    expect(Object.keys(MESSAGES.vi.briefing.map.rateClasses).sort()).toEqual(RATE_CLASSES.map((c) => c.key).sort());
  });
  it("a rate falls in the class whose lower bound it reaches; no rate is -1", () => {
    expect(rateClass(0)).toBe(0);
    expect(rateClass(0.4999)).toBe(0);
    expect(rateClass(0.5)).toBe(1);
    expect(rateClass(0.85)).toBe(3);
    expect(rateClass(0.95)).toBe(4);
    expect(rateClass(1.2)).toBe(4);
    expect(rateClass(null)).toBe(-1);
    expect(rateClass(Number.NaN)).toBe(-1);
  });
  it("infrastructure categories: the most serious gap wins; every category has its label", () => {
    const none = { no2g: false, noBroadband: false, noGrid: false, noFiber: false };
    expect(INFRA_CATEGORIES[infraCategory({ ...none, no2g: true, noBroadband: true, noGrid: true })]!.key).toBe("noSignal");
    expect(INFRA_CATEGORIES[infraCategory({ ...none, noBroadband: true, noGrid: true, noFiber: true })]!.key).toBe("noBroadband");
    expect(INFRA_CATEGORIES[infraCategory({ ...none, noGrid: true, noFiber: true })]!.key).toBe("noGrid");
    expect(INFRA_CATEGORIES[infraCategory({ ...none, noFiber: true })]!.key).toBe("noFiber");
    expect(INFRA_CATEGORIES[infraCategory(none)]!.key).toBe("complete");
    expect(Object.keys(MESSAGES.en.briefing.map.infraCategories).sort()).toEqual(INFRA_CATEGORIES.map((c) => c.key).sort());
  });
});

describe("view parameters (app/_screens/dashboard.ts)", () => {
  const dates = ["2023-08-31", "2023-09-15", "2023-10-31", "2023-11-06", "2023-12-31"];
  it("a date or a month resolves to the latest report on or before it", () => {
    expect(resolveDate(dates, undefined)).toBe("2023-12-31");
    expect(resolveDate(dates, "2023-11")).toBe("2023-11-06");
    expect(resolveDate(dates, "2023-11-05")).toBe("2023-10-31");
    expect(resolveDate(dates, "2023-09")).toBe("2023-09-15");
    expect(resolveDate(dates, "2022-01-01")).toBeNull();
  });
  it("the previous period is the last report before the date's month", () => {
    expect(previousReport(dates, "2023-11-06")).toBe("2023-10-31");
    expect(previousReport(dates, "2023-09-15")).toBe("2023-08-31");
    expect(previousReport(dates, "2023-08-31")).toBeNull();
  });
  it("parses the URL with defaults, and refuses a threshold below 5, bad units and bad dates", () => {
    const ok = parseProgressParams({ unit: "d-101", structure: "pre2025", date: "2023-11", lang: "en" });
    expect(ok.success && ok.data).toEqual({ unit: "d-101", structure: "pre2025", date: "2023-11", threshold: 5 });
    expect(parseProgressParams({}).success && parseProgressParams({}).data).toMatchObject({ unit: "p-11", structure: "post2025" });
    for (const bad of [{ threshold: "4" }, { unit: "<b>" }, { date: "2023-13" }, { date: "06/11/2023" }, { structure: "2025" }, { since: "2023-11" }]) {
      const r = parseProgressParams(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.path[0]).toBe(Object.keys(bad)[0]);
    }
    expect(viewQuery({ unit: "d-101", structure: "pre2025", date: "2023-11-06", threshold: 5 })).toBe("unit=d-101&structure=pre2025&date=2023-11-06");
    expect(viewQuery({ unit: "d-101", structure: "pre2025", threshold: 10 })).toBe("unit=d-101&structure=pre2025&threshold=10");
  });
});

describe("saved plan summary (app/_screens/briefing.ts)", () => {
  it("reads Wi-Fi sites, teams and totals where it finds them, without changing the plan", () => {
    const plan = {
      wifi: {
        sites: [
          { name: "Trường Na Son", people: 212 },
          { siteName: "Nhà văn hóa", peopleReached: 97 },
        ],
      },
      teams: [{ team: 2, days: [1, 2], hamlets: ["a", "b", "c"], peopleServed: 80 }],
      totals: { peopleReached: 389 },
    };
    const copy = structuredClone(plan);
    expect(summarisePlan(plan)).toEqual({
      wifiSites: [
        { name: "Trường Na Son", people: 212 },
        { name: "Nhà văn hóa", people: 97 },
      ],
      teams: [{ name: "2", days: 2, hamlets: 3, people: 80 }],
      peopleReached: 389,
    });
    expect(plan).toEqual(copy);
  });
  it("gives nulls for a plan it does not recognise", () => {
    expect(summarisePlan({ something: "else" })).toEqual({ wifiSites: null, teams: null, peopleReached: null });
    expect(summarisePlan("not an object")).toEqual({ wifiSites: null, teams: null, peopleReached: null });
  });
});

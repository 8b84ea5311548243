import { describe, expect, it } from "vitest";
import { parseCount, parseDate, parsePercent, looksLikeFormula, looksLikeMarkup, isWithheld } from "@/db/ingest/text/cells";

describe("counts as people write them", () => {
  it.each([
    ["1.234", 1234],
    ["1 234", 1234],
    ["1\u00a0234", 1234],
    ["1,234", 1234],
    ["12", 12],
    [" 7 ", 7],
    ["1.234.567", 1234567],
    [0, 0],
    [271, 271],
  ] as const)("%j → %d", (input, value) => {
    expect(parseCount(input)).toEqual({ ok: true, value });
  });
  it.each([
    ["-5", "negative"],
    [-5, "negative"],
    ["(12)", "negative"],
    ["mười", "notANumber"],
    ["12,5", "notInteger"],
    ["12.5", "notInteger"],
    [12.5, "notInteger"],
    ["=SUM(A1:A3)", "formulaText"],
    ["@A1", "formulaText"],
    ["+5", "formulaText"],
    ["1.23", "notInteger"],
    ["1.2.3", "notANumber"],
  ] as const)("%j → %s", (input, code) => {
    expect(parseCount(input)).toEqual({ ok: false, code });
  });
  it("empty, a dash and a withheld '<5' are no value", () => {
    for (const v of [null, "", "  ", "-", "<5", "< 5"]) expect(parseCount(v), String(v)).toBeNull();
    expect(isWithheld("<5")).toBe(true);
    expect(isWithheld("5")).toBe(false);
  });
});

describe("percentages and dates", () => {
  it("percent", () => {
    expect(parsePercent("87,1%")).toBeCloseTo(0.871, 10);
    expect(parsePercent("87.1 %")).toBeCloseTo(0.871, 10);
    expect(parsePercent(0.871)).toBeCloseTo(0.871, 10);
    expect(parsePercent("abc")).toBeNull();
  });
  it.each([
    ["31/01/2026", "2026-01-31"],
    ["1/2/2026", "2026-02-01"],
    ["31-01-2026", "2026-01-31"],
    ["31.01.2026", "2026-01-31"],
    ["2026-01-31", "2026-01-31"],
    ["01/2026", "2026-01-31"],
    ["tháng 2/2024", "2024-02-29"],
    ["Ngày 15/09/2023", "2023-09-15"],
    [46053, "2026-01-31"],
  ] as const)("%j → %s", (input, value) => {
    expect(parseDate(input)).toEqual({ ok: true, value });
  });
  it("a Date cell is read as its UTC day", () => {
    expect(parseDate(new Date(Date.UTC(2026, 0, 31)))).toEqual({ ok: true, value: "2026-01-31" });
  });
  it.each(["32/13/2026", "29/02/2025", "hôm qua", "2026/31/01", 3.5])("%j is not a date", (input) => {
    expect(parseDate(input)).toEqual({ ok: false, code: "notADate" });
  });
});

describe("dangerous text", () => {
  it("formula-like cells", () => {
    for (const t of ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1"]) expect(looksLikeFormula(t), t).toBe(true);
    for (const t of ["Háng Pa", "1-2", "a=b"]) expect(looksLikeFormula(t), t).toBe(false);
  });
  it("markup in names", () => {
    for (const t of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)"]) expect(looksLikeMarkup(t), t).toBe(true);
    for (const t of ["Háng Pa", "a < b", "5 > 3"]) expect(looksLikeMarkup(t), t).toBe(false);
  });
});

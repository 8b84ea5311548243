// The one formatter: counts by mode ("withheld" shows 1–4 as "<5"; "exact" as they are) and
// dd/MM/yyyy HH:mm instants in Vietnam's time (the audit log).
import { describe, expect, it } from "vitest";
import { formatter } from "@/app/_i18n/format";

describe("formatter", () => {
  it("withholds 1–4 by default and in withheld mode, not in exact mode", () => {
    expect(formatter("vi").count(3)).toBe("<5");
    expect(formatter("vi", "withheld").count(4)).toBe("<5");
    expect(formatter("vi", "exact").count(3)).toBe("3");
    expect(formatter("vi", "exact").count(1234)).toBe("1.234");
    expect(formatter("en", "exact").count(null)).toBe("—");
  });
  it("dateTime: dd/MM/yyyy HH:mm at UTC+7, the day rolling over; garbage as —", () => {
    expect(formatter("vi").dateTime("2025-12-04T05:02:46.123Z")).toBe("04/12/2025 12:02");
    expect(formatter("en").dateTime("2025-12-31T17:30:00Z")).toBe("01/01/2026 00:30");
    expect(formatter("vi").dateTime("not a date")).toBe("—");
    expect(formatter("vi").dateTime(null)).toBe("—");
  });
});

import { describe, it, expect } from "vitest";
import { DEFAULTS, parseViewState, serialiseViewState, VIEW_STATE_VERSION } from "@/app/_map/view-state";
import { DEFAULT_ON_LAYER_IDS } from "@/app/_map/layers";

describe("view state in the URL", () => {
  it("opens an old map link (?unit=&structure=, no version) with every other field at its default", () => {
    const s = parseViewState(new URLSearchParams("unit=d-101&structure=pre2025"));
    expect(s).toEqual({ ...DEFAULTS, unit: "d-101", structure: "pre2025", v: VIEW_STATE_VERSION });
    expect(s.layers).toEqual(DEFAULT_ON_LAYER_IDS);
  });

  it("round-trips every field: parse(serialise(s)) = s", () => {
    const s = parseViewState(
      new URLSearchParams(
        "v=1&unit=c19-03211&structure=pre2025&ind=reason_no_signal&method=manual&breaks=0.01,0.05&level=commune&layers=grid,coverage-4g" +
          "&op=viettel&tech=any&f=no4g,nogrid&act=60&date=2023-06-30&cmp=2022-08-25&at=103.1,21.5,9.25&k=4",
      ),
    );
    expect(s).toMatchObject({
      unit: "c19-03211",
      ind: "reason_no_signal",
      method: "manual",
      breaks: [0.01, 0.05],
      level: "commune",
      layers: ["grid", "coverage-4g"],
      op: "viettel",
      tech: "any",
      f: ["no4g", "nogrid"],
      act: 60,
      date: "2023-06-30",
      cmp: "2022-08-25",
      at: [103.1, 21.5, 9.25],
      k: 4,
    });
    expect(parseViewState(new URLSearchParams(serialiseViewState(s)))).toEqual(s);
  });

  it("keeps the rest of a link when one field is bad, and drops unknown list entries", () => {
    const s = parseViewState(
      new URLSearchParams("unit=<script>&structure=post2025&ind=nope&k=99&layers=grid,bogus&f=no4g,xyz&act=150&date=2023-13-45&at=999,0,3&breaks=3,1"),
    );
    expect(s.unit).toBe(DEFAULTS.unit);
    expect(s.ind).toBe(DEFAULTS.ind);
    expect(s.k).toBe(DEFAULTS.k);
    expect(s.layers).toEqual(["grid"]);
    expect(s.f).toEqual(["no4g"]);
    expect(s.act).toBeUndefined();
    expect(s.date).toBeUndefined();
    expect(s.at).toBeUndefined();
    expect(s.breaks).toEqual([]);
    expect(s.structure).toBe("post2025");
  });

  it("an empty layer list means all layers off (not the default)", () => {
    expect(parseViewState(new URLSearchParams("layers=")).layers).toEqual([]);
    const s = { ...DEFAULTS, layers: [] };
    expect(parseViewState(new URLSearchParams(serialiseViewState(s))).layers).toEqual([]);
  });

  it("keeps extra parameters such as lang and writes equal states as equal links", () => {
    const q = serialiseViewState({ ...DEFAULTS, f: ["nogrid"] }, { lang: "en" });
    expect(new URLSearchParams(q).get("lang")).toBe("en");
    expect(q).toBe(serialiseViewState(parseViewState(new URLSearchParams(q)), { lang: "en" }));
  });
});

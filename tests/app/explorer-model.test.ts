// The explorer's pure computations: classification, search normaliser, filters and their counts.
import { describe, it, expect } from "vitest";
import { colourOf, divergingClasses, sequentialClasses } from "@/app/_map/classify";
import { SEQUENTIAL, DIVERGING_PuOr } from "@/app/_map/palettes";
import type { Attributes, UnitsResponse } from "@/app/_map/explorer/api";
import {
  AUTO_LEVEL_ZOOM,
  buildTree,
  computeView,
  effectiveLevel,
  indexed,
  indicatorValue,
  matchesFilters,
  searchUnits,
  summarise,
} from "@/app/_map/explorer/model";
import { indicatorById } from "@/app/_map/indicators";
import { DEFAULTS } from "@/app/_map/view-state";

const unit = (id: string, level: UnitsResponse["units"][number]["level"], name: string, parentId: string | null, type = "xã", aliases: string[] = []) => ({
  id,
  code: id.replace(/^[a-z0-9]+-/, ""),
  level,
  type,
  name,
  fullName: `${type} ${name}`,
  nameFolded: "",
  aliases,
  parentId,
  labelLon: 103,
  labelLat: 21,
  bbox: [103, 21, 103.1, 21.1] as [number, number, number, number],
});
const units: UnitsResponse = {
  province: { id: "p-11", name: "Điện Biên", fullName: "Tỉnh Điện Biên" },
  structure: "pre2025",
  units: [
    unit("p-11", "province", "Điện Biên", null, "tỉnh"),
    unit("d-101", "district", "Điện Biên Đông", "p-11", "huyện"),
    unit("c19-03211", "commune", "Chiềng Sơ", "d-101"),
    unit("c19-03212", "commune", "Đắk Đoa", "d-101", "xã", ["Dak Doa cũ"]),
    unit("h-03211-01", "hamlet", "Háng Pa", "c19-03211", "bản"),
    unit("h-03211-02", "hamlet", "Pá Vạt", "c19-03211", "bản"),
    unit("h-03212-01", "hamlet", "Đề Tinh 1", "c19-03212", "bản"),
  ],
};
const tree = buildTree(units);

// Three hamlets: [eligible, activated, residents], 4G of any operator (2 good, 0 none), grid (1/0).
function attributes(rows: [number | null, number | null, number, number, number][], withheld: Attributes["hamlets"]["withheld"] = {}): Attributes {
  const ids = ["h-03211-01", "h-03211-02", "h-03212-01"];
  const col = (f: (r: (typeof rows)[number]) => number | null) => rows.map(f);
  const zeros = rows.map(() => 0);
  const sig = (op: string) => col((r) => (op === "viettel" ? r[3] : 0));
  return {
    scope: { unitId: "p-11", structure: "pre2025" },
    date: "2023-06-30",
    asOf: "2023-06-30",
    dates: ["2023-06-30"],
    coverageVersions: [],
    coverageAsOf: null,
    synthetic: true,
    source: "test",
    hamlets: {
      ids,
      columns: {
        eligible: col((r) => r[0]),
        activated: col((r) => r[1]),
        residents: col((r) => r[2]),
        received: col((r) => r[1]),
        grid: col((r) => r[4]),
        fiber: zeros,
        sig_viettel_4g: sig("viettel"),
        sig_vnpt_4g: sig("vnpt"),
        sig_mobifone_4g: sig("mobifone"),
        sig_viettel_2g: zeros.map(() => 2),
        sig_vnpt_2g: zeros,
        sig_mobifone_2g: zeros,
        sig_viettel_3g: zeros,
        sig_vnpt_3g: zeros,
        sig_mobifone_3g: zeros,
      },
      withheld,
      asOf: ids.map(() => "2023-06-30"),
      infraAsOf: ids.map(() => "2022-01-01"),
    },
    units: { ids: [], columns: {}, withheld: {}, targetPeriod: [] },
  };
}

describe("classification (app/_map/classify.ts over geo/breaks.ts)", () => {
  const values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, null];
  it("quantile, equal and natural breaks give k classes with the palette's k colours; nulls are no data", () => {
    for (const method of ["quantile", "equal", "jenks"] as const) {
      const c = sequentialClasses(values, { method, k: 5, palette: "YlGnBu" });
      expect(c.breaks).toHaveLength(6);
      expect(c.colours).toEqual(SEQUENTIAL.YlGnBu[5]);
      expect(colourOf(0.1, c)).toBe(c.colours[0]);
      expect(colourOf(1, c)).toBe(c.colours[4]);
      expect(colourOf(null, c)).toBeNull();
    }
    expect(sequentialClasses(values, { method: "equal", k: 3, palette: "YlOrRd" }).breaks).toEqual([0.1, 0.4, 0.7, 1]);
  });
  it("manual thresholds make the classes; with none given it falls back to quantiles", () => {
    const c = sequentialClasses(values, { method: "manual", k: 5, manual: [0.6], palette: "YlGnBu" });
    expect(c.breaks).toEqual([0.1, 0.6, 1]);
    expect(colourOf(0.55, c)).toBe(c.colours[0]);
    expect(colourOf(0.65, c)).toBe(c.colours[1]);
    expect(sequentialClasses(values, { method: "manual", k: 4, manual: [], palette: "YlGnBu" }).breaks).toHaveLength(5);
  });
  it("changes get odd, symmetric classes around 0 with the diverging palette", () => {
    const c = divergingClasses([-0.2, 0.05, 0.1, null], { k: 5, method: "quantile" });
    expect(c.breaks.map((b) => Math.round(b * 100) / 100)).toEqual([-0.2, -0.12, -0.04, 0.04, 0.12, 0.2]);
    expect(c.colours).toEqual(DIVERGING_PuOr[5]);
    expect(colourOf(0, c)).toBe(DIVERGING_PuOr[5][2]);
    expect(colourOf(-0.2, c)).toBe(DIVERGING_PuOr[5][0]);
    expect(divergingClasses([0.1], { k: 4, method: "equal" }).colours).toHaveLength(5);
  });
});

describe("search (diacritics, case and đ ignored)", () => {
  it.each(["hang pa", "Háng Pa", "HANG PA", "háng", "bản háng pa"])("%s finds Háng Pa first", (q) => {
    expect(searchUnits(tree, q)[0]?.unit.name).toBe("Háng Pa");
  });
  it.each(["dien bien dong", "Điện Biên Đông", "ĐIỆN BIÊN ĐÔNG", "huyen dien bien dong"])("%s finds the district Điện Biên Đông", (q) => {
    expect(searchUnits(tree, q)[0]?.unit.id).toBe("d-101");
  });
  it("đ matches d both ways, aliases and codes are searched, nonsense finds nothing", () => {
    expect(searchUnits(tree, "dak doa")[0]?.unit.name).toBe("Đắk Đoa");
    expect(searchUnits(tree, "de tinh")[0]?.unit.name).toBe("Đề Tinh 1");
    expect(searchUnits(tree, "dak doa cu")[0]?.unit.name).toBe("Đắk Đoa");
    expect(searchUnits(tree, "03211").map((h) => h.unit.id)).toContain("h-03211-01");
    expect(searchUnits(tree, "zzz")).toEqual([]);
    expect(searchUnits(tree, "   ")).toEqual([]);
  });
});

describe("filters and their counts", () => {
  //                         eligible activated residents 4G grid
  const a = attributes([
    [200, 100, 300, 0, 1],
    [100, 80, 150, 2, 0],
    [50, 20, 70, 0, 0],
  ]);
  const h = indexed(a.hamlets);
  it("combine with AND: no 4G, no grid, activation below X %", () => {
    expect([0, 1, 2].filter((i) => matchesFilters(h, i, ["no4g"], undefined))).toEqual([0, 2]);
    expect([0, 1, 2].filter((i) => matchesFilters(h, i, ["nogrid"], undefined))).toEqual([1, 2]);
    expect([0, 1, 2].filter((i) => matchesFilters(h, i, ["no4g", "nogrid"], undefined))).toEqual([2]);
    expect([0, 1, 2].filter((i) => matchesFilters(h, i, [], 60))).toEqual([0, 2]);
    expect([0, 1, 2].filter((i) => matchesFilters(h, i, ["no4g"], 45))).toEqual([2]);
  });
  it("count the matching hamlets and their people under the unit in focus", () => {
    const s = summarise(tree, h, { unit: "d-101", f: ["no4g"], act: 60 });
    expect(s).toMatchObject({
      active: true,
      hamlets: 3,
      matching: 2,
      residents: { sum: 370, partial: false },
      eligible: { sum: 250, partial: false },
      notActivated: { sum: 130, partial: false },
    });
    expect(s.matchingIds).toEqual(["h-03212-01", "h-03211-01"].sort((x, y) => tree.byId.get(x)!.name.localeCompare(tree.byId.get(y)!.name, "vi")));
    expect(summarise(tree, h, { unit: "c19-03211", f: ["no4g"], act: 60 }).matching).toBe(1);
  });
  it("a withheld activated count (1–4) classes by its upper bound and still matches 'below X %'", () => {
    const w = indexed(
      attributes(
        [
          [200, null, 300, 0, 1],
          [100, 80, 150, 2, 0],
          [50, 20, 70, 0, 0],
        ],
        { activated: [0] },
      ).hamlets,
    );
    expect(indicatorValue(indicatorById("activation_rate"), w, 0)).toBeCloseTo(4 / 200);
    expect(matchesFilters(w, 0, [], 10)).toBe(true);
    const s = summarise(tree, w, { unit: "p-11", f: [], act: 10 });
    expect(s.notActivated.partial).toBe(true);
  });
  it("computeView colours hamlets, fades those filtered out and marks signal and grid", () => {
    const v = computeView({ tree, attrs: a, state: { ...DEFAULTS, unit: "p-11", structure: "pre2025", f: ["no4g"], tech: "4g" } });
    expect(v.hamletStates.get("h-03211-02")).toMatchObject({ match: false, status: 2, noGrid: true });
    expect(v.hamletStates.get("h-03211-01")).toMatchObject({ match: true, status: 0 });
    expect(v.hamletStates.get("h-03211-01")!.noGrid).toBeUndefined();
    expect(new Set([...v.hamletStates.values()].map((s) => s.colour)).size).toBeGreaterThan(1);
  });
});

describe("the level coloured", () => {
  it("auto colours communes zoomed out and hamlets zoomed in; districts only before 2025", () => {
    expect(effectiveLevel({ level: "auto", structure: "post2025" }, AUTO_LEVEL_ZOOM - 1)).toBe("commune");
    expect(effectiveLevel({ level: "auto", structure: "post2025" }, AUTO_LEVEL_ZOOM + 1)).toBe("hamlet");
    expect(effectiveLevel({ level: "district", structure: "post2025" })).toBe("commune");
    expect(effectiveLevel({ level: "district", structure: "pre2025" })).toBe("district");
  });
});

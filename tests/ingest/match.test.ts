import { describe, expect, it } from "vitest";
import { editDistance, Gazetteer, matchKey, MAX_COMPARED_CHARS, type GazUnit } from "@/db/ingest/match";

const u = (
  id: string,
  level: GazUnit["level"],
  type: string,
  name: string,
  parentIds: string[] = [],
  aliases: string[] = [],
  code = id.replace(/^[a-z0-9]+-/, ""),
): GazUnit => ({ id, code, level, type, name, aliases, parentIds });
const UNITS: GazUnit[] = [
  u("c19-03211", "commune", "xã", "Chiềng Sơ", ["d-101"]),
  u("c19-03214", "commune", "xã", "Mường Luân", ["d-101"]),
  u("c25-03214", "commune", "xã", "Mường Luân", ["p-11"]),
  u("c19-03199", "commune", "xã", "Đắk Sơn", []),
  u("c19-03200", "commune", "xã", "Dăk Sơn", []),
  u("h-03211-01", "hamlet", "bản", "Háng Pa", ["c19-03211", "c25-03214"]),
  u("h-03211-02", "hamlet", "bản", "Ten Chải", ["c19-03211", "c25-03214"]),
  u("h-03214-01", "hamlet", "bản", "Ten Chải", ["c19-03214", "c25-03214"]),
  u("h-03214-02", "hamlet", "bản", "Đề Pua", ["c19-03214", "c25-03214"]),
  u("h-03214-03", "hamlet", "bản", "Xín Chải", ["c19-03214", "c25-03214"], ["Sín Chải"]),
  u("h-03199-01", "hamlet", "tổ dân phố", "Tổ dân phố 2", ["c19-03199"]),
  u("h-03200-01", "hamlet", "tổ dân phố", "Tổ dân phố 2", ["c19-03200"]),
  u("h-03200-02", "hamlet", "bản", "Ban Công", ["c19-03200"]),
];
const gaz = new Gazetteer(UNITS);
const groupOf = (name: string) => {
  const r = gaz.matchCommune({ name });
  if (r.status !== "matched") throw new Error(`commune ${name}: ${r.status}`);
  return gaz.communeGroup(r.unitId);
};

describe("matching names to units", () => {
  it("ignores diacritics, case, type words and spacing: 'Bản Háng Pa' = 'Háng Pa' = 'HÁNG PA' = 'hang  pa' = 'Háng-Pa'", () => {
    for (const n of ["Bản Háng Pa", "Háng Pa", "HÁNG PA", "hang  pa", "Háng-Pa", "BẢN HÁNG PA", "ban hang pa"]) {
      expect(gaz.matchHamlet({ name: n, communeIds: groupOf("Chiềng Sơ") }), n).toMatchObject({ status: "matched", unitId: "h-03211-01" });
    }
  });
  it("đ and d fold alike, but two communes differing only by đ/d are ambiguous, not guessed", () => {
    expect(matchKey("Đề Pua")).toBe(matchKey("De Pua"));
    expect(gaz.matchHamlet({ name: "De Pua", communeIds: groupOf("Mường Luân") })).toMatchObject({ status: "matched", unitId: "h-03214-02" });
    expect(gaz.matchCommune({ name: "Dak Son" })).toEqual({ status: "ambiguous", candidates: ["c19-03199", "c19-03200"] });
  });
  it("the same hamlet name in two communes: matched within the right commune, ambiguous without one", () => {
    expect(gaz.matchHamlet({ name: "Ten Chải", communeIds: groupOf("Chiềng Sơ") })).toMatchObject({ status: "matched", unitId: "h-03211-02" });
    expect(gaz.matchHamlet({ name: "Ten Chải", communeIds: ["c19-03214"] })).toMatchObject({ status: "matched", unitId: "h-03214-01" });
    expect(gaz.matchHamlet({ name: "Ten Chải" })).toEqual({ status: "ambiguous", candidates: ["h-03211-02", "h-03214-01"] });
    // After the 2025 merger both are in xã Mường Luân: still two hamlets, so the user decides.
    expect(gaz.matchHamlet({ name: "Ten Chải", communeIds: ["c25-03214"] })).toMatchObject({ status: "ambiguous" });
    expect(gaz.matchHamlet({ name: "Tổ dân phố 2" })).toMatchObject({ status: "ambiguous" });
    expect(gaz.matchHamlet({ name: "TDP số 02", communeIds: ["c19-03200"] })).toMatchObject({ status: "matched", unitId: "h-03200-01" });
  });
  it("a commune kept under the same code and name in both structures is one place", () => {
    const r = gaz.matchCommune({ name: "Xã Mường Luân" });
    expect(r).toMatchObject({ status: "matched", unitId: "c25-03214" });
    expect(gaz.communeGroup("c25-03214").sort()).toEqual(["c19-03214", "c25-03214"]);
  });
  it("codes first: a code wins over the name, and an id works as a code", () => {
    expect(gaz.matchHamlet({ code: "03214-01", name: "Ten Chải" })).toMatchObject({ status: "matched", unitId: "h-03214-01", how: "code" });
    expect(gaz.matchHamlet({ code: "h-03211-01" })).toMatchObject({ status: "matched", unitId: "h-03211-01", how: "code" });
    expect(gaz.nameAgrees("h-03211-01", "HÁNG PA")).toBe(true);
    expect(gaz.nameAgrees("h-03211-01", "Ten Chải")).toBe(false);
  });
  it("aliases match; a name that is not a type word is not stripped unless nothing else matches", () => {
    expect(gaz.matchHamlet({ name: "Sín Chải", communeIds: ["c19-03214"] })).toMatchObject({ status: "matched", unitId: "h-03214-03", how: "alias" });
    expect(gaz.matchHamlet({ name: "Ban Công", communeIds: ["c19-03200"] })).toMatchObject({ status: "matched", unitId: "h-03200-02", how: "name" });
    expect(gaz.matchHamlet({ name: "Bản Ban Công", communeIds: ["c19-03200"] })).toMatchObject({ status: "matched", unitId: "h-03200-02" });
  });
  it("unknown names are unmatched with close suggestions, never guessed", () => {
    const r = gaz.matchHamlet({ name: "Háng Pá 2", communeIds: groupOf("Chiềng Sơ") });
    expect(r.status).toBe("unmatched");
    expect(r.status === "unmatched" && r.suggestions).toContain("h-03211-01");
    expect(gaz.matchHamlet({ name: "Không Có Bản Này", communeIds: groupOf("Chiềng Sơ") })).toEqual({ status: "unmatched", suggestions: [] });
  });
});

describe("suggestions stay cheap whatever the cell", () => {
  it("editDistance with a bound: exact within it, bound + 1 past it, without filling the whole table", () => {
    expect(editDistance("hangpa", "hangpe")).toBe(1);
    expect(editDistance("hangpa", "hangpe", 2)).toBe(1);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("a".repeat(100_000), "b", 5)).toBe(6); // lengths alone say it
    expect(editDistance("ab".repeat(50_000), "ba".repeat(50_000), 3)).toBe(2); // one letter moved from the front to the end
    expect(editDistance("ab".repeat(50_000), "cd".repeat(50_000), 3)).toBe(4); // the band gives up after a few rows
  });
  it("a 200,000-character name against 5,000 hamlets: unmatched, no suggestions, at once", { timeout: 10_000 }, () => {
    const many: GazUnit[] = Array.from({ length: 5000 }, (_, i) =>
      u(`h-9${String(i).padStart(4, "0")}-01`, "hamlet", "bản", `Bản ${i} Pá Sáng`, ["c25-90000"]),
    );
    const g = new Gazetteer(many);
    const r = g.matchHamlet({ name: "Pá Sáng ".repeat(25_000), communeIds: ["c25-90000"] });
    expect(r).toEqual({ status: "unmatched", suggestions: [] });
    // A short misspelling still gets its suggestion.
    expect(g.matchHamlet({ name: "Bản 12 Pá Xáng", communeIds: ["c25-90000"] })).toMatchObject({
      status: "unmatched",
      suggestions: expect.arrayContaining(["h-90012-01"]),
    });
    expect(MAX_COMPARED_CHARS).toBe(100);
  });
});

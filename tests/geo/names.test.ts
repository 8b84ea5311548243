import { describe, it, expect } from "vitest";
import { foldName, toNFC, stripUnitPrefix } from "../../geo/names";
import { dienBienCommunes } from "./helpers";

describe("foldName", () => {
  it("folds diacritics, đ and case", () => {
    expect(foldName("Háng Pa")).toBe("hang pa");
    expect(foldName("Điện Biên Đông")).toBe("dien bien dong");
    expect(foldName("ĐIỆN  BIÊN")).toBe("dien bien");
    expect(foldName("Mường Nhé")).toBe("muong nhe");
    expect(foldName("Tủa Chùa")).toBe("tua chua");
  });

  it("treats composed and decomposed input alike", () => {
    const nfd = "Điện Biên Phủ".normalize("NFD");
    expect(nfd).not.toBe("Điện Biên Phủ");
    expect(foldName(nfd)).toBe("dien bien phu");
  });

  it("collapses and trims whitespace (tabs, non-breaking spaces)", () => {
    expect(foldName("  Na \t Son\u00a0 ")).toBe("na son");
  });

  it("maps the look-alike eth (Ð) to d", () => {
    expect(foldName("ÐIỆN BIÊN")).toBe("dien bien");
  });

  it("throws on a non-string, naming the value", () => {
    expect(() => foldName(42 as unknown as string)).toThrow(/42/);
  });

  it("does not change the input string", () => {
    const s = "Điện Biên";
    foldName(s);
    expect(s).toBe("Điện Biên");
  });
});

describe("toNFC", () => {
  it("composes decomposed letters", () => {
    const nfd = "Điện Biên".normalize("NFD");
    expect(toNFC(nfd)).toBe("Điện Biên");
    expect(toNFC(nfd).length).toBe(9);
  });

  it("throws on a non-string, naming the value", () => {
    expect(() => toNFC(null as unknown as string)).toThrow(/null/);
  });
});

describe("stripUnitPrefix", () => {
  it.each([
    ["TP. Điện Biên Phủ", "Điện Biên Phủ"],
    ["TP.Điện Biên Phủ", "Điện Biên Phủ"],
    ["tp Điện Biên Phủ", "Điện Biên Phủ"],
    ["Thành phố Điện Biên Phủ", "Điện Biên Phủ"],
    ["THÀNH PHỐ Điện Biên Phủ", "Điện Biên Phủ"],
    ["Tỉnh Điện Biên", "Điện Biên"],
    ["huyện Điện Biên", "Điện Biên"],
    ["Huyện Điện Biên Đông", "Điện Biên Đông"],
    ["Quận Ba Đình", "Ba Đình"],
    ["Thị xã Mường Lay", "Mường Lay"],
    ["TX. Mường Lay", "Mường Lay"],
    ["tx Mường Lay", "Mường Lay"],
    ["Thị trấn Tuần Giáo", "Tuần Giáo"],
    ["TT. Tuần Giáo", "Tuần Giáo"],
    ["tt.Tuần Giáo", "Tuần Giáo"],
    ["Xã Na Son", "Na Son"],
    ["XÃ NA SON", "NA SON"],
    ["Phường Noong Bua", "Noong Bua"],
    ["bản Háng Pa", "Háng Pa"],
    ["Thôn Đồng Tâm", "Đồng Tâm"],
    ["xóm 3", "3"],
    ["Tổ dân phố 5", "5"],
    ["TDP 5", "5"],
    ["Khu phố 2", "2"],
    ["tổ 12", "12"],
    ["  Xã   Na  Son  ", "Na Son"],
  ])("%s → %s", (input, expected) => {
    expect(stripUnitPrefix(input)).toBe(expected);
  });

  it("tries thị trấn before thị xã and tổ dân phố before tổ", () => {
    expect(stripUnitPrefix("Thị trấn Mường Ảng")).toBe("Mường Ảng");
    expect(stripUnitPrefix("Tổ dân phố Him Lam")).toBe("Him Lam");
  });

  it("matches decomposed (NFD) input and returns NFC", () => {
    expect(stripUnitPrefix("Huyện Điện Biên".normalize("NFD"))).toBe("Điện Biên");
  });

  it("only strips a whole word followed by a space or after a dot", () => {
    expect(stripUnitPrefix("Xãna")).toBe("Xãna");
    expect(stripUnitPrefix("Bảnh")).toBe("Bảnh");
    expect(stripUnitPrefix("Tphố")).toBe("Tphố");
    expect(stripUnitPrefix("Thôngiang")).toBe("Thôngiang");
  });

  it("keeps names that merely look like a type word without its diacritics", () => {
    // Real communes in Điện Biên (Xa Dung, Xá Tổng) and elsewhere.
    expect(stripUnitPrefix("Xa Dung")).toBe("Xa Dung");
    expect(stripUnitPrefix("Xá Tổng")).toBe("Xá Tổng");
    expect(stripUnitPrefix("Xã Xa Dung")).toBe("Xa Dung");
    expect(stripUnitPrefix("Tô Hiệu")).toBe("Tô Hiệu");
    expect(stripUnitPrefix("Tĩnh Gia")).toBe("Tĩnh Gia");
    expect(stripUnitPrefix("Quan Sơn")).toBe("Quan Sơn");
    expect(stripUnitPrefix("Ban Công")).toBe("Ban Công");
    expect(stripUnitPrefix("Phương Trung")).toBe("Phương Trung");
  });

  it("strips unambiguous type words from fully unaccented text", () => {
    expect(stripUnitPrefix("thi tran Tuan Giao")).toBe("Tuan Giao");
    expect(stripUnitPrefix("Thanh pho Dien Bien Phu")).toBe("Dien Bien Phu");
    expect(stripUnitPrefix("thon Dong Tam")).toBe("Dong Tam");
    // ambiguous without diacritics: "Xa Dung" is a commune, so "xa …" is kept
    expect(stripUnitPrefix("xa Na Son")).toBe("xa Na Son");
  });

  it("keeps a lone type word (nothing would remain)", () => {
    expect(stripUnitPrefix("Xã")).toBe("Xã");
    expect(stripUnitPrefix("TP.")).toBe("TP.");
    expect(stripUnitPrefix("")).toBe("");
  });

  it("maps every full_name in the Điện Biên data to its name", () => {
    for (const f of dienBienCommunes()) {
      const p = f.properties as Record<string, string>;
      expect(stripUnitPrefix(p.full_name!)).toBe(p.name);
      expect(stripUnitPrefix(p.district_full_name!)).toBe(p.district_name);
    }
  });

  it("throws on a non-string, naming the value", () => {
    expect(() => stripUnitPrefix(undefined as unknown as string)).toThrow(/undefined/);
  });
});

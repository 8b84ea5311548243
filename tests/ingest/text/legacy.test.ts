import { describe, expect, it } from "vitest";
import { detectLegacy, isVietnameseSyllable, tcvn3ToUnicode, vniToUnicode } from "@/db/ingest/text/legacy";
import { TextConverter } from "@/db/ingest/text/convert";
import { toTcvn3, toVni } from "../support/legacy-encode";

// Known words: Unicode, as typed in TCVN3 (ABC, .VnTime) and in VNI (VNI-Times) — the legacy
// spellings written out literally here, as they appear in old spreadsheets.
const KNOWN: [string, string, string][] = [
  ["Bản Háng Pa", "B¶n H¸ng Pa", "Baûn Haùng Pa"],
  ["Thôn Đông", "Th«n §«ng", "Thoân Ñoâng"],
  ["Việt Nam", "ViÖt Nam", "Vieät Nam"],
  ["Điện Biên Đông", "§iÖn Biªn §«ng", "Ñieän Bieân Ñoâng"],
  ["Xã Chiềng Sơ", "X· ChiÒng S¬", "Xaõ Chieàng Sô"],
  ["Mường Luân", "M\u00adêng Lu©n", "Möôøng Luaân"],
  ["Số nhân khẩu đủ điều kiện", "Sè nh©n khÈu ®ñ ®iÒu kiÖn", "Soá nhaân khaåu ñuû ñieàu kieän"],
  ["Đã thu nhận", "§· thu nhËn", "Ñaõ thu nhaän"],
  ["Đã kích hoạt", "§· kÝch ho¹t", "Ñaõ kích hoaït"],
  ["Mức độ 2", "Møc ®é 2", "Möùc ñoä 2"],
  ["Vắng mặt", "V¾ng mÆt", "Vaéng maët"],
  ["Già yếu, ốm đau", "Giµ yÕu, èm ®au", "Giaø yeáu, oám ñau"],
  ["Không có điện thoại thông minh", "Kh«ng cã ®iÖn tho¹i th«ng minh", "Khoâng coù ñieän thoaïi thoâng minh"],
  ["Tổng cộng", "Tæng céng", "Toång coäng"],
  ["Tủa Chùa", "Tña Chïa", "Tuûa Chuøa"],
  ["Nậm Pồ", "NËm Påi", ""], // TCVN3 only (see below)
  ["Thường Xuân", "Th\u00adêng Xu©n", "Thöôøng Xuaân"],
  ["Đà Bắc", "§µ B¾c", "Ñaø Baéc"],
  ["Mỹ Lợi, Ỉ, Ỵ, Ỷ", "", "Myõ Lôïi, Æ, Î, YÛ"],
  ["nghỉ, nghị, nghĩ", "", "nghæ, nghò, nghó"],
  ["Tiếng Việt rất hay", "TiÕng ViÖt rÊt hay", "Tieáng Vieät raát hay"],
];

describe("TCVN3 and VNI → Unicode, against known words", () => {
  it.each(KNOWN.filter(([, t]) => t !== "" && !t.includes("Påi")))("TCVN3 %s", (uni, tcvn3) => {
    expect(tcvn3ToUnicode(tcvn3)).toBe(uni);
  });
  it.each(KNOWN.filter(([, , v]) => v !== ""))("VNI %s", (uni, _t, vni) => {
    expect(vniToUnicode(vni)).toBe(uni);
  });
  it("capital words typed in a .VnTimeH font come out in capitals", () => {
    expect(tcvn3ToUnicode("H¸NG PA")).toBe("HÁNG PA");
    expect(tcvn3ToUnicode("C¤NG AN X· M¦êNG LU¢N")).toBe("CÔNG AN XÃ MƯỜNG LUÂN");
    // One ASCII capital cannot tell: "Hµ" stays "Hà".
    expect(tcvn3ToUnicode("Hµ")).toBe("Hà");
  });
  it("bytes 0x80–0x9F of TCVN3 (capital toned letters of VN1) arrive as Windows-1252 characters and convert", () => {
    // 0x80 = À, 0x83 = Á, 0x84 = Ạ (XFree86 tcvn.h); Windows-1252 shows them as €, ƒ, „.
    expect(tcvn3ToUnicode("€ƒ„")).toBe("ÀÁẠ");
  });
  it("already-Unicode letters pass through both converters", () => {
    // (Latin-1 letters such as ê are TCVN3 bytes too: the TextConverter decides those by scoring, below.)
    expect(tcvn3ToUnicode("Điện Lợi")).toBe("Điện Lợi");
    expect(vniToUnicode("Điện Lợi")).toBe("Điện Lợi");
  });
  it("round trip through the fixture encoders for every Vietnamese letter", () => {
    const letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
    for (const ch of letters) {
      expect(tcvn3ToUnicode(toTcvn3(ch)), `TCVN3 ${ch}`).toBe(ch);
      expect(vniToUnicode(toVni(ch)), `VNI ${ch}`).toBe(ch);
      expect(vniToUnicode(toVni(ch.toUpperCase())), `VNI ${ch.toUpperCase()}`).toBe(ch.toUpperCase());
    }
  });
});

describe("detecting the legacy encoding", () => {
  it("TCVN3 text is detected as TCVN3", () => {
    expect(detectLegacy(KNOWN.filter(([, t]) => t).map(([, t]) => t)).encoding).toBe("tcvn3");
  });
  it("VNI text is detected as VNI", () => {
    expect(detectLegacy(KNOWN.filter(([, , v]) => v).map(([, , v]) => v)).encoding).toBe("vni");
  });
  it("Unicode text, even made only of Latin-1 letters, is left alone", () => {
    expect(detectLegacy(["Bản Háng Pa", "Thôn Đông", "Xã", "Nà Luông", "Co Xuân"]).encoding).toBeNull();
    expect(detectLegacy(["Ho Hong", "Na Pua"]).encoding).toBeNull();
  });
  it("a converter keeps a Unicode header in a TCVN3 file as it is, and converts the legacy cells", () => {
    const c = new TextConverter([
      { text: "Thôn", col: 0 },
      { text: "B¶n H¸ng Pa", col: 1 },
      { text: "Th«n §«ng", col: 1 },
    ]);
    expect(c.encoding).toBe("tcvn3");
    expect(c.convert("Thôn", 0, 1)).toBe("Thôn"); // TCVN3 would make it "Thụn"
    expect(c.convert("B¶n H¸ng Pa", 1, 2)).toBe("Bản Háng Pa");
    expect(c.conversions()).toEqual([{ kind: "tcvn3", from: "B¶n H¸ng Pa", to: "Bản Háng Pa", count: 1, row: 2 }]);
  });
  it("NFD text becomes NFC and is reported", () => {
    const c = new TextConverter([{ text: "Háng Pa".normalize("NFD"), col: 0 }]);
    const out = c.convert("Háng Pa".normalize("NFD"), 0, 3);
    expect(out).toBe("Háng Pa".normalize("NFC"));
    expect(out.length).toBe(7);
    expect(c.counts.nfc).toBe(1);
  });
  it("syllable check", () => {
    for (const w of ["nghiêng", "Háng", "khuya", "thuở", "Đông", "người"]) expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ["B¶n", "Baûn", "xyz", "Baỷn", "thụnn"]) expect(isVietnameseSyllable(w), w).toBe(false);
  });
});

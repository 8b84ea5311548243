import { describe, expect, it } from "vitest";
import { EXPORT_HEADERS, guessField, headerSignature, REQUIRED, TABLE_KINDS, VOCABULARY } from "@/db/ingest/vocabulary";

describe("header vocabulary", () => {
  it.each([
    ["Số nhân khẩu đủ điều kiện", "eligible"],
    ["SỐ NHÂN KHẨU ĐỦ ĐIỀU KIỆN", "eligible"],
    ["So nhan khau du dieu kien", "eligible"],
    ["Tổng số nhân khẩu", "residents"],
    ["Đã thu nhận", "received"],
    ["Đã kích hoạt", "activated"],
    ["Mức độ 2", "level2"],
    ["Vắng mặt", "reasonAway"],
    ["Già yếu, ốm đau", "reasonElderlySick"],
    ["Không có điện thoại thông minh", "reasonNoSmartphone"],
    ["Số người không có điện thoại thông minh", "withoutSmartphone"],
    ["Hộ nghèo", "poorHouseholds"],
    ["Hộ cận nghèo", "nearPoorHouseholds"],
    ["Tên bản", "hamlet"],
    ["Thôn/bản", "hamlet"],
    ["Xã", "commune"],
    ["Ngày báo cáo", "asOf"],
    ["STT", "_rowNumber"],
    ["Tỷ lệ kích hoạt (%)", "_rate"],
    ["eligible", "eligible"],
    ["Accounts activated", "activated"],
    ["Level 2", "level2"],
    ["hamlet code", "hamletCode"],
    ["Date", "asOf"],
  ])("%s → %s", (header, field) => {
    expect(guessField("indicators", header)).toBe(field);
  });
  it("unknown headers map to nothing", () => {
    expect(guessField("indicators", "Màu yêu thích")).toBeNull();
    expect(guessField("indicators", "")).toBeNull();
  });
  it("the export's headers map back to their fields", () => {
    for (const [field, header] of Object.entries(EXPORT_HEADERS)) expect(guessField("indicators", header), header).toBe(field);
  });
  it("every required field exists in its kind's vocabulary, and no synonym is listed for two fields of one kind", () => {
    for (const kind of TABLE_KINDS) {
      const keys = new Set(VOCABULARY[kind].map((f) => f.key));
      for (const alts of REQUIRED[kind]) for (const f of alts) expect(keys.has(f), `${kind}.${f}`).toBe(true);
      const seen = new Map<string, string>();
      for (const f of VOCABULARY[kind])
        for (const s of f.synonyms) {
          const k = s.toLowerCase();
          const prev = seen.get(k);
          expect(prev === undefined || prev === f.key, `${kind}: "${s}" in ${prev} and ${f.key}`).toBe(true);
          seen.set(k, f.key);
        }
    }
  });
  it("a layout's signature ignores case and diacritics", () => {
    expect(headerSignature(["Tên bản", "Đã thu nhận"])).toBe(headerSignature(["TEN BAN", "da thu nhan"]));
    expect(headerSignature(["Tên bản"])).not.toBe(headerSignature(["Tên xã"]));
  });
});

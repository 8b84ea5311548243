import type { Rng } from "./rng";

/**
 * Plausible hamlet names by area. Syllables are common in place names of the region (Thái and
 * Mông in Điện Biên; Thái/Mường in Thường Xuân; Mường/Dao/Tày in Đà Bắc). The names are
 * synthetic except the real ones the articles give (see REAL_HAMLETS).
 */
const SYLLABLES: Record<string, { first: string[]; second: string[] }> = {
  dienbien: {
    first: [
      "Huổi",
      "Nậm",
      "Pá",
      "Na",
      "Co",
      "Phiêng",
      "Hát",
      "Pom",
      "Ten",
      "Nà",
      "Búng",
      "Xá",
      "Háng",
      "Pú",
      "Tìa",
      "Sáng",
      "Phình",
      "Lồng",
      "Trống",
      "Dề",
      "Pa",
      "Sín",
      "Chua",
      "Tà",
      "Hô",
      "Khoang",
      "Mường",
      "Lả",
      "Pắc",
      "Ho",
    ],
    second: [
      "Pa",
      "Luông",
      "Sang",
      "Mạ",
      "Khoang",
      "Chả",
      "Ly",
      "Tòng",
      "Lót",
      "Phạ",
      "Hin",
      "Cang",
      "Nọi",
      "Lụ",
      "Hồng",
      "Dình",
      "Sư",
      "Ngua",
      "Chăn",
      "Mòn",
      "Púa",
      "Lếch",
      "Xuân",
      "Ít",
      "Phung",
      "Chải",
      "Tấu",
      "Sông",
      "Lanh",
      "Ké",
    ],
  },
  thuongxuan: {
    first: ["Bù", "Na", "Chiềng", "Hón", "Làng", "Cọc", "Xuân", "Bản", "Khằm", "Mỏ", "Đồng", "Quẻ", "Mọt", "Nhàng", "Vịn", "Tiến"],
    second: ["Đồn", "Mèo", "Vác", "Cáu", "Phống", "Lửa", "Thắng", "Thành", "Ngàm", "Chiềng", "Lẹ", "Cao", "Tân", "Đoàn", "Phú", "Hưng"],
  },
  dabac: {
    first: ["Bưa", "Mó", "Suối", "Đá", "Cọ", "Hà", "Bai", "Khanh", "Nà", "Mơ", "Trúc", "Tát", "Chanh", "Sơn", "Bương", "Ké"],
    second: ["Sen", "Láo", "Lốc", "Bia", "Phang", "Hiêng", "Tiếng", "Mu", "Chạo", "Lằm", "Đằm", "Cả", "Tuông", "Nghê", "Nanh", "Kè"],
  },
};

/** Hamlets named in the articles, placed in their real commune (figures DBD-14, NP-12, NP-13, DBAC-10). */
export const REAL_HAMLETS: Record<string, string[]> = {
  "03211": ["Háng Pa"], // xã Chiềng Sơ, huyện Điện Biên Đông
  "03198": ["Đệ Tinh 1", "Pháng Chủ"], // xã Phìn Hồ, huyện Nậm Pồ
  "04834": ["Bưa Sen"], // xã Nánh Nghê, huyện Đà Bắc
};

/** `n` distinct names for one commune, real ones first. */
export function hamletNames(area: string, communeCode: string, n: number, rng: Rng): string[] {
  const syl = SYLLABLES[area];
  if (!syl) throw new Error(`no name syllables for area ${area}`);
  const names = [...(REAL_HAMLETS[communeCode] ?? [])].slice(0, n);
  const used = new Set(names);
  let guard = 0;
  while (names.length < n) {
    let name = `${rng.pick(syl.first)} ${rng.pick(syl.second)}`;
    if (used.has(name) || ++guard > 10_000) {
      // Real villages split into numbered parts ("Đệ Tinh 1", "Đệ Tinh 2").
      let k = 1;
      while (used.has(`${name} ${k}`)) k++;
      name = `${name} ${k}`;
    }
    used.add(name);
    names.push(name);
  }
  return names;
}

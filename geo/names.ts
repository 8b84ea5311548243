/**
 * Folds a Vietnamese name for diacritic- and case-insensitive search and matching:
 * NFD, strip combining marks (\p{M}), đ/Đ → d (also the look-alike eth ð/Ð), lower-case,
 * collapse whitespace runs to one space, trim.
 *
 * @example
 * foldName("Háng Pa");        // "hang pa"
 * foldName("Điện Biên Đông"); // "dien bien dong"
 * foldName("ĐIỆN  BIÊN");     // "dien bien"
 */
export function foldName(s: string): string {
  if (typeof s !== "string") throw new TypeError(`foldName: expected a string, got ${String(s)}`);
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐðÐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Unicode NFC (composed) form: the form to store and compare names in, since the same
 * Vietnamese letter can arrive composed ("ệ", 1 code point) or decomposed (e + marks).
 *
 * @example
 * toNFC("Đie\u0323\u0302n") === "Điện"; // true
 */
export function toNFC(s: string): string {
  if (typeof s !== "string") throw new TypeError(`toNFC: expected a string, got ${String(s)}`);
  return s.normalize("NFC");
}

/**
 * Administrative type words that may precede a name, longest first so that "thị trấn" is
 * tried before "thị xã", "tổ dân phố" before "tổ", "tp." before "tp".
 * `ascii: true` marks words that may also be matched without diacritics (see below).
 */
const UNIT_PREFIXES: readonly { word: string; ascii: boolean }[] = [
  { word: "tổ dân phố", ascii: true },
  { word: "thành phố", ascii: true },
  { word: "thị trấn", ascii: true },
  { word: "khu phố", ascii: true },
  { word: "thị xã", ascii: true },
  { word: "phường", ascii: false }, // "Phương Trung", "Phương Sơn" are names
  { word: "huyện", ascii: false }, // "Huyền Hội" is a name
  { word: "quận", ascii: false }, // "Quan Sơn", "Quan Hóa", "Quan Lạn" are names
  { word: "tỉnh", ascii: false }, // "Tĩnh Gia" is a name
  { word: "thôn", ascii: true },
  { word: "xóm", ascii: true },
  { word: "bản", ascii: false }, // "Ban Công" is a name
  { word: "tdp", ascii: true },
  { word: "tp.", ascii: true },
  { word: "tx.", ascii: true },
  { word: "tt.", ascii: true },
  { word: "xã", ascii: false }, // "Xa Dung", "Xá Tổng" are communes in Điện Biên
  { word: "tổ", ascii: false }, // "Tô Hiệu" is a ward name
  { word: "tp", ascii: true },
  { word: "tx", ascii: true },
];

/**
 * Removes one leading administrative type word — tỉnh, thành phố / tp. / tp, thị xã / tx. /
 * tx, huyện, quận, xã, phường, thị trấn / tt., bản, thôn, xóm, tổ dân phố / tdp, khu phố,
 * tổ — and returns the rest, NFC-normalised with whitespace collapsed and trimmed.
 *
 * The word is stripped only when followed by a space (or, for the dotted abbreviations,
 * right after the dot: "TP.Điện Biên Phủ") and only when something remains.
 * Matching ignores case, Unicode normalisation form and extra spaces, but **keeps
 * diacritics**: "Xa Dung", "Xá Tổng" and "Tô Hiệu" are names, not "xã …" / "tổ …".
 * Only when the whole input has no diacritics at all (de-accented text such as
 * "thi tran Tuan Giao") are unaccented type words matched, and then only those that
 * cannot be the start of a real name (not xa, to, ban, quan, tinh, phuong, huyen).
 *
 * @example
 * stripUnitPrefix("TP. Điện Biên Phủ"); // "Điện Biên Phủ"
 * stripUnitPrefix("huyện Điện Biên");   // "Điện Biên"
 * stripUnitPrefix("bản Háng Pa");       // "Háng Pa"
 * stripUnitPrefix("Xã Xa Dung");        // "Xa Dung"
 * stripUnitPrefix("Xa Dung");           // "Xa Dung"
 */
export function stripUnitPrefix(s: string): string {
  if (typeof s !== "string") throw new TypeError(`stripUnitPrefix: expected a string, got ${String(s)}`);
  const text = s.normalize("NFC").replace(/\s+/g, " ").trim();
  const lower = text.toLowerCase();
  // Lower-casing NFC Vietnamese keeps the UTF-16 length, so an index into `lower` is an
  // index into `text`; bail out on the odd script where it does not.
  if (lower.length !== text.length) return text;
  const unaccented = foldName(text) === lower;

  for (const { word, ascii } of UNIT_PREFIXES) {
    if (unaccented && !ascii) continue;
    const w = unaccented ? foldName(word) : word;
    if (!lower.startsWith(w)) continue;
    const rest = text.slice(w.length).trim();
    if (rest === "") continue;
    if (lower.charAt(w.length) === " " || w.endsWith(".")) return rest;
  }
  return text;
}

/**
 * Vietnamese text typed in the legacy font encodings TCVN3 (ABC: .VnTime, .VnArial …) and
 * VNI (VNI-Times …), detected and converted to Unicode NFC.
 *
 * Written by hand because no maintained npm package does this job (iconv-lite knows the Windows
 * code page 1258, which is a different encoding, but neither TCVN3 nor VNI): the tables below are
 * small and are tested against a table of known words (tests/ingest/text/legacy.test.ts).
 *
 * Sources of the code tables:
 * - TCVN3: the TCVN 5712:1993 table of XFree86, xc/lib/X11/lcUniConv/tcvn.h (tcvn_2uni_2, bytes
 *   0xA0–0xFF; VN3, the ABC fonts' subset, uses only these plus ASCII; the capital toned letters
 *   of VN1 at 0x80–0x9F are included as well since some files carry them).
 * - VNI: the VNI Windows table of duydev/vietnamese-conversion, src/charsets.ts, restated here
 *   as what VNI is: a base letter followed by a mark character (e.g. "aù" = á, "oâ" = ô,
 *   "ôù" = ớ), plus the single characters ñ/Ñ = đ/Đ, ô/Ô = ơ/Ơ, ö/Ö = ư/Ư and the i/y forms.
 *
 * Text that reached us through Unicode (an XLSX cell, a CSV decoded as Windows-1252) carries the
 * font's bytes as the code points Windows-1252 gives them; bytes 0x80–0x9F arrive as € ‚ ƒ …, so
 * each table is applied to "the byte behind the character" (see byteOf).
 */

export type LegacyEncoding = "tcvn3" | "vni";

// TCVN 5712 (VN1/VN3) bytes 0x80–0xFF → Unicode code points (XFree86 tcvn.h, tcvn_2uni_2).
// 0xB0–0xB4 are the combining tone marks; 0xA0 is a no-break space.
const TCVN_HIGH: readonly number[] = [
  0x00c0, 0x1ea2, 0x00c3, 0x00c1, 0x1ea0, 0x1eb6, 0x1eac, 0x00c8, 0x1eba, 0x1ebc, 0x00c9, 0x1eb8, 0x1ec6, 0x00cc, 0x1ec8, 0x0128, 0x00cd, 0x1eca, 0x00d2,
  0x1ece, 0x00d5, 0x00d3, 0x1ecc, 0x1ed8, 0x1edc, 0x1ede, 0x1ee0, 0x1eda, 0x1ee2, 0x00d9, 0x1ee6, 0x0168, 0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0,
  0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3, 0x00e1,
  0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4, 0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead,
  0x00e8, 0x1ec2, 0x1ebb, 0x1ebd, 0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb,
  0x00f2, 0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7, 0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9, 0x1ed6, 0x1ee7,
  0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
];

// Windows-1252 characters at bytes 0x80–0x9F (undefined bytes 0x81 0x8D 0x8F 0x90 0x9D pass as U+0081 …).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const CP1252_TO_BYTE = new Map([...CP1252_HIGH].map((c, i) => [c, 0x80 + i]));

/** The single byte a legacy font saw behind a character, or -1 if the character is outside one byte. */
function byteOf(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code;
  const b = CP1252_TO_BYTE.get(ch);
  if (b !== undefined) return b;
  if (code >= 0xa0 && code <= 0xff) return code;
  if (code >= 0x80 && code < 0xa0) return code; // C1 controls: a latin1 decoding of the raw byte
  return -1;
}

/**
 * TCVN3 → Unicode NFC. Characters that are not single-byte pass unchanged (so already-Unicode
 * letters such as "ế" survive). Words typed in the capital fonts (.VnTimeH) come out with the
 * toned letters in lower case ("H¸NG" → "HáNG"); such words — all their ASCII letters capitals —
 * are upper-cased ("HÁNG").
 *
 * @example
 * tcvn3ToUnicode("B¶n H¸ng Pa"); // "Bản Háng Pa"
 * tcvn3ToUnicode("Th«n §«ng"); // "Thôn Đông"
 */
export function tcvn3ToUnicode(s: string): string {
  let out = "";
  for (const ch of s) {
    const b = byteOf(ch);
    out += b >= 0x80 && b !== 0xa0 ? String.fromCodePoint(TCVN_HIGH[b - 0x80]!) : ch;
  }
  return capitalWords(out.normalize("NFC"));
}

// VNI mark characters → combining marks (circumflex U+0302, breve U+0306, then the tone).
const GRAVE = "\u0300",
  ACUTE = "\u0301",
  TILDE = "\u0303",
  HOOK = "\u0309",
  DOT = "\u0323",
  CIRC = "\u0302",
  BREVE = "\u0306";
const VNI_MARKS: Record<string, string> = {
  ø: GRAVE,
  ù: ACUTE,
  û: HOOK,
  õ: TILDE,
  ï: DOT,
  â: CIRC,
  á: CIRC + ACUTE,
  à: CIRC + GRAVE,
  å: CIRC + HOOK,
  ã: CIRC + TILDE,
  ä: CIRC + DOT,
  ê: BREVE,
  é: BREVE + ACUTE,
  è: BREVE + GRAVE,
  ú: BREVE + HOOK,
  ü: BREVE + TILDE,
  ë: BREVE + DOT,
};
// Upper-case mark characters are used after capital letters ("AÙ" = Á).
for (const [k, v] of Object.entries(VNI_MARKS)) VNI_MARKS[k.toUpperCase()] = v;
/** Which marks a base letter can take in VNI: tones on any vowel; circumflex on a/e/o; breve on a only. */
const VNI_TAKES = (base: string, mark: string): boolean => {
  const b = base.toLowerCase();
  if (mark.includes(BREVE)) return b === "a";
  if (mark.includes(CIRC)) return b === "a" || b === "e" || b === "o";
  return "aeouyơư".includes(b);
};
// Single characters of VNI: đ, ơ, ư and the i/y forms that have no base-plus-mark spelling.
const VNI_SINGLE: Record<string, string> = {
  ñ: "đ",
  Ñ: "Đ",
  ô: "ơ",
  Ô: "Ơ",
  ö: "ư",
  Ö: "Ư",
  æ: "ỉ",
  Æ: "Ỉ",
  ò: "ị",
  Ò: "Ị",
  ó: "ĩ",
  Ó: "Ĩ",
  î: "ỵ",
  Î: "Ỵ",
};

/**
 * VNI → Unicode NFC: a vowel followed by a VNI mark character becomes the toned letter; ñ, ô, ö
 * and the i/y forms become đ, ơ, ư, ỉ, ị, ĩ, ỵ.
 *
 * @example
 * vniToUnicode("Baûn Haùng Pa"); // "Bản Háng Pa"
 * vniToUnicode("Ñieän Bieân"); // "Điện Biên"
 */
export function vniToUnicode(s: string): string {
  const chars = [...s];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const base = VNI_SINGLE[ch] ?? ch;
    const isVowel = /^[aeiouyAEIOUYơưƠƯ]$/.test(base);
    const next = chars[i + 1];
    const mark = next !== undefined && isVowel ? VNI_MARKS[next] : undefined;
    if (mark !== undefined && VNI_TAKES(base, mark)) {
      out += base + mark;
      i++;
    } else out += base;
  }
  return capitalWords(out.normalize("NFC"));
}

/** Converts from a legacy encoding (NFC result). */
export function fromLegacy(s: string, encoding: LegacyEncoding): string {
  return encoding === "tcvn3" ? tcvn3ToUnicode(s) : vniToUnicode(s);
}

/**
 * A word with at least two ASCII letters, all capitals, was typed in a capital font (.VnTimeH):
 * upper-case it entirely ("HáNG" → "HÁNG"). "Hà" (one ASCII letter) cannot be told apart and stays.
 */
function capitalWords(s: string): string {
  // A whole line in capitals (a title typed in .VnTimeH): every ASCII letter is a capital.
  const asciiAll = s.replace(/[^A-Za-z]/g, "");
  if (asciiAll.length >= 3 && asciiAll === asciiAll.toUpperCase()) return s.toUpperCase();
  return s.replace(/[\p{L}\p{M}]+/gu, (w) => {
    const ascii = w.replace(/[^A-Za-z]/g, "");
    return ascii.length >= 2 && ascii === ascii.toUpperCase() ? w.toUpperCase() : w;
  });
}

// ---------------------------------------------------------------------------------------------
// Detection

/** Latin-1 letters that Vietnamese Unicode text uses; any other character in U+0080–U+00FF is a hint of a legacy encoding. */
const VIETNAMESE_LATIN1 = new Set([..."ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"]);

/** Characters that, in a Vietnamese Unicode text, betray a legacy font encoding (e.g. ¸ µ « § Ö ø û). */
export function suspiciousCount(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c >= 0x80 && c <= 0xff && !VIETNAMESE_LATIN1.has(ch) && c !== 0xa0 && c !== 0xd7) || CP1252_TO_BYTE.has(ch)) n++;
  }
  return n;
}

/** True when a legacy conversion may apply: every character fits in one byte (real Unicode text has ế, ạ, đ …). */
export function isSingleByte(s: string): boolean {
  for (const ch of s) if (byteOf(ch) < 0) return false;
  return true;
}

const ONSETS = "ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x";
// Vowel clusters (without tone) that may end a syllable, and those that may take a final consonant.
const OPEN_ONLY = "iêu|yêu|oai|oay|uây|uôi|ươi|ươu|oeo|uyu|uya|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa";
const CLOSABLE = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uơ|ươ|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y";
const CODAS = "ch|ng|nh|c|m|n|p|t";
const SYLLABLE = new RegExp(`^(?:${ONSETS})?(?:(?:${OPEN_ONLY})|(?:${CLOSABLE})(?:${CODAS})?)$`);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Whether a word is a well-formed Vietnamese syllable (onset, vowel cluster, final, at most one
 * tone). Used only to score candidate conversions, so it need not know every minority place name.
 */
export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize("NFD");
  const tones = nfd.match(TONES)?.length ?? 0;
  if (tones > 1) return false;
  const bare = nfd.replace(TONES, "").normalize("NFC");
  return SYLLABLE.test(bare);
}

/** Well-formed syllables minus malformed words among the letter runs of the texts. */
export function syllableScore(texts: readonly string[]): number {
  let score = 0;
  for (const t of texts) {
    for (const w of t.split(/[^\p{L}\p{M}\u0080-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+/u)) {
      if (w === "" || /^[A-Za-z]$/.test(w)) continue;
      score += isVietnameseSyllable(w) ? 1 : -1;
    }
  }
  return score;
}

export interface LegacyDetection {
  /** The encoding the texts were typed in, or null when they read best as they are. */
  encoding: LegacyEncoding | null;
  /** Scores of the candidates (well-formed minus malformed words). */
  scores: Record<"unicode" | LegacyEncoding, number>;
}

/**
 * Decides whether a set of texts (e.g. one column, or every text cell of a sheet) was typed in
 * TCVN3 or VNI: only texts made of single-byte characters are candidates; each candidate
 * conversion is scored by how many words become well-formed Vietnamese syllables. A conversion is
 * chosen only if the texts contain characters foreign to Vietnamese Unicode and it scores higher
 * than leaving them as they are.
 *
 * @example
 * detectLegacy(["B¶n H¸ng Pa", "Th«n §«ng"]).encoding; // "tcvn3"
 * detectLegacy(["Bản Háng Pa"]).encoding; // null
 */
export function detectLegacy(texts: readonly string[]): LegacyDetection {
  const candidates = texts.filter((t) => isSingleByte(t));
  const suspicious = candidates.reduce((n, t) => n + suspiciousCount(t), 0);
  const scores = {
    unicode: syllableScore(candidates),
    tcvn3: syllableScore(candidates.map(tcvn3ToUnicode)),
    vni: syllableScore(candidates.map(vniToUnicode)),
  };
  if (suspicious === 0) return { encoding: null, scores };
  const best: LegacyEncoding = scores.tcvn3 >= scores.vni ? "tcvn3" : "vni";
  return { encoding: scores[best] > scores.unicode ? best : null, scores };
}

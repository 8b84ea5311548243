import { detectLegacy, fromLegacy, isSingleByte, suspiciousCount, syllableScore, type LegacyEncoding } from "./legacy";
import type { FontHint } from "../read-table";

/** One distinct text conversion shown to the user: what the file said and what will be stored. */
export interface Conversion {
  kind: "tcvn3" | "vni" | "nfc";
  from: string;
  to: string;
  /** How many cells had exactly this text. */
  count: number;
  /** The first row where it was seen. */
  row: number;
}

const MAX_LISTED = 300;

/**
 * Turns the text cells of one file into Unicode NFC, remembering what it changed. The legacy
 * encoding is decided once for the file from a sample (the title, the header and the first rows)
 * and the cells' fonts; then each single-byte cell is converted when that makes it read as
 * Vietnamese at least as well — a Unicode cell such as "Thôn" (which TCVN3 would turn into "Thụn")
 * is left alone unless its column showed legacy text.
 */
export class TextConverter {
  readonly encoding: LegacyEncoding | null;
  private readonly evidence: Set<number>;
  private readonly listed = new Map<string, Conversion>();
  counts = { tcvn3: 0, vni: 0, nfc: 0 };

  constructor(sample: { text: string; col: number; font?: FontHint }[]) {
    const detected = detectLegacy(sample.map((s) => s.text)).encoding;
    // Fonts speak when the text alone does not: a majority of hinted cells with foreign characters.
    const hinted = sample.filter((s) => s.font && suspiciousCount(s.text) > 0);
    const byFont = hinted.length > 0 ? (hinted.filter((s) => s.font!.encoding === "vni").length > hinted.length / 2 ? "vni" : "tcvn3") : null;
    this.encoding = detected ?? byFont;
    this.evidence = new Set(this.encoding ? sample.filter((s) => isSingleByte(s.text) && suspiciousCount(s.text) > 0).map((s) => s.col) : []);
  }

  /** The text as it will be stored (NFC, converted if legacy), recording the change. */
  convert(text: string, col: number, row: number, font?: FontHint): string {
    let out = text;
    let kind: Conversion["kind"] | null = null;
    const enc = font && suspiciousCount(text) > 0 ? font.encoding : this.encoding;
    if (enc && isSingleByte(text)) {
      const conv = fromLegacy(text, enc);
      if (conv !== text) {
        const gain = syllableScore([conv]) - syllableScore([text]);
        if (gain > 0 || (gain === 0 && (suspiciousCount(text) > 0 || this.evidence.has(col)))) {
          out = font?.capitals ? conv.toUpperCase() : conv;
          kind = enc;
        }
      }
    }
    if (kind === null && /[\u0300-\u036f]/.test(out)) {
      const nfc = out.normalize("NFC");
      if (nfc !== out) {
        out = nfc;
        kind = "nfc";
      }
    }
    if (kind) {
      this.counts[kind]++;
      const key = `${kind}\u0000${text}`;
      const seen = this.listed.get(key);
      if (seen) seen.count++;
      else if (this.listed.size < MAX_LISTED) this.listed.set(key, { kind, from: text, to: out, count: 1, row });
    }
    return out;
  }

  /** The distinct conversions made (at most 300), in order of first appearance. */
  conversions(): Conversion[] {
    return [...this.listed.values()];
  }
}

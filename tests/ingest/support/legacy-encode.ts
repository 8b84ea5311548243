// Unicode → TCVN3 / VNI encoders for making test fixtures, built by inverting the decoders of
// db/ingest/text/legacy.ts over every byte / every VNI sequence (so they cannot disagree with them
// silently: a round trip test checks both directions against known words).
import { tcvn3ToUnicode, vniToUnicode } from "../../../db/ingest/text/legacy";

const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
/** The character Windows-1252 shows for a byte (so a TCVN3 byte can live in a Unicode string). */
export const cp1252Char = (b: number) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b));

const TCVN3_INV = new Map<string, number>();
for (let b = 0xa1; b <= 0xff; b++) {
  if (b >= 0xb0 && b <= 0xb4) continue; // combining tone marks: never produced for a precomposed letter
  const u = tcvn3ToUnicode(String.fromCharCode(b));
  if (u.length === 1 && !TCVN3_INV.has(u)) TCVN3_INV.set(u, b);
}

/** Unicode text → the TCVN3 (ABC) bytes, as a string of Windows-1252 characters (what Excel shows in a .VnTime cell). */
export function toTcvn3(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const b = TCVN3_INV.get(ch) ?? TCVN3_INV.get(ch.toLowerCase());
    if (b !== undefined && ch.charCodeAt(0) >= 0x80) out += cp1252Char(b);
    else if (ch.charCodeAt(0) < 0x80) out += ch;
    else throw new Error(`toTcvn3: no TCVN3 code for ${ch}`);
  }
  return out;
}

const VNI_INV = new Map<string, string>();
{
  const marks = "øùûõïâáàåãäêéèúüë";
  const bases = "aeouyAEOUYôöÔÖ";
  for (const b of bases)
    for (const m of [...marks, ...marks.toUpperCase()]) {
      const seq = b + m;
      const u = vniToUnicode(seq);
      if ([...u].length === 1 && !VNI_INV.has(u)) VNI_INV.set(u, seq);
    }
  for (const single of "ñÑôÔöÖæÆòÒóÓîÎìíÌÍ") {
    const u = vniToUnicode(single);
    if (!VNI_INV.has(u)) VNI_INV.set(u, single);
  }
}

/** Unicode text → VNI Windows (as the Windows-1252 characters a VNI-Times cell holds). */
export function toVni(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    if (ch.charCodeAt(0) < 0x80) out += ch;
    else {
      const seq = VNI_INV.get(ch);
      if (!seq) throw new Error(`toVni: no VNI spelling for ${ch}`);
      out += seq;
    }
  }
  return out;
}

/** A string of single-byte characters → bytes (Windows-1252 view), for writing legacy CSV files. */
export function toBytes(s: string): Buffer {
  const inv = new Map([...CP1252_HIGH].map((c, i) => [c, 0x80 + i]));
  return Buffer.from([...s].map((c) => inv.get(c) ?? c.charCodeAt(0)));
}

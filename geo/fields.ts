import { z } from "zod";

/**
 * The primitives every request schema is built from (app/api/**\/schema.ts, geo/plan-schema.ts),
 * so that a value from outside is bounded the same way everywhere: ids that fit the database's
 * integer, dates inside a sane window, text without control characters. Pure (zod only): the
 * client parses with the same schemas.
 */
export const FIELD_LIMITS = {
  /** Largest id of a serial column (PostgreSQL integer): 2³¹ − 1. */
  maxDbId: 2 ** 31 - 1,
  /** Dates accepted from a request: the programme's data start after 2000; plans look a few decades ahead at most. */
  minDate: "2000-01-01",
  maxDate: "2100-12-31",
} as const;

/** A row id (serial column): a whole number 1 … 2³¹ − 1, as a JSON number. */
export const dbId = z
  .number({ message: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(FIELD_LIMITS.maxDbId, `must be at most ${FIELD_LIMITS.maxDbId}`);

/** A row id in a URL's query: digits only (no 1e3, no 0x10, no spaces), then as {@link dbId}. */
export const dbIdParam = z
  .string()
  .regex(/^[0-9]{1,10}$/, "must be a whole number (digits only)")
  .transform(Number)
  .pipe(dbId);

/** A calendar date YYYY-MM-DD between 2000-01-01 and 2100-12-31. */
export const isoDate = z.iso.date({ message: "must be a date YYYY-MM-DD" }).pipe(
  z.string().refine((d) => d >= FIELD_LIMITS.minDate && d <= FIELD_LIMITS.maxDate, {
    message: `must be a date between ${FIELD_LIMITS.minDate} and ${FIELD_LIMITS.maxDate}`,
  }),
);

/**
 * Text from a person: refused if it holds a control character (U+0000–U+001F, U+007F; a
 * multi-line text may hold line breaks and tabs) or an unpaired surrogate (half of a UTF-16 pair:
 * no Unicode text has one, and the database would store it as U+FFFD), with the character and its
 * position in the message; then NFC-normalised and trimmed (inner spaces are kept), and its length
 * checked.
 *
 * @example
 * text({ max: 120 }).safeParse("Viettel\u0000") // error: "contains the control character U+0000 at position 8"
 */
export function text({ min = 0, max, multiline = false }: { min?: number; max: number; multiline?: boolean }) {
  return z
    .string({ message: "must be text" })
    .superRefine((s, ctx) => {
      const at = firstControl(s, multiline);
      if (at >= 0) {
        const code = s.codePointAt(at)!.toString(16).toUpperCase().padStart(4, "0");
        ctx.addIssue({
          code: "custom",
          message: `contains the control character U+${code} at position ${at + 1}${multiline ? "" : " (a single line of text)"}`,
        });
      }
      const half = firstUnpairedSurrogate(s);
      if (half >= 0) {
        const code = s.charCodeAt(half).toString(16).toUpperCase();
        ctx.addIssue({ code: "custom", message: `contains an unpaired surrogate U+${code} at position ${half + 1} (not Unicode text)` });
      }
    })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`),
    );
}

/** Index of the first half of a UTF-16 surrogate pair that has no other half, or −1. */
function firstUnpairedSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/** Index of the first control character not allowed (multi-line text allows tab, LF, CR), or −1. */
function firstControl(s: string, multiline: boolean): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x1f && c !== 0x7f) continue;
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return i;
  }
  return -1;
}

// Values and request bodies an attacker (or a broken client) sends, for tests/api/fuzz.test.ts: ids
// past the database's integer, dates outside any sane window, control characters, unpaired
// surrogates, huge strings, deep nesting, bodies that are not JSON. Every one must get a 4xx.
import fc from "fast-check";

export const HOSTILE_NUMBERS = [0, -1, 1.5, -0, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324];

/** Dates no calendar or database window holds, or that are not dates. */
export const HOSTILE_DATES = [
  "0001-01-01",
  "9999-12-31",
  "0000-01-01",
  "1899-12-31",
  "1999-12-31",
  "2101-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "+002026-01-01",
  "-002026-01-01",
  "2026-01-01T00:00:00Z",
  "2026-1-1",
  "20260101",
  "2026-01-01\u0000",
];

/** Text with control characters, unpaired surrogates, decomposed accents, huge lengths, injections and lookalike ids. */
export const HOSTILE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u001f\u007f",
  "\t\r\n",
  "\uD800",
  "a\uDFFFb",
  "e\u0301",
  "\u202Eabc",
  "\uFEFF",
  "x".repeat(70_000),
  "9".repeat(400),
  "' OR 1=1 --",
  "%00",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "null",
  "NaN",
  "Infinity",
  "__proto__",
  "constructor",
  "p-11\u0000",
  "h-03205-01\n",
  "d-101 ",
];

/** Numbers as a URL carries them: past 2³¹ and 2⁵³, signed, in other notations. */
export const HOSTILE_NUMERALS = ["-1", "0", "2147483648", "4294967296", "9007199254740993", "1e3", "0x10", " 1", "1.5", "-0", "１２"];

export const HOSTILE_STRINGS = [...HOSTILE_TEXT, ...HOSTILE_DATES, ...HOSTILE_NUMERALS];

/** Not a string or a number (JSON.parse makes "__proto__" an own key, as a request body would). */
const HOSTILE_OTHER: unknown[] = [null, true, false, [], {}, [[[]]], JSON.parse('{"__proto__":{"polluted":1}}'), { toString: 1 }];

/** Nested arrays `depth` deep, as a value (JSON.stringify of it recurses: keep the depth in the thousands). */
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** One hostile JSON value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_OTHER),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double(),
  fc.integer({ min: 50, max: 2000 }).map(nested),
);

/** One hostile query-string value (what a URL can carry: text). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS.map(String)),
  fc.string({ unit: "binary", maxLength: 30 }),
);

/**
 * A hostile value of the same kind as `was` (the valid value it replaces), so that each field meets
 * its own boundaries: a number its range, a date its window, a text its characters; `pick` chooses.
 * Undefined (a field the valid value left out) gets any of them.
 */
export function hostileLike(was: unknown, pick: number, asText: boolean): unknown {
  const from = <T>(xs: readonly T[]) => xs[pick % xs.length]!;
  if (typeof was === "number") return asText ? from(HOSTILE_NUMERALS) : from(HOSTILE_NUMBERS);
  if (typeof was === "string" && /^\d{4}-\d{2}-\d{2}$/.test(was)) return from(HOSTILE_DATES);
  if (typeof was === "string" && /^\d+$/.test(was)) return from(HOSTILE_NUMERALS);
  if (typeof was === "string") return from(HOSTILE_TEXT);
  return from(HOSTILE_STRINGS);
}

/** A body that is not the JSON object a route reads: truncated, not JSON, deep, huge, not UTF-8. */
export const RAW_BODIES: { label: string; body: () => string | Uint8Array }[] = [
  { label: "empty", body: () => "" },
  { label: "truncated", body: () => '{"unit":"p-11",' },
  { label: "not JSON", body: () => "nul" },
  { label: "two closers", body: () => '{"a":1}}' },
  { label: "null", body: () => "null" },
  { label: "an array", body: () => "[]" },
  { label: "a number", body: () => "42" },
  { label: "a string", body: () => '"x"' },
  { label: "1e400", body: () => '{"unit":1e400,"importId":1e400}' },
  { label: "arrays 100k deep", body: () => `${"[".repeat(100_000)}${"]".repeat(100_000)}` },
  { label: "objects 50k deep", body: () => `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}` },
  { label: "not UTF-8", body: () => Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { label: "UTF-16", body: () => Uint8Array.from(Buffer.from('\uFEFF{"unit":"p-11"}', "utf16le")) },
  { label: "2.5 MB string", body: () => JSON.stringify({ unit: "h-03205-01", structure: "pre2025", name: "a".repeat(2_500_000) }) },
  { label: "20k keys", body: () => `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(",")}}` },
];

/** Raw query strings that URLSearchParams would never write: bad escapes, an encoded lone surrogate, NUL. */
export const RAW_QUERIES = [
  "unit=%",
  "unit=%zz&structure=pre2025",
  "unit=h-03205-01%00&structure=pre2025",
  "unit=%ED%A0%80&structure=post2025",
  "unit=h-03205-01&unit=p-38&structure=pre2025&structure=post2025",
  "__proto__=x&constructor=y&toString=z&unit=h-03205-01&structure=pre2025",
  "unit[]=p-11&structure[]=post2025",
  `unit=${"d".repeat(60_000)}&structure=post2025`,
  "&&&==&=",
];

export const CONTENT_TYPES = [
  null,
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-16",
  "application/xml",
];

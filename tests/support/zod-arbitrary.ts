// fast-check arbitraries of the INPUTS a zod 4 schema is written to accept, from the schema's own
// definition (`schema._zod.def`): objects, strings with their length, regex and format checks,
// numbers with their bounds, enums, unions, records, arrays, optional/default wrappers, and pipes (the
// input side; for z.preprocess, the schema after it). Refinements are not solved: a generated value
// may still be refused by one (which is fine for fuzzing). No maintained package does this for zod 4
// (zod-fast-check is for zod 3 and fast-check 3), hence this small walker.
import fc from "fast-check";
import type { z } from "zod";

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  [k: string]: unknown;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
}

/** An arbitrary for the field named `key` instead of the schema's own (e.g. real unit ids); undefined: the schema's. */
export type Override = (key: string, schema: Schema) => fc.Arbitrary<unknown> | undefined;

/** Largest generated array and record (a valid request stays small: the fuzz test makes large ones on purpose). */
const MAX_ITEMS = 4;
/** Numbers without a bound in the schema are drawn from ±this, and one time in 10 from the whole range of safe integers / doubles. */
const FREE_RANGE = 1_000_000;
/** Candidates drawn for a pipe before giving up on one its output side accepts. */
const PIPE_TRIES = 4;
/** Free text is at most this long, and one time in 10 up to LONG_TEXT when the schema sets no maximum. */
const SHORT_TEXT = 24;
const LONG_TEXT = 5000;

/** Wrappers pass their key on to what they wrap: an override is asked for the value inside (`skip: [...]` → each hamlet id). */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "array", "record", "lazy"]);

const defOf = (s: Schema) => s._zod.def as unknown as Def;
const checksOf = (s: Schema) => ((defOf(s).checks ?? []) as Schema[]).map((c) => c._zod.def as unknown as CheckDef);

/** Keys an object may leave out: optional, or with a default. */
export function isOptionalKey(s: Schema): boolean {
  return s._zod.optin === "optional";
}

/**
 * The arbitrary of the schema's inputs. `key` is the object key the schema is found under (arrays,
 * records and optional/default wrappers pass it on to their elements), for `override`.
 */
export function inputArbitrary(schema: Schema, override: Override = () => undefined, key = ""): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const own = WRAPPERS.has(def.type) ? undefined : override(key, schema);
  if (own) return own;
  const inner = (s: unknown) => inputArbitrary(s as Schema, override, key);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inputArbitrary(s, override, k)]));
      return fc.record(fields, { requiredKeys: Object.keys(shape).filter((k) => !isOptionalKey(shape[k]!)) });
    }
    case "string":
      return stringArbitrary(schema);
    case "number":
      return numberArbitrary(checksOf(schema));
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "null":
      return fc.constant(null);
    case "undefined":
      return fc.constant(undefined);
    case "unknown":
    case "any":
      return fc.jsonValue({ maxDepth: 2 });
    case "array": {
      const { min, max } = lengths(checksOf(schema));
      return fc.array(inner(def.element), { minLength: min, maxLength: Math.max(min, Math.min(max ?? MAX_ITEMS, MAX_ITEMS)) });
    }
    case "record":
      return fc.dictionary(inner(def.keyType) as fc.Arbitrary<string>, inner(def.valueType), { maxKeys: MAX_ITEMS });
    case "union":
      return fc.oneof(...(def.options as Schema[]).map(inner));
    case "optional":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe": {
      // z.preprocess(f, s) is a pipe from a transform: what the transform is given is what s takes.
      const from = def.in as Schema;
      if (defOf(from).type === "transform") return inner(def.out);
      // Else the input side, but what comes out must also pass the rest (text's length after trimming,
      // an id's range, a date's window): the first of a few candidates that the whole pipe accepts.
      return fc
        .array(inner(from), { minLength: PIPE_TRIES, maxLength: PIPE_TRIES })
        .map((xs) => xs.find((x) => (schema as z.ZodType).safeParse(x).success) ?? xs[0]);
    }
    case "lazy":
      return inner((def.getter as () => Schema)());
    default:
      throw new Error(`zod type "${def.type}" has no arbitrary yet: add it to tests/support/zod-arbitrary.ts`);
  }
}

function lengths(checks: CheckDef[]): { min: number; max: number | undefined } {
  let min = 0;
  let max: number | undefined;
  for (const c of checks) {
    if (c.check === "min_length" || c.check === "length_equals") min = Math.max(min, c.minimum ?? c.value ?? 0);
    if (c.check === "max_length" || c.check === "length_equals") max = Math.min(max ?? Infinity, c.maximum ?? c.value ?? Infinity);
  }
  return { min, max };
}

function numberArbitrary(checks: CheckDef[]): fc.Arbitrary<number> {
  const bounded = (free: number) => boundedNumber(checks, free);
  return fc.oneof({ arbitrary: bounded(FREE_RANGE), weight: 9 }, { arbitrary: bounded(Number.MAX_SAFE_INTEGER), weight: 1 });
}

/** A number within the schema's checks; `free` stands for a bound the schema does not set. */
function boundedNumber(checks: CheckDef[], free: number): fc.Arbitrary<number> {
  let min = -free;
  let max = free;
  let minExcluded = false;
  let maxExcluded = false;
  let int = false;
  for (const c of checks) {
    if (c.check === "number_format") int = true;
    if (c.check === "greater_than" && c.value! >= min) [min, minExcluded] = [c.value!, !c.inclusive];
    if (c.check === "less_than" && c.value! <= max) [max, maxExcluded] = [c.value!, !c.inclusive];
  }
  if (int) return fc.integer({ min: minExcluded ? Math.floor(min) + 1 : Math.ceil(min), max: maxExcluded ? Math.ceil(max) - 1 : Math.floor(max) });
  return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
}

/** Dates a date format accepts: mostly this century, and one time in 8 any year 0000–9999 (the format's whole range). */
const ISO_DATE = { min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z") };
const ANY_DATE = { min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z") };
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A string of the schema's format (uuid, email, date, regex) or free text, within its lengths. */
function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const checks = [defOf(schema) as unknown as CheckDef, ...checksOf(schema)];
  const { min, max } = lengths(checks);
  const format = checks.find((c) => c.format)?.format;
  let base: fc.Arbitrary<string>;
  if (format === "uuid" || format === "guid") base = fc.uuid({ version: 4 });
  else if (format === "email")
    base = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), fc.constantFrom("example.vn", "demo.invalid")).map(([u, d]) => `${u}@${d}`);
  else if (format === "date")
    base = fc
      .oneof({ arbitrary: fc.date({ ...ISO_DATE, noInvalidDate: true }), weight: 7 }, { arbitrary: fc.date({ ...ANY_DATE, noInvalidDate: true }), weight: 1 })
      .map(isoDay);
  else if (format === "regex") base = fc.stringMatching(checks.find((c) => c.format === "regex")!.pattern!);
  else if (format) throw new Error(`string format "${format}" has no arbitrary yet: add it to tests/support/zod-arbitrary.ts`);
  else {
    const text = (most: number) => fc.string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, Math.min(max ?? most, most)) });
    base = max === undefined ? fc.oneof({ arbitrary: text(SHORT_TEXT), weight: 9 }, { arbitrary: text(LONG_TEXT), weight: 1 }) : text(SHORT_TEXT);
  }
  return base.filter((s) => s.length >= min && (max === undefined || s.length <= max));
}

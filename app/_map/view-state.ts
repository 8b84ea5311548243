import { z } from "zod";
import { scopeSchema } from "@/db/queries/scope";
import { MOBILE_TECHS, OPERATORS } from "@/geo/domain";
import { DEFAULT_INDICATOR, INDICATOR_IDS } from "./indicators";
import { DEFAULT_ON_LAYER_IDS, TOGGLE_LAYER_IDS } from "./layers";

/**
 * Everything a view of the explorer is — indicator, classification, layers, filters, date,
 * comparison date, unit in focus, structure, map position — as URL query parameters, parsed with
 * zod. Every field has a default and falls back to it when its value is missing or bad, so a
 * link from an older version (e.g. `?unit=p-11&structure=post2025`, version 0 without `v`) or a
 * hand-edited one still opens, showing the rest of its view. `v` is the format version: a change
 * of meaning gets a new number and a step in {@link migrate}.
 */

export const VIEW_STATE_VERSION = 1;

export const FILTER_IDS = ["no4g", "nogrid", "nosignal", "nofiber"] as const;
export type FilterId = (typeof FILTER_IDS)[number];
export const OPERATOR_CHOICES = ["any", ...OPERATORS] as const;
export const TECH_CHOICES = ["any", ...MOBILE_TECHS] as const;
export const METHODS = ["quantile", "equal", "jenks", "manual"] as const;
export const LEVELS = ["hamlet", "commune", "district", "auto"] as const;

const isoDate = z.iso.date();
/** Comma-separated list → the known entries, each once, in the order given. */
const list = <T extends string>(known: readonly T[]) =>
  z.string().transform((s) => [
    ...new Set(
      s
        .split(",")
        .map((x) => x.trim())
        .filter((x): x is T => (known as readonly string[]).includes(x)),
    ),
  ]);
const position = z
  .string()
  .transform((s) => s.split(",").map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-85).max(85), z.number().min(0).max(22)]));
const manualBreaks = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .filter((x) => x.trim() !== "")
      .map(Number),
  )
  .pipe(z.array(z.number().finite()).max(8))
  .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), "manual breaks must be strictly ascending");

export const viewStateSchema = z.object({
  /** Format version of the link (0: links from before the explorer, which had no `v`). */
  v: z.coerce.number().int().min(0).catch(0).default(0),
  /** Unit or hamlet in focus (breadcrumb, details, counts); the map shows its province. */
  unit: scopeSchema.shape.unitId.catch("p-11").default("p-11"),
  structure: scopeSchema.shape.structure.catch("post2025").default("post2025"),
  /** Indicator id (app/_map/indicators.ts). */
  ind: z.enum(INDICATOR_IDS).catch(DEFAULT_INDICATOR).default(DEFAULT_INDICATOR),
  /** Classification method and number of classes; manual thresholds as shares (0.6 = 60 %) or counts. */
  method: z.enum(METHODS).catch("quantile").default("quantile"),
  k: z.coerce.number().int().min(2).max(7).catch(5).default(5),
  breaks: manualBreaks.catch([]).default([]),
  /**
   * Which units the indicator colours: hamlets, communes or pre-2025 districts (hamlet sums), or
   * "auto": communes when zoomed out (below AUTO_LEVEL_ZOOM), hamlets closer in.
   */
  level: z.enum(LEVELS).catch("hamlet").default("hamlet"),
  /** Toggleable layers that are on. */
  layers: list(TOGGLE_LAYER_IDS)
    .catch([...DEFAULT_ON_LAYER_IDS])
    .default([...DEFAULT_ON_LAYER_IDS]),
  /** Operator for the coverage layers and the signal status ("any" = all operators combined). */
  op: z.enum(OPERATOR_CHOICES).catch("any").default("any"),
  /** Technology whose signal the status marks show ("any" = best of 2G/3G/4G). */
  tech: z.enum(TECH_CHOICES).catch("4g").default("4g"),
  /** Active hamlet filters, combined with AND. */
  f: list(FILTER_IDS).catch([]).default([]),
  /** "Activation below X %": X in percent; absent = no such filter. */
  act: z.coerce.number().min(0).max(100).optional().catch(undefined),
  /** Snapshot date; absent = the latest. */
  date: isoDate.optional().catch(undefined),
  /** Second date to compare with (change from `cmp` to `date`); absent = no comparison. */
  cmp: isoDate.optional().catch(undefined),
  /** Map position "lon,lat,zoom"; absent = fit the unit in focus. */
  at: position.optional().catch(undefined),
});

export type ViewState = z.infer<typeof viewStateSchema>;

/** Parses query parameters (first value of each) into a full view state; never throws. */
export function parseViewState(params: URLSearchParams | Record<string, string | string[] | undefined>): ViewState {
  const raw: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  } else {
    for (const [k, v] of Object.entries(params)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) raw[k] = first;
    }
  }
  return migrate(viewStateSchema.parse(raw));
}

/** Brings a parsed state of any older version to the current one. */
function migrate(s: ViewState): ViewState {
  // v0 (no `v`): the map page's `?unit=&structure=` only — everything else takes its default.
  return { ...s, v: VIEW_STATE_VERSION };
}

/**
 * The query string of a view state: the version and every field that differs from its default,
 * in a fixed order (so that equal states give equal links). Extra parameters (e.g. `lang`) are kept.
 */
export function serialiseViewState(s: ViewState, keep: Record<string, string> = {}): string {
  const d = DEFAULTS;
  const q = new URLSearchParams();
  q.set("v", String(VIEW_STATE_VERSION));
  q.set("unit", s.unit);
  q.set("structure", s.structure);
  if (s.ind !== d.ind) q.set("ind", s.ind);
  if (s.method !== d.method) q.set("method", s.method);
  if (s.k !== d.k) q.set("k", String(s.k));
  if (s.breaks.length > 0) q.set("breaks", s.breaks.join(","));
  if (s.level !== d.level) q.set("level", s.level);
  if (s.layers.join(",") !== d.layers.join(",")) q.set("layers", s.layers.join(","));
  if (s.op !== d.op) q.set("op", s.op);
  if (s.tech !== d.tech) q.set("tech", s.tech);
  if (s.f.length > 0) q.set("f", s.f.join(","));
  if (s.act !== undefined) q.set("act", String(s.act));
  if (s.date) q.set("date", s.date);
  if (s.cmp) q.set("cmp", s.cmp);
  if (s.at) q.set("at", s.at.map((v, i) => (i === 2 ? v.toFixed(2) : v.toFixed(5))).join(","));
  for (const [k, v] of Object.entries(keep)) if (!q.has(k)) q.set(k, v);
  return q.toString();
}

export const DEFAULTS: ViewState = parseViewState({});

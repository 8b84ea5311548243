import { SMALL_COUNT_DEFAULTS } from "@/geo/small-counts";
import { foldName } from "@/geo/names";
import { FUNNEL_STEPS, MOBILE_TECHS as TECHS, OPERATORS } from "@/geo/domain";
import { rate } from "@/geo/rates";
import { colourOf, divergingClasses, sequentialClasses, type Classes } from "../classify";
import type { FeatureStateValues } from "../feature-state";
import { indicatorById, type CountKey, type Indicator } from "../indicators";
import type { FilterId, ViewState } from "../view-state";
import type { AttributeTable, Attributes, Unit, UnitsResponse } from "./api";

/**
 * The explorer's computations, pure (no DOM, no map): the unit tree, indicator values from the
 * attribute tables, classes, per-feature states, filters and their counts, search. Everything
 * runs over a province's few thousand hamlets in a few milliseconds, so switching indicator or
 * filter needs no request.
 */

/** Vietnamese alphabetical order (one collator: localeCompare with a locale builds one per call). */
const VI_COLLATOR = new Intl.Collator("vi");

/** The largest count that is withheld (1 … this): a withheld numerator means "fewer than 5". */
const SMALL_MAX = SMALL_COUNT_DEFAULTS.threshold - 1;

export interface Tree {
  province: UnitsResponse["province"];
  structure: UnitsResponse["structure"];
  units: Unit[];
  byId: Map<string, Unit>;
  /** Children of each unit, sorted by name. */
  children: Map<string, Unit[]>;
  /** Hamlet ids under each unit (a hamlet: itself). */
  hamletsUnder: Map<string, string[]>;
  /** Search index: folded name, full name and aliases of every unit. */
  search: { unit: Unit; keys: string[] }[];
}

export function buildTree(r: UnitsResponse): Tree {
  const byId = new Map(r.units.map((u) => [u.id, u]));
  const children = new Map<string, Unit[]>();
  for (const u of r.units) if (u.parentId) (children.get(u.parentId) ?? children.set(u.parentId, []).get(u.parentId)!).push(u);
  for (const list of children.values()) list.sort((a, b) => VI_COLLATOR.compare(a.name, b.name));
  const hamletsUnder = new Map<string, string[]>();
  for (const u of r.units) {
    if (u.level !== "hamlet") continue;
    let id: string | null = u.id;
    while (id) {
      (hamletsUnder.get(id) ?? hamletsUnder.set(id, []).get(id)!).push(u.id);
      id = byId.get(id)?.parentId ?? null;
    }
  }
  const search = r.units.map((unit) => ({
    unit,
    keys: [...new Set([unit.nameFolded || foldName(unit.name), foldName(unit.fullName), ...unit.aliases.map(foldName)])],
  }));
  return { province: r.province, structure: r.structure, units: r.units, byId, children, hamletsUnder, search };
}

/** The unit and its ancestors, root first (for the breadcrumb). */
export function pathTo(tree: Tree, id: string): Unit[] {
  const out: Unit[] = [];
  let u = tree.byId.get(id);
  while (u) {
    out.unshift(u);
    u = u.parentId ? tree.byId.get(u.parentId) : undefined;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attribute tables

export interface Indexed {
  t: AttributeTable;
  index: Map<string, number>;
  /** Column → the row indexes withheld, as a set (looked up once per row and indicator). */
  withheld: Map<string, Set<number>>;
}

export function indexed(t: AttributeTable): Indexed {
  return { t, index: new Map(t.ids.map((id, i) => [id, i])), withheld: new Map(Object.entries(t.withheld).map(([k, rows]) => [k, new Set(rows)])) };
}

export function value(x: Indexed, key: string, i: number): number | null {
  return x.t.columns[key]?.[i] ?? null;
}

export function isWithheld(x: Indexed, key: string, i: number): boolean {
  return x.withheld.get(key)?.has(i) ?? false;
}

/**
 * The indicator's value for row i. A withheld numerator (1–4 people) gives the upper bound
 * 4 / denominator — the share is below it — so that such hamlets still classify as low and match
 * "below X %" filters; a withheld denominator gives no value.
 */
export function indicatorValue(ind: Indicator, x: Indexed, i: number): number | null {
  const v = ind.value;
  switch (v.op) {
    case "ratio": {
      const den = value(x, v.denominator, i);
      if (den === null || den === 0) return null;
      const num = value(x, v.numerator, i);
      if (num === null) return isWithheld(x, v.numerator, i) ? SMALL_MAX / den : null;
      return rate(num, den);
    }
    case "target": {
      const target = value(x, "target", i);
      const num = value(x, v.numerator, i);
      return rate(num, target);
    }
    case "difference": {
      const a = value(x, v.minuend, i);
      const b = value(x, v.subtrahend, i);
      if (a === null) return null;
      // A withheld subtrahend is 1–4: take the middle, the circle's size cannot show the difference.
      if (b === null) return isWithheld(x, v.subtrahend, i) ? a - (1 + SMALL_MAX) / 2 : null;
      return a - b;
    }
  }
}

/** Best signal (0 none, 1 weak, 2 good) of the technologies and operators chosen, null if unknown. */
export function signalOf(x: Indexed, i: number, tech: ViewState["tech"], op: ViewState["op"]): number | null {
  let best: number | null = null;
  for (const o of op === "any" ? OPERATORS : [op]) {
    for (const t of tech === "any" ? TECHS : [tech]) {
      const s = value(x, `sig_${o}_${t}`, i);
      if (s !== null) best = Math.max(best ?? 0, s);
    }
  }
  return best;
}

/** Whether hamlet row i passes one filter; null when its status is unknown (it then fails). */
export function passes(x: Indexed, i: number, f: FilterId): boolean | null {
  switch (f) {
    case "no4g": {
      const s = signalOf(x, i, "4g", "any");
      return s === null ? null : s === 0;
    }
    case "nosignal": {
      const s = signalOf(x, i, "any", "any");
      return s === null ? null : s === 0;
    }
    case "nogrid": {
      const g = value(x, "grid", i);
      return g === null ? null : g === 0;
    }
    case "nofiber": {
      const g = value(x, "fiber", i);
      return g === null ? null : g === 0;
    }
  }
}

const ACTIVATION = "activation_rate";

/** All active filters (AND): the infrastructure ones and "activation below act %". */
export function matchesFilters(x: Indexed, i: number, filters: readonly FilterId[], act: number | undefined): boolean {
  for (const f of filters) if (passes(x, i, f) !== true) return false;
  if (act !== undefined) {
    const a = indicatorValue(indicatorById(ACTIVATION), x, i);
    if (a === null || !(a < act / 100)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The view

export type Level = "hamlet" | "commune" | "district";

export interface FilterSummary {
  active: boolean;
  /** Hamlets under the unit in focus, and those matching. */
  hamlets: number;
  matching: number;
  /** Sums over the matching hamlets; `partial` when some hamlet's count was withheld (the sum is then a lower bound). */
  residents: { sum: number; partial: boolean };
  eligible: { sum: number; partial: boolean };
  notActivated: { sum: number; partial: boolean };
  /** The matching hamlets, by name. */
  matchingIds: string[];
}

export interface ViewModel {
  indicator: Indicator;
  level: Level;
  draw: "fill" | "circles";
  comparing: boolean;
  classes: Classes;
  /** Values of the features coloured (hamlets or units of the level), by id. */
  values: Map<string, number | null>;
  hamletStates: Map<string, FeatureStateValues>;
  unitStates: Map<string, FeatureStateValues>;
  /** Whether the indicator has any value at this level (targets exist only for some units). */
  hasValues: boolean;
}

/** Largest circle radius at zoom 10, px, by level: the biggest value gets it, the rest by area. */
const MAX_RADIUS = { hamlet: 16, commune: 30, district: 40 } as const;

/** With level "auto", communes (hamlet sums) are coloured below this zoom, hamlets from it on. */
export const AUTO_LEVEL_ZOOM = 8.5;

/** The level coloured: districts exist only before 2025; "auto" depends on the zoom. */
export function effectiveLevel(state: Pick<ViewState, "level" | "structure">, zoom?: number): Level {
  if (state.level === "auto") return zoom !== undefined && zoom < AUTO_LEVEL_ZOOM ? "commune" : "hamlet";
  return state.level === "district" && state.structure !== "pre2025" ? "commune" : state.level;
}

export function computeView(input: { tree: Tree; attrs: Attributes; cmpAttrs?: Attributes | null; state: ViewState; zoom?: number }): ViewModel {
  const { tree, attrs, cmpAttrs, state } = input;
  const indicator = indicatorById(state.ind);
  const level = effectiveLevel(state, input.zoom);
  const comparing = !!cmpAttrs && !!state.cmp;
  const draw = comparing ? "fill" : indicator.draw;
  const hamlets = indexed(attrs.hamlets);
  const units = indexed(attrs.units);
  const cmpHamlets = comparing ? indexed(cmpAttrs!.hamlets) : null;
  const cmpUnits = comparing ? indexed(cmpAttrs!.units) : null;

  // Values of the features coloured at this level.
  const table = level === "hamlet" ? hamlets : units;
  const cmpTable = level === "hamlet" ? cmpHamlets : cmpUnits;
  const ids = level === "hamlet" ? attrs.hamlets.ids : attrs.units.ids.filter((id) => tree.byId.get(id)?.level === level);
  const values = new Map<string, number | null>();
  for (const id of ids) {
    const i = table.index.get(id)!;
    const v = indicatorValue(indicator, table, i);
    if (!cmpTable) {
      values.set(id, v);
      continue;
    }
    const j = cmpTable.index.get(id);
    const w = j === undefined ? null : indicatorValue(indicator, cmpTable, j);
    values.set(id, v === null || w === null ? null : v - w);
  }
  const list = [...values.values()];
  const classes = comparing
    ? divergingClasses(list, { k: state.k, method: state.method, manual: state.breaks })
    : sequentialClasses(list, { method: state.method, k: state.k, manual: state.breaks, palette: indicator.palette });

  const filtering = state.f.length > 0 || state.act !== undefined;
  const maxValue = draw === "circles" ? Math.max(0, ...list.filter((v): v is number => v !== null)) : 0;
  const radius = (v: number | null) => (v === null || v <= 0 || maxValue === 0 ? 0 : MAX_RADIUS[level] * Math.sqrt(v / maxValue));

  const hamletStates = new Map<string, FeatureStateValues>();
  attrs.hamlets.ids.forEach((id, i) => {
    const s: FeatureStateValues = {};
    if (level === "hamlet") {
      const v = values.get(id) ?? null;
      const c = colourOf(v, classes);
      if (c) s.colour = c;
      if (draw === "circles") s.radius = radius(v);
    }
    if (filtering) s.match = matchesFilters(hamlets, i, state.f, state.act);
    const sig = signalOf(hamlets, i, state.tech, state.op);
    if (sig !== null) s.status = sig;
    const g = value(hamlets, "grid", i);
    if (g === 0) s.noGrid = true;
    hamletStates.set(id, s);
  });

  const unitStates = new Map<string, FeatureStateValues>();
  for (const u of tree.units) {
    if (u.level === "hamlet") continue;
    const s: FeatureStateValues = {};
    if (u.level === level) {
      const v = values.get(u.id) ?? null;
      const c = colourOf(v, classes);
      if (c) s.colour = c;
      if (draw === "circles") s.radius = radius(v);
    }
    unitStates.set(u.id, s);
  }

  return { indicator, level, draw, comparing, classes, values, hamletStates, unitStates, hasValues: list.some((v) => v !== null) };
}

/** Counts of the hamlets under the unit in focus that match the filters, and their people. */
export function summarise(tree: Tree, hamlets: Indexed, state: Pick<ViewState, "unit" | "f" | "act">): FilterSummary {
  const under = tree.hamletsUnder.get(state.unit) ?? tree.hamletsUnder.get(tree.province.id) ?? [];
  const active = state.f.length > 0 || state.act !== undefined;
  const sum = () => ({ sum: 0, partial: false });
  const out: FilterSummary = { active, hamlets: under.length, matching: 0, residents: sum(), eligible: sum(), notActivated: sum(), matchingIds: [] };
  const add = (acc: { sum: number; partial: boolean }, v: number | null, withheld: boolean) => {
    if (v === null) acc.partial ||= withheld;
    else acc.sum += v;
  };
  for (const id of under) {
    const i = hamlets.index.get(id);
    if (i === undefined || !matchesFilters(hamlets, i, state.f, state.act)) continue;
    out.matching += 1;
    out.matchingIds.push(id);
    add(out.residents, value(hamlets, "residents", i), isWithheld(hamlets, "residents", i));
    add(out.eligible, value(hamlets, "eligible", i), isWithheld(hamlets, "eligible", i));
    const e = value(hamlets, "eligible", i);
    const a = value(hamlets, "activated", i);
    if (e !== null && a !== null) out.notActivated.sum += e - a;
    else out.notActivated.partial = true;
  }
  out.matchingIds.sort((a, b) => VI_COLLATOR.compare(tree.byId.get(a)?.name ?? a, tree.byId.get(b)?.name ?? b));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchHit {
  unit: Unit;
  /** 0 exact name, 1 name starts with the query, 2 a word starts with it, 3 contains it, 4 code. */
  rank: number;
}

/**
 * Units whose name (or full name, or an alias) matches the query ignoring diacritics, đ/Đ and
 * case (geo/names.ts foldName), or whose code starts with it; best matches first, then by level
 * (province, district, commune, hamlet) and name.
 */
export function searchUnits(tree: Tree, query: string, limit = 12): SearchHit[] {
  const q = foldName(query);
  if (q.length === 0) return [];
  const levelOrder = { province: 0, district: 1, commune: 2, hamlet: 3 } as const;
  const hits: SearchHit[] = [];
  for (const { unit, keys } of tree.search) {
    let rank = Infinity;
    for (const k of keys) {
      if (k === q) rank = Math.min(rank, 0);
      else if (k.startsWith(q)) rank = Math.min(rank, 1);
      else if (k.includes(` ${q}`)) rank = Math.min(rank, 2);
      else if (k.includes(q)) rank = Math.min(rank, 3);
    }
    if (rank === Infinity && /^\d+$/.test(q.replace(/[-\s]/g, "")) && unit.code.replace(/[-\s]/g, "").startsWith(q.replace(/[-\s]/g, ""))) rank = 4;
    if (rank !== Infinity) hits.push({ unit, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || levelOrder[a.unit.level] - levelOrder[b.unit.level] || VI_COLLATOR.compare(a.unit.name, b.unit.name));
  return hits.slice(0, limit);
}

/** The count keys the details panel lists for a funnel. */
export const FUNNEL_KEYS = FUNNEL_STEPS satisfies readonly CountKey[];

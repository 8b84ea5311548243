import { foldName, stripUnitPrefix } from "../../geo/names";

/**
 * Matching names and codes from a file to the gazetteer (admin_units). Pure: the units come in,
 * the answer goes out. Rules:
 * - codes first: a hamlet code ("03211-01", or the id "h-03211-01") or commune code ("03211");
 *   a name that disagrees with the code's unit is reported, the code wins;
 * - names ignore diacritics, case, đ/d, type words (bản, thôn, xóm, tổ dân phố, xã, phường, thị
 *   trấn …), spacing and hyphens, leading zeros of numbers, and known aliases;
 * - a hamlet is looked for inside its commune (either structure: a file may name the commune
 *   before or after the 2025 merger); without a commune, inside the scope — where a name found in
 *   two communes is ambiguous;
 * - ambiguous and unmatched names are never guessed: the caller lists them for the user.
 */

export interface GazUnit {
  id: string;
  code: string;
  level: "province" | "district" | "commune" | "hamlet";
  type: string;
  name: string;
  aliases: readonly string[];
  /** For a hamlet: its commune in each structure. For a commune: its district/province. */
  parentIds: readonly string[];
}

export type MatchResult =
  | { status: "matched"; unitId: string; how: "code" | "name" | "alias" | "loose" }
  | { status: "ambiguous"; candidates: string[] }
  | { status: "unmatched"; suggestions: string[] };

/**
 * The key a name is compared on: folded, type word removed, "số" before a number dropped, leading
 * zeros dropped, spaces/hyphens/dots removed.
 *
 * @example
 * matchKey("Bản Háng Pa") === matchKey("HÁNG PA") === matchKey("Háng-Pa"); // "hangpa"
 * matchKey("Tổ dân phố số 07"); // "7"
 */
export function matchKey(name: string): string {
  const folded = foldName(stripUnitPrefix(name));
  return folded
    .replace(/\bso\s+(?=\d)/g, "")
    .replace(/\b0+(?=\d)/g, "")
    .replace(/[\s\-.'’_]+/g, "");
}

const LOOSE_PREFIX = /^(to dan pho|khu pho|tdp|ban|thon|xom|to|khu|doi|lang|ap|xa|phuong|thi tran|tt)\s+/;
/** The key with a leading type word removed even where it could be part of a name ("Ban Công"); used only as a fallback. */
export function looseKey(name: string): string {
  const folded = foldName(name)
    .replace(/[^a-z0-9 ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return matchKey(folded.replace(LOOSE_PREFIX, ""));
}

function normCode(code: string): string {
  return code
    .trim()
    .replace(/^h-/i, "")
    .replace(/^c(19|25)-/i, "")
    .replace(/\s+/g, "");
}

export class Gazetteer {
  private readonly byId = new Map<string, GazUnit>();
  private readonly byCode = new Map<string, GazUnit[]>();
  private readonly hamletsByCommune = new Map<string, GazUnit[]>();
  private readonly byKey = new Map<string, Map<string, GazUnit[]>>();
  private readonly cache = new Map<string, MatchResult>();
  private readonly groupCache = new Map<string, string[]>();

  constructor(units: readonly GazUnit[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      push(this.byCode, `${u.level}|${normCode(u.code)}`, u);
      if (u.level === "hamlet") for (const p of u.parentIds) push(this.hamletsByCommune, p, u);
      const keys = new Map<string, "name" | "alias">([[matchKey(u.name), "name"]]);
      for (const a of u.aliases) if (!keys.has(matchKey(a))) keys.set(matchKey(a), "alias");
      for (const k of keys.keys()) {
        if (!this.byKey.has(u.level)) this.byKey.set(u.level, new Map());
        push(this.byKey.get(u.level)!, k, u);
      }
    }
  }

  unit(id: string): GazUnit | undefined {
    return this.byId.get(id);
  }

  /** Hamlets of a commune (either structure). */
  hamletsOf(communeId: string): readonly GazUnit[] {
    return this.hamletsByCommune.get(communeId) ?? [];
  }

  /** A commune (or ward/town) by code, else by name within the scope. */
  matchCommune(q: { name?: string | null; code?: string | null }): MatchResult {
    return this.memo(`c|${q.code ?? ""}|${q.name ?? ""}`, () => {
      if (q.code) {
        const hits = this.byCode.get(`commune|${normCode(q.code)}`) ?? [];
        // The same GSO code before and after 2025 (a commune kept its code) is one place for matching.
        if (hits.length > 0 && !q.name) return hits.length === 1 ? matched(hits[0]!.id, "code") : { status: "ambiguous", candidates: hits.map((h) => h.id) };
        if (hits.length > 0) {
          const byName = hits.filter((h) => sameName(h, q.name!));
          if (byName.length >= 1) return matched(byName[0]!.id, "code");
          return matched(hits[0]!.id, "code");
        }
      }
      if (!q.name) return { status: "unmatched", suggestions: [] };
      return this.byName("commune", q.name, null);
    });
  }

  /** All commune ids that a commune answer stands for: a matched commune and its namesakes of the other structure with the same code. */
  communeGroup(communeId: string): string[] {
    let g = this.groupCache.get(communeId);
    if (!g) {
      const u = this.byId.get(communeId);
      if (!u) return [];
      const same = (this.byCode.get(`commune|${normCode(u.code)}`) ?? []).filter((o) => matchKey(o.name) === matchKey(u.name));
      g = [...new Set([communeId, ...same.map((o) => o.id)])];
      this.groupCache.set(communeId, g);
    }
    return g;
  }

  /** A hamlet by code, else by name inside the given communes (or anywhere in the scope when none). */
  matchHamlet(q: { name?: string | null; code?: string | null; communeIds?: readonly string[] | null }): MatchResult {
    const communes = q.communeIds ? [...q.communeIds].sort().join(",") : "*";
    return this.memo(`h|${q.code ?? ""}|${q.name ?? ""}|${communes}`, () => {
      if (q.code) {
        const code = normCode(q.code);
        const u = this.byId.get(`h-${code}`) ?? (this.byCode.get(`hamlet|${code}`) ?? [])[0];
        if (u) return matched(u.id, "code");
      }
      if (!q.name) return { status: "unmatched", suggestions: [] };
      return this.byName("hamlet", q.name, q.communeIds ?? null);
    });
  }

  /** Whether a unit's name agrees with a name from the file (for code/name cross-checks). */
  nameAgrees(unitId: string, name: string): boolean {
    const u = this.byId.get(unitId);
    return !!u && sameName(u, name);
  }

  private byName(level: GazUnit["level"], name: string, communeIds: readonly string[] | null): MatchResult {
    const inScope = (u: GazUnit) => !communeIds || level !== "hamlet" || u.parentIds.some((p) => communeIds.includes(p));
    const index = this.byKey.get(level) ?? new Map<string, GazUnit[]>();
    const attempt = (key: string, how: "name" | "loose"): MatchResult | null => {
      const hits = uniq((index.get(key) ?? []).filter(inScope));
      if (hits.length === 1) {
        const u = hits[0]!;
        const isAlias = matchKey(u.name) !== key && how === "name";
        return matched(u.id, isAlias ? "alias" : how);
      }
      // One commune under the same code and name before and after 2025 (it kept both): one place.
      if (
        hits.length > 1 &&
        level === "commune" &&
        hits.every((h) => normCode(h.code) === normCode(hits[0]!.code) && matchKey(h.name) === matchKey(hits[0]!.name))
      ) {
        return matched((hits.find((h) => h.id.startsWith("c25-")) ?? hits[0]!).id, how);
      }
      if (hits.length > 1) return { status: "ambiguous", candidates: hits.map((h) => h.id) };
      return null;
    };
    const exact = attempt(matchKey(name), "name");
    if (exact) return exact;
    const loose = looseKey(name);
    if (loose !== matchKey(name) && loose !== "") {
      const r = attempt(loose, "loose");
      if (r) return r;
    }
    // Also compare against the units' own loose keys ("Ban Công" written without its type word).
    const pool = level === "hamlet" && communeIds ? uniq(communeIds.flatMap((c) => this.hamletsOf(c))) : [...index.values()].flat();
    const looseHits = uniq(pool.filter((u) => u.level === level && inScope(u) && looseKey(u.name) === loose));
    if (looseHits.length === 1) return matched(looseHits[0]!.id, "loose");
    if (looseHits.length > 1) return { status: "ambiguous", candidates: looseHits.map((h) => h.id) };
    // Suggestions: names within a few edits. The compared length is capped (no place name is
    // longer) and names whose length alone puts them out of reach are not compared at all, so a
    // long cell costs no more than a short one.
    const key = matchKey(name).slice(0, MAX_COMPARED_CHARS);
    const maxD = Math.max(2, Math.floor(key.length / 3));
    const suggestions = pool
      .filter((u) => u.level === level && inScope(u))
      .flatMap((u) => {
        const k = matchKey(u.name).slice(0, MAX_COMPARED_CHARS);
        return Math.abs(k.length - key.length) > maxD ? [] : [{ id: u.id, d: editDistance(key, k, maxD) }];
      })
      .filter((s) => s.d <= maxD)
      .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
      .slice(0, 5)
      .map((s) => s.id);
    return { status: "unmatched", suggestions };
  }

  private memo(key: string, f: () => MatchResult): MatchResult {
    let r = this.cache.get(key);
    if (!r) {
      r = f();
      this.cache.set(key, r);
    }
    return r;
  }
}

function sameName(u: GazUnit, name: string): boolean {
  const k = matchKey(name);
  return matchKey(u.name) === k || u.aliases.some((a) => matchKey(a) === k) || looseKey(u.name) === looseKey(name);
}

function matched(unitId: string, how: "code" | "name" | "alias" | "loose"): MatchResult {
  return { status: "matched", unitId, how };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function uniq(units: GazUnit[]): GazUnit[] {
  return [...new Map(units.map((u) => [u.id, u])).values()];
}

/** How much of a name the suggestions compare (place names are far shorter). */
export const MAX_COMPARED_CHARS = 100;

/**
 * Levenshtein distance, for suggestions only. With `max`, only the band of width 2·max+1 around
 * the diagonal is computed and the answer is max + 1 as soon as it cannot be max or less: cost
 * O(max · length) instead of O(length²).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const band = Number.isFinite(max) ? max : Math.max(a.length, b.length);
  // Row i keeps columns j = i − band … i + band at k = j − i + band.
  const W = 2 * band + 1;
  const INF = Number.MAX_SAFE_INTEGER;
  let prev = new Array<number>(W).fill(INF);
  let cur = new Array<number>(W).fill(INF);
  for (let j = 0; j <= Math.min(b.length, band); j++) prev[j + band] = j;
  for (let i = 1; i <= a.length; i++) {
    cur.fill(INF);
    let rowMin = INF;
    for (let j = Math.max(0, i - band); j <= Math.min(b.length, i + band); j++) {
      const k = j - i + band;
      const v = j === 0 ? i : Math.min((k + 1 < W ? prev[k + 1]! : INF) + 1, (k > 0 ? cur[k - 1]! : INF) + 1, prev[k]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[k] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  const d = prev[b.length - a.length + band]!;
  return d > max ? max + 1 : d;
}

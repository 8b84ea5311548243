import { foldName } from "../../geo/names";
import { type Gazetteer, matchKey, type GazUnit, type MatchResult } from "./match";
import { cellText, type RawCell } from "./text/cells";
import type { MatchGroup, Resolution } from "./types";

/** Where the rows' commune comes from when they do not name one. */
export interface PlaceContext {
  communeId: string | null;
}

export type PlaceAnswer =
  | { status: "unit"; unitId: string; level: "hamlet" | "commune" | "district" | "province" }
  | { status: "create"; groupKey: string; resolution: Extract<Resolution, { action: "create" }> }
  | { status: "skip"; groupKey: string }
  | { status: "open"; groupKey: string };

/**
 * Resolves the place named by rows (hamlet and/or commune, by code or name) and groups rows by
 * the place as written, so that the user resolves each unknown name once, not once per row.
 */
export class PlaceResolver {
  readonly groups = new Map<string, MatchGroup & { result: MatchResult }>();
  private readonly rowResolved = new Map<string, number>();
  private readonly keyCache = new Map<string, string>();

  constructor(
    private readonly gaz: Gazetteer,
    private readonly context: PlaceContext,
    private readonly resolutions: Record<string, Resolution>,
    /** Whether rows may name only a commune (targets) or must name a hamlet (indicators). */
    private readonly allowCommuneLevel: boolean,
  ) {}

  resolve(row: number, v: Record<string, RawCell>, sectionCommune: string | null): PlaceAnswer | { status: "missing" } {
    const hamlet = text(v.hamlet);
    const hamletCode = text(v.hamletCode);
    const commune = text(v.commune) ?? sectionCommune;
    const communeCode = text(v.communeCode);
    if (!hamlet && !hamletCode && !commune && !communeCode) return { status: "missing" };

    const hamletLevel = !!(hamlet || hamletCode);
    // Rows naming a place the same way share a group (a code, when given, is the name that counts).
    const raw = `${hamlet}\u0000${hamletCode}\u0000${commune}\u0000${communeCode}\u0000${hamletLevel}`;
    let key = this.keyCache.get(raw);
    if (key === undefined) {
      key = groupKey(
        hamletLevel ? (communeCode ?? commune ?? (this.context.communeId ? `#${this.context.communeId}` : null)) : null,
        hamletLevel ? (hamletCode ? `#${hamletCode}` : hamlet) : communeCode ? `#${communeCode}` : commune,
      );
      this.keyCache.set(raw, key);
    }
    const cached = this.groups.get(key);
    if (cached && !this.resolutions[`row:${row}`]) {
      if (cached.rows.length < 20) cached.rows.push(row);
      cached.rowCount++;
      return this.answer(cached, key);
    }
    // The commune first: given on the row (code or name), by a section row, or by the context.
    let communeIds: string[] | null = null;
    let communeResult: MatchResult | null = null;
    if (commune || communeCode) {
      communeResult = this.gaz.matchCommune({ name: commune, code: communeCode });
      if (communeResult.status === "matched") communeIds = this.gaz.communeGroup(communeResult.unitId);
    } else if (this.context.communeId) {
      communeIds = this.gaz.communeGroup(this.context.communeId);
    }

    let result: MatchResult;
    if (hamletLevel) {
      if (communeResult && communeResult.status !== "matched" && !hamletCode)
        result = communeResult.status === "ambiguous" ? communeResult : { status: "unmatched", suggestions: [] };
      else result = this.gaz.matchHamlet({ name: hamlet, code: hamletCode, communeIds });
    } else {
      result = this.allowCommuneLevel ? communeResult! : { status: "unmatched", suggestions: [] };
    }

    let g = this.groups.get(key);
    if (!g) {
      const communeId = communeIds?.[0] ?? null;
      const u = result.status === "matched" ? this.gaz.unit(result.unitId) : undefined;
      g = {
        key,
        commune: commune ?? communeCode ?? null,
        hamlet: hamletLevel ? (hamlet ?? null) : null,
        code: hamletCode ?? communeCode ?? null,
        rows: [],
        rowCount: 0,
        status: result.status,
        how: result.status === "matched" ? result.how : null,
        unitId: u?.id ?? null,
        unitName: u ? displayName(u) : null,
        communeName: u ? this.communeNameOf(u) : null,
        candidates: (result.status === "ambiguous" ? result.candidates : result.status === "unmatched" ? result.suggestions : []).map((id) => {
          const c = this.gaz.unit(id)!;
          return { id, name: displayName(c), commune: this.communeNameOf(c) };
        }),
        communeId: communeId ?? (hamletLevel ? null : null),
        result,
      };
      const r = this.resolutions[key];
      if (r && g.status !== "matched") {
        if (r.action === "unit" && this.gaz.unit(r.unitId)) {
          const ru = this.gaz.unit(r.unitId)!;
          Object.assign(g, { how: "resolved", unitId: ru.id, unitName: displayName(ru), communeName: this.communeNameOf(ru) });
        } else if (r.action === "create") Object.assign(g, { how: "created", unitName: r.name });
        else if (r.action === "skip") Object.assign(g, { how: "skipped" });
      }
      this.groups.set(key, g);
    }
    if (g.rows.length < 20) g.rows.push(row);
    g.rowCount++;
    // A decision for this very row (two rows naming two different hamlets of the same name) wins.
    const own = this.resolutions[`row:${row}`];
    if (own && !g.unitId) {
      this.rowResolved.set(key, (this.rowResolved.get(key) ?? 0) + 1);
      if (own.action === "unit" && this.gaz.unit(own.unitId)) return { status: "unit", unitId: own.unitId, level: this.gaz.unit(own.unitId)!.level };
      if (own.action === "skip") return { status: "skip", groupKey: key };
      if (own.action === "create") return { status: "create", groupKey: `row:${row}`, resolution: own };
    }
    return this.answer(g, key);
  }

  private answer(g: MatchGroup, key: string): PlaceAnswer {
    if (g.unitId) {
      const u = this.gaz.unit(g.unitId)!;
      return { status: "unit", unitId: u.id, level: u.level };
    }
    const r = this.resolutions[key];
    if (r?.action === "create") return { status: "create", groupKey: key, resolution: r };
    if (r?.action === "skip") return { status: "skip", groupKey: key };
    return { status: "open", groupKey: key };
  }

  /** The groups for the preview: those needing the user first, then the matched ones. */
  list(): MatchGroup[] {
    const order = { ambiguous: 0, unmatched: 1, matched: 2 };
    return [...this.groups.values()]
      .map(({ result: _r, ...g }) => (!g.unitId && !g.how && this.rowResolved.get(g.key) === g.rowCount ? { ...g, how: "resolved" as const } : g))
      .sort((a, b) => (a.unitId ? 1 : 0) - (b.unitId ? 1 : 0) || order[a.status] - order[b.status] || a.rows[0]! - b.rows[0]!);
  }

  private communeNameOf(u: GazUnit): string | null {
    if (u.level !== "hamlet") return null;
    const names = u.parentIds
      .map((p) => this.gaz.unit(p))
      .filter((x): x is GazUnit => !!x)
      .map(displayName);
    return [...new Set(names)].join(" / ") || null;
  }
}

export function displayName(u: GazUnit): string {
  const type = u.type.charAt(0).toUpperCase() + u.type.slice(1);
  return u.name.toLowerCase().startsWith(u.type.toLowerCase()) ? u.name : `${type} ${u.name}`;
}

/** Rows naming the same place the same way share a key (folded, so "HÁNG PA" and "Háng Pa" share one). */
export function groupKey(commune: string | null, place: string | null): string {
  return `${commune ? matchKey(commune) || foldName(commune) : ""}|${place ? matchKey(place) || foldName(place) : ""}`;
}

function text(c: RawCell | undefined): string | null {
  if (c === undefined || c === null) return null;
  const t = cellText(c);
  return t === "" ? null : t;
}

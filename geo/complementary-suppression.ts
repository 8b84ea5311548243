import { SMALL_COUNT_DEFAULTS } from "./small-counts";

/** One "total = Σ parts" relation between named cells (a cell may be in several: chained relations). */
export interface CountRelation<K extends string> {
  total: K;
  parts: readonly K[];
}

export interface WithPartsResult<K extends string> {
  /** The cells as shown: null = withheld. */
  values: Record<K, number | null>;
  /** Every withheld cell, in the order of the input's keys. */
  withheld: K[];
  /** The cells withheld only so that another withheld cell cannot be derived (a subset of `withheld`). */
  complementary: K[];
}

/**
 * Small-count suppression for counts shown together with their sums: every count from 1 to
 * threshold − 1 is withheld (primary), then — while some withheld cell can still be worked out from
 * the shown ones through the relations (by subtraction, by combining relations, or because the
 * withheld cells of a relation can only be 1 each) — one more cell is withheld (complementary): the
 * smallest shown non-zero part of a relation that holds the derivable cell, its total only when no
 * part is left; ties go to the cell listed first. 0 is never withheld ("nobody" identifies no one),
 * so an observer knows a withheld cell is ≥ 1; that is what the bound check assumes.
 * Returns new objects; the input is not changed.
 *
 * @example
 * suppressWithParts({ notActivated: 40, away: 3, sick: 30, other: 7 },
 *   [{ total: "notActivated", parts: ["away", "sick", "other"] }])
 * // away 3 is withheld (primary) and other 7 (complementary): 40 − 30 = 10 = away + other.
 * // { values: { notActivated: 40, away: null, sick: 30, other: null }, withheld: ["away", "other"], complementary: ["other"] }
 * @throws RangeError for a bad threshold, a negative or non-integer count, or a relation naming an unknown cell.
 */
export function suppressWithParts<K extends string>(
  cells: Readonly<Record<K, number>>,
  relations: readonly CountRelation<K>[],
  threshold: number = SMALL_COUNT_DEFAULTS.threshold,
): WithPartsResult<K> {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`suppressWithParts: threshold must be an integer >= 1, got ${threshold}`);
  const keys = Object.keys(cells) as K[];
  for (const k of keys) {
    const v = cells[k];
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`suppressWithParts: cell ${k} must be an integer >= 0, got ${v}`);
  }
  for (const r of relations) {
    for (const k of [r.total, ...r.parts]) if (!(k in cells)) throw new RangeError(`suppressWithParts: relation names an unknown cell ${k}`);
  }
  const withheld = new Set<K>(keys.filter((k) => cells[k] > 0 && cells[k] < threshold));
  const complementary = new Set<K>();
  for (;;) {
    const derivable = derivableCells(cells, relations, withheld);
    if (derivable.length === 0) break;
    const pick = complementFor(derivable, cells, relations, withheld, keys);
    if (pick === null) break; // nothing left to withhold (cannot happen with consistent counts)
    withheld.add(pick);
    complementary.add(pick);
  }
  const values = {} as Record<K, number | null>;
  for (const k of keys) values[k] = withheld.has(k) ? null : cells[k];
  return { values, withheld: keys.filter((k) => withheld.has(k)), complementary: keys.filter((k) => complementary.has(k)) };
}

/**
 * The withheld cells an observer can work out from the shown cells and the relations: by linear
 * algebra (a cell whose unit vector lies in the row space of the relations over the withheld cells)
 * and by bounds (each withheld cell ≥ 1; a total ≥ the sum of its parts' lower bounds, a part ≤
 * its total's upper bound − the others' lower bounds), repeated with every cell found as known.
 */
export function derivableCells<K extends string>(cells: Readonly<Record<K, number>>, relations: readonly CountRelation<K>[], withheld: ReadonlySet<K>): K[] {
  const known = new Set<K>();
  let changed = true;
  while (changed) {
    changed = false;
    const unknown = [...withheld].filter((k) => !known.has(k));
    if (unknown.length === 0) break;
    for (const k of solvedByAlgebra(relations, unknown)) if (!known.has(k)) { known.add(k); changed = true; }
    for (const k of solvedByBounds(cells, relations, withheld, known)) if (!known.has(k)) { known.add(k); changed = true; }
  }
  return [...withheld].filter((k) => known.has(k));
}

// ---- helpers ----

/** Unknown cells fixed by the linear system alone: pivot columns whose reduced row has no other entry. */
function solvedByAlgebra<K extends string>(relations: readonly CountRelation<K>[], unknown: readonly K[]): K[] {
  const col = new Map(unknown.map((k, i) => [k, i]));
  const rows: number[][] = [];
  for (const r of relations) {
    const row = new Array<number>(unknown.length).fill(0);
    let any = false;
    const t = col.get(r.total);
    if (t !== undefined) { row[t]! += 1; any = true; }
    for (const p of r.parts) {
      const i = col.get(p);
      if (i !== undefined) { row[i]! -= 1; any = true; }
    }
    if (any) rows.push(row);
  }
  // Reduced row echelon form (small systems; coefficients stay small rationals).
  const EPS = 1e-9;
  const pivots: number[] = [];
  let rank = 0;
  for (let c = 0; c < unknown.length && rank < rows.length; c++) {
    let best = -1;
    for (let r = rank; r < rows.length; r++) if (Math.abs(rows[r]![c]!) > EPS && (best < 0 || Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!))) best = r;
    if (best < 0) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pr = rows[rank]!;
    const pv = pr[c]!;
    for (let j = 0; j < pr.length; j++) pr[j]! /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r]![c]!;
      if (Math.abs(f) > EPS) for (let j = 0; j < pr.length; j++) rows[r]![j]! -= f * pr[j]!;
    }
    pivots.push(c);
    rank++;
  }
  const solved: K[] = [];
  pivots.forEach((c, r) => {
    if (rows[r]!.every((v, j) => j === c || Math.abs(v) <= EPS)) solved.push(unknown[c]!);
  });
  return solved;
}

/** Unknown cells whose lower and upper bounds meet (interval propagation over the relations). */
function solvedByBounds<K extends string>(cells: Readonly<Record<K, number>>, relations: readonly CountRelation<K>[], withheld: ReadonlySet<K>, known: ReadonlySet<K>): K[] {
  const lo = new Map<K, number>();
  const hi = new Map<K, number>();
  const isOpen = (k: K) => withheld.has(k) && !known.has(k);
  const L = (k: K) => (isOpen(k) ? lo.get(k)! : cells[k]);
  const H = (k: K) => (isOpen(k) ? hi.get(k)! : cells[k]);
  for (const k of withheld) if (!known.has(k)) { lo.set(k, 1); hi.set(k, Number.POSITIVE_INFINITY); }
  for (let round = 0, changed = true; changed && round < 1000; round++) {
    changed = false;
    const tighten = (k: K, l: number, h: number) => {
      if (!isOpen(k)) return;
      if (l > lo.get(k)!) { lo.set(k, l); changed = true; }
      if (h < hi.get(k)!) { hi.set(k, h); changed = true; }
    };
    for (const r of relations) {
      const sumLo = r.parts.reduce((s, p) => s + L(p), 0);
      const sumHi = r.parts.reduce((s, p) => s + H(p), 0);
      tighten(r.total, sumLo, sumHi);
      r.parts.forEach((p, i) => {
        const othersLo = r.parts.reduce((s, q, j) => (j === i ? s : s + L(q)), 0);
        const othersHi = r.parts.reduce((s, q, j) => (j === i ? s : s + H(q)), 0);
        tighten(p, L(r.total) - othersHi, H(r.total) - othersLo);
      });
    }
  }
  return [...lo.keys()].filter((k) => lo.get(k) === hi.get(k));
}

/** The complementary cell for the first derivable cell: the smallest shown non-zero part of a relation holding it (then totals, then any relation). */
function complementFor<K extends string>(derivable: readonly K[], cells: Readonly<Record<K, number>>, relations: readonly CountRelation<K>[], withheld: ReadonlySet<K>, keys: readonly K[]): K | null {
  const order = new Map(keys.map((k, i) => [k, i]));
  const best = (candidates: K[]): K | null =>
    candidates.filter((k) => !withheld.has(k) && cells[k] > 0).sort((a, b) => cells[a] - cells[b] || order.get(a)! - order.get(b)!)[0] ?? null;
  for (const x of derivable) {
    const holding = relations.filter((r) => r.total === x || r.parts.includes(x));
    const part = best(holding.flatMap((r) => [...r.parts]));
    if (part !== null) return part;
    const total = best(holding.map((r) => r.total));
    if (total !== null) return total;
  }
  return best(relations.flatMap((r) => [r.total, ...r.parts]));
}

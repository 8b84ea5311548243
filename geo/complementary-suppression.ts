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
 * part is left; ties go to the cell listed first. 0 is never withheld ("nobody" identifies no one).
 * The observer is assumed to know which withheld cells are small (shown "<5": 1 … threshold − 1)
 * and that the others are not (≥ threshold) — the strongest reader of a screen that labels them.
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
    const derivable = derivableCells(cells, relations, withheld, threshold);
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
 * and by bounds (a small withheld cell in 1 … threshold − 1, another ≥ threshold; a total within
 * the sums of its parts' bounds, a part within its total's bounds less the others'), repeated with
 * every cell found as known.
 */
export function derivableCells<K extends string>(
  cells: Readonly<Record<K, number>>,
  relations: readonly CountRelation<K>[],
  withheld: ReadonlySet<K>,
  threshold: number = SMALL_COUNT_DEFAULTS.threshold,
): K[] {
  const known = new Set<K>();
  // Cells that are totals first: eliminating them leaves the relations between the parts (e.g.
  // eligible = received + notReceived = activated + notActivated ⇒ notActivated = notReceived + …).
  const totalness = new Map<K, number>();
  for (const r of relations) totalness.set(r.total, (totalness.get(r.total) ?? 0) + 1);
  let changed = true;
  while (changed) {
    changed = false;
    const open = [...withheld].filter((k) => !known.has(k));
    if (open.length === 0) break;
    const eqs = equationsOver(cells, relations, open);
    const orders = [[...open].sort((x, y) => (totalness.get(y) ?? 0) - (totalness.get(x) ?? 0)), open, [...open].reverse()];
    const reduced = orders.flatMap((o) => reducedRows(eqs, o));
    const found = new Set<K>();
    // A reduced row with one unknown fixes it.
    for (const row of reduced) {
      const ks = [...row.coef.keys()];
      if (ks.length === 1) found.add(ks[0]!);
    }
    for (const k of boundedCells(cells, [...eqs, ...reduced], open, threshold)) found.add(k);
    for (const k of found)
      if (!known.has(k)) {
        known.add(k);
        changed = true;
      }
  }
  return [...withheld].filter((k) => known.has(k));
}

// ---- helpers ----

/** Σ coef · x = rhs over the unknown cells. */
interface Equation<K> {
  coef: Map<K, number>;
  rhs: number;
}

const EPS = 1e-9;

/** The relations as equations over the open cells (the others' values moved to the right). */
function equationsOver<K extends string>(cells: Readonly<Record<K, number>>, relations: readonly CountRelation<K>[], open: readonly K[]): Equation<K>[] {
  const isOpen = new Set(open);
  const eqs: Equation<K>[] = [];
  for (const r of relations) {
    const coef = new Map<K, number>();
    let rhs = 0;
    const add = (k: K, c: number) => {
      if (isOpen.has(k)) coef.set(k, (coef.get(k) ?? 0) + c);
      else rhs -= c * cells[k];
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    for (const [k, c] of coef) if (Math.abs(c) < EPS) coef.delete(k);
    if (coef.size > 0) eqs.push({ coef, rhs });
  }
  return eqs;
}

/** Reduced row echelon form of the equations, pivoting in the given column order. */
function reducedRows<K extends string>(eqs: readonly Equation<K>[], order: readonly K[]): Equation<K>[] {
  const rows = eqs.map((e) => ({ v: order.map((k) => e.coef.get(k) ?? 0), rhs: e.rhs }));
  let rank = 0;
  for (let c = 0; c < order.length && rank < rows.length; c++) {
    let best = -1;
    for (let r = rank; r < rows.length; r++)
      if (Math.abs(rows[r]!.v[c]!) > EPS && (best < 0 || Math.abs(rows[r]!.v[c]!) > Math.abs(rows[best]!.v[c]!))) best = r;
    if (best < 0) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pr = rows[rank]!;
    const pv = pr.v[c]!;
    for (let j = 0; j < pr.v.length; j++) pr.v[j]! /= pv;
    pr.rhs /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r]!.v[c]!;
      if (Math.abs(f) <= EPS) continue;
      for (let j = 0; j < pr.v.length; j++) rows[r]!.v[j]! -= f * pr.v[j]!;
      rows[r]!.rhs -= f * pr.rhs;
    }
    rank++;
  }
  return rows.slice(0, rank).map((r) => {
    const coef = new Map<K, number>();
    r.v.forEach((x, j) => {
      if (Math.abs(x) > EPS) coef.set(order[j]!, x);
    });
    return { coef, rhs: r.rhs };
  });
}

/**
 * Open cells whose bounds meet, by interval propagation over the equations: a small withheld cell
 * starts in [1, threshold − 1], another in [threshold, ∞); each equation narrows each of its cells
 * to what the others' bounds leave (integers).
 */
function boundedCells<K extends string>(cells: Readonly<Record<K, number>>, eqs: readonly Equation<K>[], open: readonly K[], threshold: number): K[] {
  const lo = new Map<K, number>();
  const hi = new Map<K, number>();
  for (const k of open) {
    const small = cells[k] < threshold;
    lo.set(k, small ? 1 : threshold);
    hi.set(k, small ? threshold - 1 : Number.POSITIVE_INFINITY);
  }
  for (let round = 0, changed = true; changed && round < 200; round++) {
    changed = false;
    for (const e of eqs) {
      for (const [k, c] of e.coef) {
        // c·x_k = rhs − Σ others; the others' terms range over [min, max].
        let min = 0;
        let max = 0;
        for (const [j, d] of e.coef) {
          if (j === k) continue;
          const a = d * lo.get(j)!;
          const b = d * hi.get(j)!;
          min += Math.min(a, b);
          max += Math.max(a, b);
        }
        const l = (e.rhs - max) / c;
        const h = (e.rhs - min) / c;
        const [from, to] = c > 0 ? [l, h] : [h, l];
        if (Number.isFinite(from) && Math.ceil(from - EPS) > lo.get(k)!) {
          lo.set(k, Math.ceil(from - EPS));
          changed = true;
        }
        if (Number.isFinite(to) && Math.floor(to + EPS) < hi.get(k)!) {
          hi.set(k, Math.floor(to + EPS));
          changed = true;
        }
      }
    }
  }
  return open.filter((k) => lo.get(k) === hi.get(k));
}

/** The complementary cell for the first derivable cell: the smallest shown non-zero part of a relation holding it (then totals, then any relation). */
function complementFor<K extends string>(
  derivable: readonly K[],
  cells: Readonly<Record<K, number>>,
  relations: readonly CountRelation<K>[],
  withheld: ReadonlySet<K>,
  keys: readonly K[],
): K | null {
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

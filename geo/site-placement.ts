import Flatbush from "flatbush";
import type { SiteBackhaul, SitePower } from "./domain";
import { DEG_LAT_PER_KM, haversineKm } from "./haversine";

/** Defaults for {@link placeSites}. Costs are in million VND (triệu đồng), planning figures to be replaced by the province's own quotes. */
export const SITE_PLACEMENT_DEFAULTS: Readonly<{
  radiusKm: number;
  maxSites: number;
  budget: number | null;
  costs: Readonly<SiteCosts>;
  strategy: "lazy" | "plain";
}> = {
  /** Walking radius around a Wi-Fi point, km, measured from the site to the hamlet's point (its centre / label point). */
  radiusKm: 1.5,
  /** Most sites to choose (K). With a budget and no maxSites given, the budget alone limits the plan. */
  maxSites: 5,
  /** Spending cap in million VND; null = no cap (choose up to maxSites). */
  budget: null as number | null,
  /** Cost per site by what it needs, million VND. */
  costs: {
    /** Outdoor access point, pole, installation: every site. */
    accessPoint: 15,
    /** Solar panel + battery, when the site has no power at all (power "none"; "solar" sites already have it). */
    solar: 35,
    /** Fiber drop from a node already there (backhaul "fiber"). */
    fiber: 3,
    /** 4G router and a data plan for a year (backhaul "4g" or "3g"). */
    cellular: 6,
    /** Point-to-point radio link (or satellite terminal) when there is no backhaul at all. */
    link: 60,
  },
  /** "lazy": lazy greedy (CELF); "plain": recompute every gain every round — the baseline the bench compares with (same picks). */
  strategy: "lazy" as "lazy" | "plain",
};

/** Cost items of a site, million VND (see {@link SITE_PLACEMENT_DEFAULTS}). */
export interface SiteCosts {
  accessPoint: number;
  solar: number;
  fiber: number;
  cellular: number;
  link: number;
}

export interface PlacementHamlet {
  id: string;
  lon: number;
  lat: number;
  /** People not yet activated (or any non-negative weight the caller chooses). */
  people: number;
  /** Has 3G or 4G from some operator: such hamlets are not counted as reached by a Wi-Fi point. */
  broadband: boolean;
}

export interface PlacementCandidate {
  id: string;
  lon: number;
  lat: number;
  power: SitePower;
  backhaul: SiteBackhaul;
  /** Overrides the cost computed from power and backhaul (million VND). */
  cost?: number;
}

export interface SitePlacementOptions {
  radiusKm?: number;
  maxSites?: number;
  budget?: number | null;
  costs?: Partial<SiteCosts>;
  strategy?: "lazy" | "plain";
  /** Existing Wi-Fi points: hamlets within the radius of one are already served and not counted. */
  existing?: readonly { lon: number; lat: number }[];
}

export interface SitePick {
  candidateId: string;
  /** 1 for the first site chosen. */
  rank: number;
  /** People newly reached by this site, given the sites before it (its marginal gain). */
  gain: number;
  /** People reached by this site and all before it. */
  cumulative: number;
  cost: number;
  cumulativeCost: number;
  /** Hamlets this site reaches first (in the order of the input). */
  newHamletIds: string[];
  /** Every counted hamlet within the radius (its catchment), including those reached earlier. */
  catchmentHamletIds: string[];
}

export interface SitePlacement {
  picks: SitePick[];
  peopleReached: number;
  hamletsReached: number;
  /** People and hamlets counted at all: without broadband, people > 0, not served by an existing point. */
  demandPeople: number;
  demandHamlets: number;
  /** Of those, the ones within the radius of some candidate (what any plan could reach at most). */
  reachablePeople: number;
  cost: number;
  /** A proven upper bound on the people the best plan under the same limits could reach. */
  upperBound: number;
  /** peopleReached / upperBound (1 when nothing can be reached): "this plan reaches ≥ X % of the best possible". */
  boundRatio: number;
  /** The worst-case guarantee of the rule used: 1 − 1/e for K sites; (1 − 1/e)/2 with a budget alone; 0 (none claimed) with both. */
  aPrioriRatio: number;
  /** max(boundRatio, aPrioriRatio): what the plan states. */
  guarantee: number;
  /** "cardinality" (K sites), or the budget rule that won: "unit-cost" or "cost-benefit". */
  rule: "cardinality" | "unit-cost" | "cost-benefit";
  /** Number of marginal-gain evaluations (the lazy/plain speed-up is visible here). */
  evaluations: number;
  /** Cost of every candidate, by id (what the table shows next to candidates not chosen). */
  candidateCosts: Record<string, number>;
}

/**
 * Chooses Wi-Fi point sites among candidates to reach the most people not yet activated who live
 * in hamlets without mobile broadband, within a walking radius — weighted maximum coverage, solved
 * by lazy greedy (CELF: Minoux 1978; Leskovec et al. 2007) with the data-dependent bound.
 *
 * - **Catchment**: a hamlet counts as reached when its point (the hamlet's centre / label point) is
 *   within `radiusKm` (great-circle) of the site. Points rather than polygons: the demo's polygons
 *   are Voronoi cells around one drawn point, and a big upland hamlet whose edge touches the circle
 *   has most of its houses far beyond walking distance — polygons would overstate reach.
 * - **Limits**: at most `maxSites` sites and, with `budget`, a total cost within it. A site's cost is
 *   `accessPoint` + `solar` when its power is "none" + `fiber` | `cellular` | `link` for its backhaul.
 * - **Algorithm**: greedy picks the site with the largest marginal gain (with a budget: both the
 *   largest gain and the largest gain per cost are run, and the better plan kept — Leskovec et al.).
 *   Lazy evaluation keeps stale gains in a heap: by submodularity they are upper bounds, so a site
 *   whose freshly recomputed gain still tops the heap is the greedy pick without recomputing the
 *   others. Ties go to the lower candidate index, so lazy and plain greedy choose the same sites.
 * - **Bound**: for any partial plan A, OPT ≤ f(A) + the sum of the K largest marginal gains
 *   δ(s | A) (with a budget: the fractional knapsack of the gains under it). The bound is taken at
 *   checkpoints during the run (with the heap's stale gains, which are ≥ the true ones) and at the
 *   end (with exact gains); the smallest is reported. The plan then reaches ≥ f / bound of the optimum,
 *   and never less than the a-priori 1 − 1/e (K sites) or (1 − 1/e)/2 (budget).
 *
 * Hamlets are found with a flatbush index over hamlet points and a bounding-box search around each
 * candidate, then filtered by exact distance.
 *
 * @example
 * const plan = placeSites(
 *   [{ id: "h1", lon: 103.0, lat: 21.0, people: 120, broadband: false }, { id: "h2", lon: 103.05, lat: 21.0, people: 80, broadband: false }],
 *   [{ id: "school", lon: 103.001, lat: 21.0, power: "grid", backhaul: "4g" }],
 *   { maxSites: 1 },
 * );
 * // plan.picks[0] → { candidateId: "school", gain: 120, cost: 21, … }; plan.upperBound = 120; plan.boundRatio = 1
 * @throws RangeError for bad options, a hamlet or candidate with non-finite coordinates or
 *   negative people/cost, or a duplicate id (the message gives the index and the value).
 */
export function placeSites(hamlets: readonly PlacementHamlet[], candidates: readonly PlacementCandidate[], options: SitePlacementOptions = {}): SitePlacement {
  const opts = resolveOptions(options);
  validateHamlets(hamlets);
  const costs = candidates.map((c, i) => candidateCost(c, i, opts.costs));
  validateIds(
    candidates.map((c) => c.id),
    "candidates",
  );

  // Demand: hamlets without broadband, with people, not already within reach of an existing point.
  const served = servedByExisting(hamlets, opts.existing, opts.radiusKm);
  const demand: number[] = [];
  hamlets.forEach((h, i) => {
    if (!h.broadband && h.people > 0 && !served[i]) demand.push(i);
  });
  const weights = Float64Array.from(demand, (i) => hamlets[i]!.people);
  const cover = buildCoverage(
    demand.map((i) => hamlets[i]!),
    candidates,
    opts.radiusKm,
  );
  const inst: Instance = { n: candidates.length, weights, start: cover.start, items: cover.items, costs: Float64Array.from(costs) };

  let run: Run;
  let rule: SitePlacement["rule"];
  if (opts.budget === null) {
    run = greedy(inst, opts.maxSites, Infinity, "gain", opts.strategy);
    rule = "cardinality";
  } else {
    const uc = greedy(inst, opts.maxSites, opts.budget, "gain", opts.strategy);
    const cb = greedy(inst, opts.maxSites, opts.budget, "ratio", opts.strategy);
    const best = cb.value >= uc.value ? cb : uc;
    run = { ...best, evaluations: uc.evaluations + cb.evaluations, upperBound: Math.min(uc.upperBound, cb.upperBound) };
    rule = best === cb ? "cost-benefit" : "unit-cost";
  }

  const demandIds = demand.map((i) => hamlets[i]!.id);
  const reached = new Uint8Array(demand.length);
  let cumulative = 0;
  let cumulativeCost = 0;
  const picks: SitePick[] = run.order.map((c, r) => {
    const newIds: string[] = [];
    const catchment: string[] = [];
    for (let p = inst.start[c]!; p < inst.start[c + 1]!; p++) {
      const j = inst.items[p]!;
      catchment.push(demandIds[j]!);
      if (!reached[j]) {
        reached[j] = 1;
        newIds.push(demandIds[j]!);
      }
    }
    cumulative += run.gains[r]!;
    cumulativeCost += costs[c]!;
    return {
      candidateId: candidates[c]!.id,
      rank: r + 1,
      gain: run.gains[r]!,
      cumulative,
      cost: costs[c]!,
      cumulativeCost,
      newHamletIds: newIds,
      catchmentHamletIds: catchment,
    };
  });

  let reachable = 0;
  const anyCover = new Uint8Array(demand.length);
  for (const j of cover.items) anyCover[j] = 1;
  anyCover.forEach((v, j) => {
    if (v) reachable += weights[j]!;
  });

  const upperBound = Math.max(run.value, run.upperBound);
  const boundRatio = upperBound > 0 ? run.value / upperBound : 1;
  // Budget and K together are two knapsack constraints, for which max(unit-cost, cost-benefit)
  // has no established a-priori ratio: only the data-dependent bound is stated then.
  const aPrioriRatio = opts.budget === null ? 1 - 1 / Math.E : opts.maxSites >= candidates.length ? (1 - 1 / Math.E) / 2 : 0;
  return {
    picks,
    peopleReached: run.value,
    hamletsReached: reached.reduce((s, v) => s + v, 0),
    demandPeople: weights.reduce((s, w) => s + w, 0),
    demandHamlets: demand.length,
    reachablePeople: reachable,
    cost: cumulativeCost,
    upperBound,
    boundRatio,
    aPrioriRatio,
    guarantee: Math.max(boundRatio, aPrioriRatio),
    rule,
    evaluations: run.evaluations,
    candidateCosts: Object.fromEntries(candidates.map((c, i) => [c.id, costs[i]!])),
  };
}

// ---------------------------------------------------------------------------------------------

type Resolved = {
  radiusKm: number;
  maxSites: number;
  budget: number | null;
  costs: SiteCosts;
  strategy: "lazy" | "plain";
  existing: readonly { lon: number; lat: number }[];
};

function resolveOptions(o: SitePlacementOptions): Resolved {
  const d = SITE_PLACEMENT_DEFAULTS;
  const radiusKm = o.radiusKm ?? d.radiusKm;
  const budget = o.budget === undefined ? d.budget : o.budget;
  // With a budget and no K, the budget alone limits the plan.
  const maxSites = o.maxSites ?? (budget === null ? d.maxSites : Number.MAX_SAFE_INTEGER);
  const strategy = o.strategy ?? d.strategy;
  const costs = { ...d.costs, ...o.costs };
  if (!Number.isFinite(radiusKm) || radiusKm <= 0) throw new RangeError(`placeSites: radiusKm must be a positive number, got ${radiusKm}`);
  if (!Number.isInteger(maxSites) || maxSites < 0) throw new RangeError(`placeSites: maxSites must be an integer >= 0, got ${maxSites}`);
  if (budget !== null && (!Number.isFinite(budget) || budget < 0)) throw new RangeError(`placeSites: budget must be a number >= 0 or null, got ${budget}`);
  if (strategy !== "lazy" && strategy !== "plain") throw new RangeError(`placeSites: strategy must be "lazy" or "plain", got ${String(strategy)}`);
  for (const [k, v] of Object.entries(costs)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`placeSites: costs.${k} must be a number >= 0, got ${v}`);
  }
  const existing = o.existing ?? [];
  existing.forEach((e, i) => {
    if (!Number.isFinite(e?.lon) || !Number.isFinite(e?.lat))
      throw new RangeError(`placeSites: existing[${i}] has non-finite coordinates [${e?.lon}, ${e?.lat}]`);
  });
  return { radiusKm, maxSites, budget, costs, strategy, existing };
}

function validateHamlets(hamlets: readonly PlacementHamlet[]): void {
  hamlets.forEach((h, i) => {
    if (!Number.isFinite(h?.lon) || !Number.isFinite(h?.lat) || Math.abs(h.lat) > 90)
      throw new RangeError(`placeSites: hamlets[${i}] (${h?.id}) has bad coordinates [${h?.lon}, ${h?.lat}]`);
    if (!Number.isFinite(h.people) || h.people < 0) throw new RangeError(`placeSites: hamlets[${i}] (${h.id}) people must be a number >= 0, got ${h.people}`);
  });
  validateIds(
    hamlets.map((h) => h.id),
    "hamlets",
  );
}

function validateIds(ids: string[], what: string): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const j = seen.get(id);
    if (j !== undefined) throw new RangeError(`placeSites: ${what}[${i}] duplicates the id "${id}" of ${what}[${j}]`);
    seen.set(id, i);
  });
}

function candidateCost(c: PlacementCandidate, i: number, costs: Resolved["costs"]): number {
  if (!Number.isFinite(c?.lon) || !Number.isFinite(c?.lat) || Math.abs(c.lat) > 90)
    throw new RangeError(`placeSites: candidates[${i}] (${c?.id}) has bad coordinates [${c?.lon}, ${c?.lat}]`);
  if (c.cost !== undefined) {
    if (!Number.isFinite(c.cost) || c.cost < 0) throw new RangeError(`placeSites: candidates[${i}] (${c.id}) cost must be a number >= 0, got ${c.cost}`);
    return c.cost;
  }
  if (c.power !== "grid" && c.power !== "solar" && c.power !== "none")
    throw new RangeError(`placeSites: candidates[${i}] (${c.id}) power must be grid, solar or none, got ${String(c.power)}`);
  const backhaul = { fiber: costs.fiber, "4g": costs.cellular, "3g": costs.cellular, none: costs.link }[c.backhaul];
  if (backhaul === undefined) throw new RangeError(`placeSites: candidates[${i}] (${c.id}) backhaul must be fiber, 4g, 3g or none, got ${String(c.backhaul)}`);
  return costs.accessPoint + (c.power === "none" ? costs.solar : 0) + backhaul;
}

/** Points within radiusKm of (lon, lat), from a flatbush index of points: bbox search, then exact distance. */
function withinRadius(index: Flatbush, xs: Float64Array, ys: Float64Array, lon: number, lat: number, radiusKm: number): number[] {
  const dLat = radiusKm * DEG_LAT_PER_KM;
  // The box must contain the circle: at the pole side of the circle a degree of longitude is shortest.
  const cosLat = Math.cos(Math.min(89.9, Math.abs(lat) + dLat) * (Math.PI / 180));
  const dLon = Math.min(180, dLat / cosLat);
  return index.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, (j) => haversineKm(lon, lat, xs[j]!, ys[j]!) <= radiusKm);
}

function pointIndex(points: readonly { lon: number; lat: number }[]): { index: Flatbush; xs: Float64Array; ys: Float64Array } | null {
  if (points.length === 0) return null; // flatbush throws on 0 items
  const index = new Flatbush(points.length);
  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  points.forEach((p, j) => {
    xs[j] = p.lon;
    ys[j] = p.lat;
    index.add(p.lon, p.lat, p.lon, p.lat);
  });
  index.finish();
  return { index, xs, ys };
}

function servedByExisting(hamlets: readonly PlacementHamlet[], existing: readonly { lon: number; lat: number }[], radiusKm: number): Uint8Array {
  const out = new Uint8Array(hamlets.length);
  if (existing.length === 0) return out;
  const idx = pointIndex(hamlets);
  if (!idx) return out;
  for (const e of existing) for (const j of withinRadius(idx.index, idx.xs, idx.ys, e.lon, e.lat, radiusKm)) out[j] = 1;
  return out;
}

/** Candidate → demand hamlets within the radius, as compressed rows (start offsets + items, ascending). */
function buildCoverage(
  demand: readonly PlacementHamlet[],
  candidates: readonly PlacementCandidate[],
  radiusKm: number,
): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(candidates.length + 1);
  const idx = pointIndex(demand);
  if (!idx) return { start, items: new Int32Array(0) };
  const rows = candidates.map((c) => withinRadius(idx.index, idx.xs, idx.ys, c.lon, c.lat, radiusKm).sort((a, b) => a - b));
  rows.forEach((r, i) => {
    start[i + 1] = start[i]! + r.length;
  });
  const items = new Int32Array(start[candidates.length]!);
  rows.forEach((r, i) => items.set(r, start[i]!));
  return { start, items };
}

interface Instance {
  n: number;
  weights: Float64Array;
  start: Int32Array;
  items: Int32Array;
  costs: Float64Array;
}
interface Run {
  order: number[];
  gains: number[];
  value: number;
  upperBound: number;
  evaluations: number;
}

/**
 * Greedy under at most `k` picks and total cost ≤ `budget`, by largest gain ("gain") or gain per
 * cost ("ratio"), lazily (CELF) or plainly. Stops when nothing affordable adds anyone.
 */
function greedy(inst: Instance, k: number, budget: number, key: "gain" | "ratio", strategy: "lazy" | "plain"): Run {
  const { n, weights, start, items, costs } = inst;
  const covered = new Uint8Array(weights.length);
  const chosen = new Uint8Array(n);
  const upper = new Float64Array(n); // last computed gain of each candidate: ≥ its true gain now
  let evaluations = 0;
  const gainOf = (c: number): number => {
    evaluations++;
    let g = 0;
    for (let p = start[c]!; p < start[c + 1]!; p++) if (!covered[items[p]!]) g += weights[items[p]!]!;
    return g;
  };
  const score = (c: number, g: number) => (key === "gain" ? g : costs[c]! > 0 ? g / costs[c]! : g > 0 ? Infinity : 0);
  const order: number[] = [];
  const gains: number[] = [];
  let value = 0;
  let spent = 0;
  let bestBound = Infinity;
  const checkpoint = Math.max(1, Math.floor(Math.min(k, n) / 16));
  const takeBound = () => {
    const b = value + boundOfGains(upper, chosen, costs, k, budget);
    if (b < bestBound) bestBound = b;
  };

  const affordable = (c: number) => costs[c]! <= budget - spent + 1e-9;
  const take = (c: number, g: number) => {
    chosen[c] = 1;
    order.push(c);
    gains.push(g);
    value += g;
    spent += costs[c]!;
    for (let p = start[c]!; p < start[c + 1]!; p++) covered[items[p]!] = 1;
    upper[c] = 0;
  };

  if (strategy === "plain") {
    for (let c = 0; c < n; c++) upper[c] = gainOf(c);
    takeBound();
    while (order.length < k) {
      let best = -1;
      let bestScore = 0;
      for (let c = 0; c < n; c++) {
        if (chosen[c] || !affordable(c)) continue;
        const g = gainOf(c);
        upper[c] = g;
        const s = score(c, g);
        if (g > 0 && (best < 0 || s > bestScore)) {
          best = c;
          bestScore = s;
        }
      }
      if (best < 0) break;
      take(best, upper[best]!);
      if (order.length % checkpoint === 0) takeBound();
    }
  } else {
    const heap = new MaxHeap(n);
    const fresh = new Int32Array(n).fill(-1); // round in which upper[c] was computed
    for (let c = 0; c < n; c++) {
      upper[c] = gainOf(c);
      fresh[c] = 0;
      if (upper[c]! > 0) heap.push(c, score(c, upper[c]!));
    }
    takeBound();
    while (order.length < k && heap.size > 0) {
      const c = heap.pop();
      // The budget only shrinks: never affordable again. (Its stale gain stays in `upper`: the
      // bound is about the best plan, which may well contain it.)
      if (!affordable(c)) continue;
      if (fresh[c] === order.length) {
        take(c, upper[c]!);
        if (order.length % checkpoint === 0) takeBound();
        continue;
      }
      const g = gainOf(c);
      upper[c] = g;
      fresh[c] = order.length;
      if (g > 0) heap.push(c, score(c, g));
    }
  }

  // The final bound with exact gains.
  for (let c = 0; c < n; c++) upper[c] = chosen[c] ? 0 : gainOf(c);
  takeBound();
  return { order, gains, value, upperBound: bestBound, evaluations };
}

/**
 * An upper bound on what any plan within the limits adds to the current one, from each candidate's
 * marginal gain (or an upper bound on it): the k largest gains, and with a budget the fractional
 * knapsack of gains under the whole budget — the smaller of the two. (The whole budget and the
 * whole k, not what is left: the optimal plan need not contain ours.)
 */
function boundOfGains(upper: Float64Array, chosen: Uint8Array, costs: Float64Array, k: number, budget: number): number {
  const idx: number[] = [];
  for (let c = 0; c < upper.length; c++) if (!chosen[c] && upper[c]! > 0) idx.push(c);
  // top-k sum
  let topK = 0;
  if (k >= idx.length) for (const c of idx) topK += upper[c]!;
  else {
    const vals = Float64Array.from(idx, (c) => upper[c]!).sort();
    for (let t = vals.length - 1; t >= vals.length - k; t--) topK += vals[t]!;
  }
  if (!Number.isFinite(budget)) return topK;
  // fractional knapsack: by gain/cost descending, the last item fractionally
  const byRatio = idx.slice().sort((a, b) => ratioOf(upper, costs, b) - ratioOf(upper, costs, a));
  let room = budget;
  let knap = 0;
  for (const c of byRatio) {
    const w = costs[c]!;
    if (w <= room) {
      knap += upper[c]!;
      room -= w;
    } else {
      knap += (upper[c]! * room) / w;
      break;
    }
  }
  return Math.min(topK, knap);
}

function ratioOf(upper: Float64Array, costs: Float64Array, c: number): number {
  return costs[c]! > 0 ? upper[c]! / costs[c]! : Infinity;
}

/**
 * A binary max-heap of candidate indices keyed by score, ties broken by the lower index (flatqueue,
 * which flatbush ships, is a min-queue without a tie rule; the tie rule is what makes lazy and plain
 * greedy pick the same sites).
 */
class MaxHeap {
  private ids: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
  }
  private above(a: number, b: number): boolean {
    const ka = this.keys[a]!,
      kb = this.keys[b]!;
    return ka > kb || (ka === kb && this.ids[a]! < this.ids[b]!);
  }
  private swap(a: number, b: number): void {
    const i = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = i;
    const k = this.keys[a]!;
    this.keys[a] = this.keys[b]!;
    this.keys[b] = k;
  }
  push(id: number, key: number): void {
    let i = this.size++;
    this.ids[i] = id;
    this.keys[i] = key;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): number {
    const top = this.ids[0]!;
    this.size--;
    if (this.size > 0) {
      this.ids[0] = this.ids[this.size]!;
      this.keys[0] = this.keys[this.size]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < this.size && this.above(l, m)) m = l;
        if (r < this.size && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

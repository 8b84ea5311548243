// Exact optima for small planner instances, written independently of geo/ (brute-force distances with
// turf, no spatial index, no greedy): the weighted maximum-coverage MIP solved by HiGHS, and the team
// plan with daily returns by dynamic programming over subsets. Used by the tests and the bench.
import loadHighs from "highs";
import { distance } from "@turf/turf";
import type { PlacementCandidate, PlacementHamlet } from "../../geo/site-placement";

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Promise<Highs> | null = null;

/**
 * The best people reached with at most `maxSites` sites and total cost ≤ `budget`, by HiGHS:
 * max Σ w_j y_j s.t. y_j ≤ Σ_{i covers j} x_i, Σ x_i ≤ K, Σ c_i x_i ≤ B, x binary, 0 ≤ y ≤ 1.
 * Counts hamlets without broadband and with people, like placeSites (no existing points here).
 */
export async function exactPlacement(
  hamlets: readonly PlacementHamlet[],
  candidates: readonly PlacementCandidate[],
  costs: readonly number[],
  { radiusKm, maxSites, budget }: { radiusKm: number; maxSites: number; budget: number | null },
): Promise<{ value: number; chosen: number[] }> {
  const demand = hamlets.map((h, j) => ({ h, j })).filter(({ h }) => !h.broadband && h.people > 0);
  const coveredBy = demand.map(({ h }) =>
    candidates.map((c, i) => (distance([c.lon, c.lat], [h.lon, h.lat], { units: "kilometers" }) <= radiusKm ? i : -1)).filter((i) => i >= 0),
  );
  const obj = demand.map(({ h }, k) => `${h.people} y${k}`).join(" + ") || "0 x0";
  const rows: string[] = [];
  coveredBy.forEach((cs, k) => rows.push(` cov${k}: y${k}${cs.map((i) => ` - x${i}`).join("")} <= 0`));
  if (candidates.length > 0) {
    rows.push(` card: ${candidates.map((_, i) => `x${i}`).join(" + ")} <= ${maxSites}`);
    if (budget !== null) rows.push(` budget: ${candidates.map((_, i) => `${costs[i]} x${i}`).join(" + ")} <= ${budget}`);
  }
  const lp = [
    "Maximize",
    ` obj: ${obj}`,
    "Subject To",
    ...(rows.length ? rows : [" dummy: x0 >= 0"]),
    "Bounds",
    ...demand.map((_, k) => ` 0 <= y${k} <= 1`),
    "Binary",
    ...candidates.map((_, i) => ` x${i}`),
    "End",
  ].join("\n");
  const solver = await (highs ??= loadHighs());
  const r = solver.solve(lp, { output_flag: false, mip_rel_gap: 0 });
  if (r.Status !== "Optimal") throw new Error(`HiGHS: ${r.Status}`);
  const chosen = candidates.map((_, i) => i).filter((i) => (r.Columns[`x${i}`]?.Primal ?? 0) > 0.5);
  // The objective from the solution, recounted (HiGHS reports a float).
  const reached = new Set(coveredBy.flatMap((cs, k) => (cs.some((i) => chosen.includes(i)) ? [k] : [])));
  const value = [...reached].reduce((s, k) => s + demand[k]!.h.people, 0);
  return { value, chosen };
}

/**
 * The exact optimum of the team plan with daily returns: `routes` (= teams × days) closed tours from
 * the base, each within `hoursMin` minutes of travel + service, every stop at most once; maximise the
 * value, then minimise travel. Held-Karp for the shortest tour of every subset, then the best
 * packing of `routes` disjoint feasible subsets (3^n per route). n ≤ 12.
 */
export function exactTeams(
  travel: (a: number, b: number) => number,
  service: readonly number[],
  value: readonly number[],
  routes: number,
  hoursMin: number,
): { value: number; travel: number } {
  const n = service.length;
  if (n > 12) throw new Error(`exactTeams: at most 12 stops, got ${n}`);
  const full = 1 << n;
  // Held-Karp: dp[mask * n + last] = least travel from the base (point 0) through mask ending at last (stops are 1..n).
  const dp = new Float64Array(full * n).fill(Infinity);
  for (let i = 0; i < n; i++) dp[(1 << i) * n + i] = travel(0, i + 1);
  for (let mask = 1; mask < full; mask++) {
    for (let last = 0; last < n; last++) {
      const cur = dp[mask * n + last]!;
      if (!(mask & (1 << last)) || cur === Infinity) continue;
      for (let nx = 0; nx < n; nx++) {
        if (mask & (1 << nx)) continue;
        const m2 = mask | (1 << nx);
        const v = cur + travel(last + 1, nx + 1);
        if (v < dp[m2 * n + nx]!) dp[m2 * n + nx] = v;
      }
    }
  }
  // Per subset: feasible tour travel (or Infinity) and value.
  const tourTravel = new Float64Array(full).fill(Infinity);
  const val = new Float64Array(full);
  tourTravel[0] = 0;
  for (let mask = 1; mask < full; mask++) {
    let svc = 0,
      v = 0;
    for (let i = 0; i < n; i++)
      if (mask & (1 << i)) {
        svc += service[i]!;
        v += value[i]!;
      }
    val[mask] = v;
    let best = Infinity;
    for (let last = 0; last < n; last++) if (mask & (1 << last)) best = Math.min(best, dp[mask * n + last]! + travel(last + 1, 0));
    if (best + svc <= hoursMin + 1e-9) tourTravel[mask] = best;
  }
  // Pack `routes` tours: f[mask] = best (value, −travel) using tours inside mask.
  let fv = new Float64Array(full);
  let ft = new Float64Array(full);
  for (let r = 0; r < routes; r++) {
    const nv = new Float64Array(full),
      nt = new Float64Array(full);
    for (let mask = 0; mask < full; mask++) {
      let bv = fv[mask]!,
        bt = ft[mask]!;
      for (let sub = mask; sub > 0; sub = (sub - 1) & mask) {
        if (tourTravel[sub] === Infinity) continue;
        const v = val[sub]! + fv[mask ^ sub]!;
        const t = tourTravel[sub]! + ft[mask ^ sub]!;
        if (v > bv + 1e-9 || (Math.abs(v - bv) <= 1e-9 && t < bt - 1e-9)) {
          bv = v;
          bt = t;
        }
      }
      nv[mask] = bv;
      nt[mask] = bt;
    }
    fv = nv;
    ft = nt;
  }
  return { value: fv[full - 1]!, travel: ft[full - 1]! };
}

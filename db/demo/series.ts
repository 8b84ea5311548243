import { REASON_KEYS, type MobileTech, type ReasonKey } from "../../geo/domain";
import type { NewHamletSnapshot } from "../schema";
import { sigmoid, solveLevel, roundToTotal, apportion } from "./calibrate";
import type { DemoHamlet } from "./geography";
import type { HamletInfra } from "./infrastructure";
import type { Rng } from "./rng";
import { ANCHORS, COVERAGE_VERSIONS, FIRST_MONTH, LAST_MONTH, REPORT_DAYS, type Anchor } from "./params";

/**
 * Monthly hamlet snapshots, calibrated to the anchors of params.ts.
 *
 * Model: every count is a share of the count before it in the funnel (residents → eligible →
 * CCCD issued → received → activated → level 2; residents → households → poor or near-poor →
 * poor; eligible → without smartphone, needing a SIM), and each share is σ(root + slope·t + o_i + δ):
 * a level for the area that moves with time, the hamlet's own offset (harder where it is remote,
 * unpowered, unconnected), and a shift δ for each calibrated unit that contains it. Root levels and
 * shifts are solved by bisection so that the unit sums equal the anchors at their dates; counts
 * are then rounded to integers whose sums are exact where the anchor is exact, cumulative counts
 * never fall from one month to the next, and each count stays within the one it is a share of.
 */

type MetricKey = Anchor["metric"];
interface Spec {
  key: MetricKey;
  /** Logit change per month. */
  slope: number;
  /** Root logit at t = 0 (2022-08-01) when no anchor covers the whole area. */
  defaultRoot: Record<string, number>;
  offset: (h: DemoHamlet, k: HamletFactors) => number;
}

export interface HamletFactors {
  remote: number;
  noGrid: boolean;
  no2g: boolean;
  noBroadband: boolean;
  noise: number[];
}

const logit = (p: number) => Math.log(p / (1 - p));
const SPECS: Spec[] = [
  { key: "eligible", slope: 0, defaultRoot: { dienbien: 0, thuongxuan: 0, dabac: 0 }, offset: (_, k) => logit(0.7) + 0.12 * k.noise[0]! },
  { key: "cccdIssued", slope: 0.09, defaultRoot: { dienbien: 1.3, thuongxuan: 1.3, dabac: 1.3 }, offset: (_, k) => ease(k) + 0.2 * k.noise[1]! },
  { key: "received", slope: 0.16, defaultRoot: { dienbien: -0.5, thuongxuan: -0.5, dabac: -0.5 }, offset: (_, k) => ease(k) + 0.25 * k.noise[2]! },
  {
    key: "activated",
    slope: 0.1,
    defaultRoot: { dienbien: 0.5, thuongxuan: 0.8, dabac: 0.8 },
    offset: (_, k) => 0.7 * ease(k) - (k.noBroadband ? 0.5 : 0) + 0.25 * k.noise[3]!,
  },
];
const LEVEL2: Spec = {
  key: "activated",
  slope: 0.09,
  defaultRoot: { dienbien: -1.2, thuongxuan: -0.9, dabac: -1.0 },
  offset: (_, k) => 0.5 * ease(k) + 0.2 * k.noise[4]!,
};
const SOCIAL: Spec[] = [
  {
    key: "poorOrNearPoor",
    slope: -0.012,
    defaultRoot: { dienbien: -0.4, thuongxuan: -1.3, dabac: -0.9 },
    offset: (h, k) => (h.urban ? -1.8 : 0.06 * Math.min(k.remote, 25)) + 0.3 * k.noise[5]!,
  },
  {
    key: "poorShare",
    slope: -0.01,
    defaultRoot: { dienbien: 1.1, thuongxuan: 0.6, dabac: 0.8 },
    offset: (h, k) => (h.urban ? -0.8 : 0.03 * Math.min(k.remote, 25)) + 0.2 * k.noise[6]!,
  },
  {
    key: "withoutSmartphone",
    slope: -0.02,
    defaultRoot: { dienbien: -0.5, thuongxuan: -1.0, dabac: -0.8 },
    offset: (h, k) => (h.urban ? -1.2 : 0.04 * Math.min(k.remote, 25)) + (k.noBroadband ? 0.6 : 0) + 0.25 * k.noise[7]!,
  },
  {
    key: "simNeed",
    slope: -0.015,
    defaultRoot: { dienbien: -2.5, thuongxuan: -3, dabac: -2.8 },
    offset: (h, k) => (h.urban ? -1 : 0.03 * Math.min(k.remote, 25)) + 0.3 * k.noise[8]!,
  },
  { key: "ethnicMinority", slope: 0, defaultRoot: { dienbien: 0, thuongxuan: 0, dabac: 0 }, offset: (h, k) => (h.urban ? -0.3 : 3) + 0.5 * k.noise[9]! },
];
/** Ease of reaching a hamlet (logit units): remote, unpowered, unconnected hamlets lag. */
function ease(k: HamletFactors): number {
  return 0.6 - 0.05 * Math.min(k.remote, 30) - (k.noGrid ? 0.5 : 0) - (k.no2g ? 0.7 : 0) - (k.noBroadband ? 0.3 : 0);
}

/** The report dates of an area: one a month, on the published day where an article gives one. */
export function reportDates(area: string): string[] {
  const out: string[] = [];
  let [y, m] = FIRST_MONTH.split("-").map(Number) as [number, number];
  const [ly, lm] = LAST_MONTH.split("-").map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    const ym = `${y}-${String(m).padStart(2, "0")}`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    out.push(REPORT_DAYS[area]?.[ym] ?? `${ym}-${String(last).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const monthsSince0 = (d: string) => {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  return (y - 2022) * 12 + (m - 8) + (day - 1) / 30.4;
};

export function coverageIndex(date: string): number {
  let k = -1;
  COVERAGE_VERSIONS.forEach((v, i) => {
    if (v <= date) k = i;
  });
  if (k < 0) throw new Error(`no coverage version on or before ${date}`);
  return k;
}

type Grid = Float64Array[]; // [hamlet][date]

interface AreaCtx {
  area: string;
  hamlets: DemoHamlet[];
  dates: string[];
  t: number[];
  groups: Map<string, number[]>; // unit id → hamlet indices (within this area)
  groupsOf: string[][]; // hamlet index → unit ids of calibrated groups containing it
  factors: HamletFactors[];
}

export interface SeriesResult {
  snapshots: NewHamletSnapshot[];
  dates: Map<string, string[]>;
}

export function buildSeries(hamlets: DemoHamlet[], infra: Map<string, HamletInfra[]>, unitHamlets: Map<string, string[]>, rng: Rng): SeriesResult {
  const snapshots: NewHamletSnapshot[] = [];
  const dates = new Map<string, string[]>();
  for (const area of ["dienbien", "thuongxuan", "dabac"]) {
    const hs = hamlets.filter((h) => h.area === area);
    const idx = new Map(hs.map((h, i) => [h.id, i]));
    const ds = reportDates(area);
    dates.set(area, ds);
    const anchors = ANCHORS.filter((a) => (unitHamlets.get(a.unit) ?? []).some((id) => idx.has(id)));
    const groups = new Map<string, number[]>();
    for (const a of anchors)
      groups.set(
        a.unit,
        unitHamlets.get(a.unit)!.map((id) => idx.get(id)!),
      );
    const groupsOf = hs.map(() => [] as string[]);
    for (const [u, members] of groups) for (const i of members) groupsOf[i]!.push(u);
    const v23 = coverageIndex("2023-09-15");
    const factors = hs.map((h) => {
      const s = infra.get(h.id)![v23]!;
      const hr = rng.fork(`factors:${h.id}`);
      const any = (tech: MobileTech) => Object.values(s.signal).some((o) => o[tech] !== "none");
      return {
        remote: h.urban ? 0 : h.distanceKm,
        noGrid: !s.grid,
        no2g: !any("2g"),
        noBroadband: !any("3g") && !any("4g"),
        noise: Array.from({ length: 12 }, () => gauss(hr)),
      };
    });
    const ctx: AreaCtx = { area, hamlets: hs, dates: ds, t: ds.map(monthsSince0), groups, groupsOf, factors };
    for (const a of anchors) if (!ds.includes(a.date)) throw new Error(`anchor ${a.figure} date ${a.date} is not a report date of ${area}`);
    areaSeries(ctx, anchors, infra, rng.fork(`series:${area}`), snapshots);
  }
  return { snapshots, dates };
}

function gauss(r: Rng): number {
  // Box–Muller; clipped to ±3 so one draw cannot dominate.
  const u = Math.max(r.next(), 1e-12),
    v = r.next();
  return Math.max(-3, Math.min(3, Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
}

const grid = (n: number, m: number): Grid => Array.from({ length: n }, () => new Float64Array(m));

function areaSeries(ctx: AreaCtx, anchors: Anchor[], infra: Map<string, HamletInfra[]>, rng: Rng, out: NewHamletSnapshot[]) {
  const { hamlets: hs, dates } = ctx;
  const n = hs.length,
    m = dates.length;
  const growth = ctx.area === "dienbien" ? 0.014 : 0.009;
  const yearsSince2019 = (d: string) => monthsSince0(d) / 12 + 3.33;
  const residents0 = grid(n, m);
  hs.forEach((h, i) => {
    for (let d = 0; d < m; d++) residents0[i]![d] = h.pop2019Commune * h.popShare * (1 + growth) ** yearsSince2019(dates[d]!);
  });
  const residents = scaleMetric(ctx, "residents", residents0, anchors);
  const hh = grid(n, m);
  const hhSize = hs.map((h) => (h.urban ? 3.8 : ctx.area === "dienbien" ? 5.2 : 4.3) + rng.between(-0.5, 0.5));
  hs.forEach((_, i) => {
    for (let d = 0; d < m; d++) hh[i]![d] = residents[i]![d]! / hhSize[i]!;
  });
  const households = scaleMetric(ctx, "households", hh, anchors);

  const cont: Record<string, Grid> = { residents, households };
  let base = residents;
  for (const spec of SPECS) {
    cont[spec.key] = shareMetric(ctx, spec, base, anchors);
    base = cont[spec.key]!;
  }
  cont.level2 = shareMetric(ctx, LEVEL2, cont.activated!, []);
  const socialBase: Record<string, Grid> = {
    poorOrNearPoor: households,
    poorShare: grid(n, m),
    withoutSmartphone: cont.eligible!,
    simNeed: cont.eligible!,
    ethnicMinority: residents,
  };
  for (const spec of SOCIAL) {
    const b = spec.key === "poorShare" ? cont.poorOrNearPoor! : socialBase[spec.key]!;
    cont[spec.key] = shareMetric(ctx, spec, b, anchors);
  }

  // Integers.
  const ints: Record<string, Int32Array[]> = {};
  const ones = hs.map(() => new Int32Array(m).fill(1_000_000_000));
  ints.residents = toInts(ctx, cont.residents!, anchors, "residents", ones, false, 1);
  ints.eligible = toInts(ctx, cont.eligible!, anchors, "eligible", ints.residents, false);
  ints.cccdIssued = toInts(ctx, cont.cccdIssued!, anchors, "cccdIssued", ints.eligible, true);
  ints.received = toInts(ctx, cont.received!, anchors, "received", ints.cccdIssued, true);
  ints.activated = toInts(ctx, cont.activated!, anchors, "activated", ints.received, true);
  ints.level2 = toInts(ctx, cont.level2!, [], "activated", ints.activated, true);
  ints.households = toInts(ctx, cont.households!, anchors, "households", ints.residents, false, 1);
  ints.poorOrNearPoor = toInts(ctx, cont.poorOrNearPoor!, anchors, "poorOrNearPoor", ints.households, false);
  ints.poor = toInts(ctx, cont.poorShare!, [], "poorShare", ints.poorOrNearPoor, false);
  ints.withoutSmartphone = toInts(ctx, cont.withoutSmartphone!, anchors, "withoutSmartphone", ints.eligible, false);
  ints.simNeed = toInts(ctx, cont.simNeed!, anchors, "simNeed", ints.eligible, false);
  ints.ethnicMinority = toInts(ctx, cont.ethnicMinority!, anchors, "ethnicMinority", ints.residents, false);

  const reasons = reasonSplit(ctx, ints, infra, anchors);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < m; d++) {
      const g = (k: string) => ints[k]![i]![d]!;
      const r = reasons[i]![d]!;
      out.push({
        hamletId: hs[i]!.id,
        asOf: dates[d]!,
        eligible: g("eligible"),
        cccdIssued: g("cccdIssued"),
        received: g("received"),
        activated: g("activated"),
        level2: g("level2"),
        ...(Object.fromEntries(REASON_KEYS.map((key, j) => [key, r[j]!])) as Record<ReasonKey, number>),
        residents: g("residents"),
        ethnicMinority: g("ethnicMinority"),
        households: g("households"),
        poorHouseholds: g("poor"),
        nearPoorHouseholds: g("poorOrNearPoor") - g("poor"),
        withoutSmartphone: g("withoutSmartphone"),
        simNeed: g("simNeed"),
      });
    }
  }
}

const isRoot = (ctx: AreaCtx, unit: string) => ctx.groups.get(unit)!.length === ctx.hamlets.length;
const sumAt = (g: Grid, members: number[], d: number) => members.reduce((s, i) => s + g[i]![d]!, 0);
const targetOf = (a: Anchor, b: Grid, members: number[], d: number) => (a.value <= 1 ? a.value * sumAt(b, members, d) : a.value);
/** Anchors of one metric, outermost unit first. */
const anchorsFor = (ctx: AreaCtx, anchors: Anchor[], key: MetricKey) =>
  anchors.filter((a) => a.metric === key).sort((x, y) => ctx.groups.get(y.unit)!.length - ctx.groups.get(x.unit)!.length);

/** A count that is a multiple of another (residents, households): anchors set a factor per unit. */
function scaleMetric(ctx: AreaCtx, key: MetricKey, base: Grid, anchors: Anchor[]): Grid {
  const as = anchorsFor(ctx, anchors, key);
  const factor = new Map<string, number>(as.map((a) => [a.unit, 1]));
  const f = (i: number) => ctx.groupsOf[i]!.reduce((p, u) => p * (factor.get(u) ?? 1), 1);
  for (let it = 0; it < 8; it++) {
    for (const a of as) {
      const d = ctx.dates.indexOf(a.date);
      const members = ctx.groups.get(a.unit)!;
      const cur = members.reduce((s, i) => s + base[i]![d]! * f(i), 0);
      factor.set(a.unit, factor.get(a.unit)! * (targetOf(a, base, members, d) / cur));
    }
  }
  return base.map((row, i) => row.map((v) => v * f(i)));
}

/** A count that is a share of another, σ(root + slope·t + offset_i + Σδ). */
function shareMetric(ctx: AreaCtx, spec: Spec, base: Grid, anchors: Anchor[]): Grid {
  const as = anchorsFor(ctx, anchors, spec.key);
  const roots = as.filter((a) => isRoot(ctx, a.unit));
  if (roots.length > 1) throw new Error(`${ctx.area}: more than one whole-area anchor for ${spec.key}`);
  const units = new Set(as.map((a) => a.unit));
  if (units.size !== as.length) throw new Error(`${ctx.area}: a unit has two anchors for ${spec.key}; the model allows one`);
  const off = ctx.hamlets.map((h, i) => spec.offset(h, ctx.factors[i]!));
  let root = spec.defaultRoot[ctx.area]!;
  const delta = new Map<string, number>(as.filter((a) => !isRoot(ctx, a.unit)).map((a) => [a.unit, 0]));
  const shift = (i: number, except?: string) => ctx.groupsOf[i]!.reduce((s, u) => s + (u === except ? 0 : (delta.get(u) ?? 0)), 0);
  for (let it = 0; it < 10; it++) {
    for (const a of as) {
      const d = ctx.dates.indexOf(a.date);
      const members = ctx.groups.get(a.unit)!;
      const target = targetOf(a, base, members, d);
      const tt = spec.slope * ctx.t[d]!;
      if (isRoot(ctx, a.unit)) {
        root = solveLevel(
          members.map((i) => ({ base: base[i]![d]!, offset: tt + off[i]! + shift(i) })),
          target,
        );
      } else {
        delta.set(
          a.unit,
          solveLevel(
            members.map((i) => ({ base: base[i]![d]!, offset: root + tt + off[i]! + shift(i, a.unit) })),
            target,
          ),
        );
      }
    }
  }
  return base.map((row, i) => row.map((b, d) => b * sigmoid(root + spec.slope * ctx.t[d]! + off[i]! + shift(i))));
}

/**
 * Rounds a continuous grid to integers within [0 (or min), cap], monotone in time if asked, with
 * exact anchors made exact (inner units first, then the outer ones with the inner frozen).
 */
function toInts(ctx: AreaCtx, c: Grid, anchors: Anchor[], key: MetricKey, cap: Int32Array[], monotone: boolean, min = 0): Int32Array[] {
  const n = c.length,
    m = ctx.dates.length;
  const v = Array.from({ length: n }, () => new Int32Array(m));
  const exact = anchors.filter((a) => a.metric === key && a.kind === "exact").sort((x, y) => ctx.groups.get(x.unit)!.length - ctx.groups.get(y.unit)!.length);
  for (let d = 0; d < m; d++) {
    for (let i = 0; i < n; i++) {
      const lo = monotone && d > 0 ? v[i]![d - 1]! : min;
      v[i]![d] = Math.min(cap[i]![d]!, Math.max(lo, Math.round(c[i]![d]!)));
    }
    const frozen = new Set<number>();
    for (const a of exact.filter((x) => x.date === ctx.dates[d])) {
      const members = ctx.groups.get(a.unit)!;
      const lower = members.map((i) => (frozen.has(i) ? v[i]![d]! : Math.min(cap[i]![d]!, monotone && d > 0 ? v[i]![d - 1]! : min)));
      const upper = members.map((i) => (frozen.has(i) ? v[i]![d]! : cap[i]![d]!));
      const fixed = roundToTotal(
        members.map((i) => c[i]![d]!),
        a.value,
        lower,
        upper,
      );
      members.forEach((i, k) => {
        v[i]![d] = fixed[k]!;
        frozen.add(i);
      });
    }
  }
  return v;
}

/**
 * Splits eligible − activated by main reason (per hamlet and date, one count per reason in REASON_KEYS
 * order), in proportion to weights that follow each hamlet's conditions.
 */
function reasonSplit(ctx: AreaCtx, ints: Record<string, Int32Array[]>, infra: Map<string, HamletInfra[]>, anchors: Anchor[]): number[][][] {
  const { hamlets: hs, dates } = ctx;
  const weights = (i: number, d: number): number[] => {
    const s = infra.get(hs[i]!.id)![coverageIndex(dates[d]!)]!;
    const any = (tech: MobileTech, lvl?: string) => Object.values(s.signal).some((o) => (lvl ? o[tech] === lvl : o[tech] !== "none"));
    const noSignal = !any("2g");
    const weakOnly = !noSignal && !any("2g", "good") && !any("3g") && !any("4g");
    const elig = Math.max(1, ints.eligible![i]![d]!);
    const noPhoneShare = ints.withoutSmartphone![i]![d]! / elig;
    const f = ctx.factors[i]!;
    return [
      1.0 + 0.03 * Math.min(f.remote, 20),
      0.45,
      0.35,
      0.45,
      0.3 + 1.2 * noPhoneShare,
      0.15 + (weakOnly ? 0.4 : 0),
      noSignal ? 1.4 : weakOnly ? 0.5 : 0.02,
      0.25,
    ];
  };
  const mult = new Map<string, number[]>(); // unit → per-reason multipliers
  const multOf = (i: number) => {
    const mm = [1, 1, 1, 1, 1, 1, 1, 1];
    for (const u of ctx.groupsOf[i]!)
      mult.get(u)?.forEach((x, k) => {
        mm[k] = mm[k]! * x;
      });
    return mm;
  };
  const ra = anchors.filter((a) => a.metric === "reasonAway" || a.metric === "reasonElderlySick");
  for (const a of ra) {
    const k = a.metric === "reasonAway" ? 0 : 1;
    const d = dates.indexOf(a.date);
    const members = ctx.groups.get(a.unit)!;
    const cur = mult.get(a.unit) ?? [1, 1, 1, 1, 1, 1, 1, 1];
    mult.set(a.unit, cur);
    // Σ N_i·x·w_k/(x·w_k + rest_i) is increasing in x: bisection on log x.
    const sumFor = (x: number) =>
      members.reduce((s, i) => {
        const w = weights(i, d).map((wv, j) => wv * multOf(i)[j]!);
        const wk = (w[k]! / cur[k]!) * x;
        const rest = w.reduce((p, q) => p + q, 0) - w[k]!;
        return s + (ints.eligible![i]![d]! - ints.activated![i]![d]!) * (wk / (wk + rest));
      }, 0);
    let lo = -10,
      hi = 10;
    for (let it = 0; it < 80; it++) {
      const mid = (lo + hi) / 2;
      if (sumFor(Math.exp(mid)) < a.value) lo = mid;
      else hi = mid;
    }
    cur[k] = Math.exp((lo + hi) / 2);
  }
  const out = hs.map((_, i) =>
    dates.map((__, d) => {
      const left = ints.eligible![i]![d]! - ints.activated![i]![d]!;
      if (left === 0) return [0, 0, 0, 0, 0, 0, 0, 0];
      return apportion(
        left,
        weights(i, d).map((w, k) => w * multOf(i)[k]!),
      );
    }),
  );
  for (const a of ra.filter((x) => x.kind === "exact")) {
    const k = a.metric === "reasonAway" ? 0 : 1;
    const d = dates.indexOf(a.date);
    const members = ctx.groups.get(a.unit)!;
    const other = 7;
    const cur = members.map((i) => out[i]![d]![k]!);
    const fixed = roundToTotal(
      cur,
      a.value,
      members.map(() => 0),
      members.map((i) => out[i]![d]![k]! + out[i]![d]![other]!),
    );
    members.forEach((i, j) => {
      const r = out[i]![d]!;
      r[other] = r[other]! - (fixed[j]! - r[k]!);
      r[k] = fixed[j]!;
    });
  }
  return out;
}

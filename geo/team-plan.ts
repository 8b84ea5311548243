import { haversineKm } from "./haversine";
import { rate } from "./rates";

/** Defaults for {@link planTeams}: planning assumptions a district police office can change. */
export const TEAM_PLAN_DEFAULTS = {
  /** Mobile teams (tổ lưu động), all leaving from the same base. */
  teams: 3,
  /** Working days in the campaign (dates are counted from startDate, skipping restWeekdays). */
  days: 10,
  /** Weekdays without fieldwork, 0 = Sunday … 6 = Saturday. Campaign drives often work every day, hence none. */
  restWeekdays: [] as readonly number[],
  /** Working hours per day, travel included (leaving base to coming back). */
  workingHours: 8,
  /** People one team activates per hour on site (3–4 officers, ≈ 15 min per person: app install, face scan, OTP). */
  peoplePerHour: 12,
  /** Minutes at each hamlet before the first person is served (setting up, the hamlet head gathering people). */
  setupMinutes: 30,
  /** Share of the people remaining at a hamlet who come when the team visits (announced the day before). */
  turnout: 0.85,
  /** Average speed on mountain roads, km/h (motorbike or pickup on narrow, steep, partly unpaved roads). */
  speedKmh: 20,
  /** Road distance / straight-line distance: mountain roads wind (1.3 in plains, 1.5–2 in the uplands). */
  detourFactor: 1.6,
  /** true: back to base every evening; false: teams may sleep in the last hamlet of the day and return at the end. */
  returnDaily: true,
  /**
   * The search budget: stop improving after this many evaluated itineraries (one team's sequence cut
   * into days), so that the same input always gives the same plan on any machine. 3 million ≈ what
   * the former 800 ms wall-clock budget allowed on one idle core of the project's machines (≈ 3.6
   * evaluations per µs; under load it allowed 0.4–0.9 million). The search usually stops earlier, at
   * a local optimum: 300 hamlets, 5 teams, 10 days need ≈ 75 000.
   */
  maxEvaluations: 3_000_000,
  /** Stop improving after this many passes over all moves. */
  maxPasses: 100,
  /** Safety net only, in milliseconds: the evaluation budget ends the search long before (the clock is read every 65 536 evaluations). */
  timeLimitMs: 30_000,
} as const;

export interface TeamStop {
  id: string;
  lon: number;
  lat: number;
  /** People still to serve here (not yet activated, present: the caller leaves out those away). */
  people: number;
  /** Priority weight of a person served here (default 1): the priority ranking can plug in here. */
  weight?: number;
  /** Eligible and activated people before the campaign, for the projected activation rate. */
  eligible?: number;
  activated?: number;
}

export interface TeamPlanOptions {
  teams?: number;
  days?: number;
  /** First day of the campaign, YYYY-MM-DD (required). */
  startDate: string;
  restWeekdays?: readonly number[];
  workingHours?: number;
  peoplePerHour?: number;
  setupMinutes?: number;
  turnout?: number;
  speedKmh?: number;
  detourFactor?: number;
  returnDaily?: boolean;
  maxEvaluations?: number;
  maxPasses?: number;
  timeLimitMs?: number;
  /** Hamlet ids not to visit. */
  skip?: readonly string[];
  /** Eligible and activated people of the whole scope (for its projected rate); default: sums over the stops. */
  scope?: { eligible: number; activated: number };
}

export interface TeamVisit {
  hamletId: string;
  /** Travel minutes from the previous point (base or hamlet). */
  travelMin: number;
  /** Minutes after the start of the working day. */
  arriveMin: number;
  serviceMin: number;
  departMin: number;
  served: number;
}

export interface TeamDay {
  date: string;
  /** Where the day starts and ends: "base" or a hamlet id (overnight stays). */
  startsAt: string;
  endsAt: string;
  visits: TeamVisit[];
  /** Travel minutes, the way back to base included when the day ends there. */
  travelMin: number;
  serviceMin: number;
  workMin: number;
  served: number;
}

export interface TeamItinerary {
  team: number;
  days: TeamDay[];
  served: number;
  travelMin: number;
  serviceMin: number;
}

export interface HamletProjection {
  id: string;
  people: number;
  /** Expected people served by one visit (turnout, capped by what fits in a working day). */
  perVisit: number;
  /** Minutes on site for that visit. */
  serviceMin: number;
  served: number;
  remaining: number;
  visit: { team: number; date: string } | null;
  status: "visited" | "not_visited" | "unreachable" | "skipped" | "nothing_to_do";
  rateBefore: number | null;
  rateAfter: number | null;
}

export interface TeamPlan {
  dates: string[];
  teams: TeamItinerary[];
  totals: {
    served: number;
    weightedServed: number;
    travelMin: number;
    serviceMin: number;
    hamletsVisited: number;
    hamletsNotVisited: number;
    hamletsUnreachable: number;
    hamletsSkipped: number;
    peopleRemaining: number;
  };
  hamlets: HamletProjection[];
  scope: { eligible: number; activatedBefore: number; activatedAfter: number; rateBefore: number | null; rateAfter: number | null };
  /** People served per campaign date, cumulative, and the scope's projected rate at the end of that date. */
  byDate: { date: string; served: number; cumulative: number; rate: number | null }[];
  search: {
    constructionServed: number;
    constructionTravelMin: number;
    passes: number;
    moves: number;
    evaluations: number;
    /** true when a whole pass found no improving move (a local optimum), false when a limit ended the search. */
    converged: boolean;
    /** What ended the search. */
    stop: "converged" | "maxPasses" | "maxEvaluations" | "timeLimit";
  };
}

/**
 * Day-by-day itineraries for mobile teams that visit hamlets to activate e-ID accounts: which
 * hamlets each team visits on which date, in which order, with travel and service times and the
 * people expected to be served — then the projected activation rate per hamlet and for the scope.
 *
 * The model: every team leaves from `base`. A visit serves `floor(people × turnout)` people at
 * `peoplePerHour` after `setupMinutes`, capped so that one visit fits in a working day; each hamlet
 * is visited at most once. Travel time = straight-line distance × `detourFactor` / `speedKmh`.
 * A working day (travel + service) never exceeds `workingHours`; with `returnDaily` each day is a
 * round trip from base, otherwise a team sleeps in its last hamlet and returns to base by the end.
 *
 * The objective is lexicographic: most people served (times their weight), then least travel.
 * Each team's itinerary is one sequence of hamlets cut into days greedily (each day takes as many
 * of the next hamlets as fit — for a fixed sequence this uses the fewest days).
 * Construction: teams take turns picking, from where they are, the feasible hamlet with the most
 * people per minute spent (travel + service) — a value-weighted nearest neighbour. Improvement, until
 * no move helps or the evaluation budget runs out (`maxEvaluations`: a count, not a time, so the same
 * input gives the same plan on any machine): insert unvisited hamlets where they fit with the least
 * added travel; replace a visited hamlet by an unvisited one worth more; relocate a hamlet (within
 * or between teams) when it shortens travel; 2-opt (reverse a stretch) within a team.
 *
 * @example
 * const plan = planTeams({ lon: 103.2, lat: 21.25 }, stops, { teams: 3, days: 10, startDate: "2023-11-06" });
 * plan.teams[0].days[0].visits; // [{ hamletId: "h-03217-04", travelMin: 22, arriveMin: 22, serviceMin: 210, … }, …]
 * plan.scope.rateAfter;         // projected activation rate of the scope after the campaign
 * @throws RangeError for bad options (the option and its value in the message), a stop with bad
 *   coordinates, people, weight, eligible or activated, or a duplicate id.
 */
export function planTeams(base: { lon: number; lat: number }, stops: readonly TeamStop[], options: TeamPlanOptions): TeamPlan {
  const o = resolve(options);
  if (!Number.isFinite(base?.lon) || !Number.isFinite(base?.lat) || Math.abs(base.lat) > 90)
    throw new RangeError(`planTeams: base has bad coordinates [${base?.lon}, ${base?.lat}]`);
  validateStops(stops);
  const dates = campaignDates(o.startDate, o.days, o.restWeekdays);
  const H = o.workingHours * 60;
  const skip = new Set(o.skip);

  // Points: 0 = base, 1..n = the stops worth planning (not skipped, someone to serve).
  const idx: number[] = [];
  stops.forEach((s, i) => {
    if (!skip.has(s.id) && Math.floor(s.people * o.turnout) > 0) idx.push(i);
  });
  const n = idx.length;
  const lon = [base.lon, ...idx.map((i) => stops[i]!.lon)];
  const lat = [base.lat, ...idx.map((i) => stops[i]!.lat)];
  const perKm = (o.detourFactor / o.speedKmh) * 60;
  const T = new Float64Array((n + 1) * (n + 1));
  for (let a = 0; a <= n; a++)
    for (let b = a + 1; b <= n; b++) {
      const m = haversineKm(lon[a]!, lat[a]!, lon[b]!, lat[b]!) * perKm;
      T[a * (n + 1) + b] = m;
      T[b * (n + 1) + a] = m;
    }
  const N1 = n + 1;

  // Per-visit figures, capped so one visit fits in a day.
  const per = new Float64Array(N1);
  const svc = new Float64Array(N1);
  const val = new Float64Array(N1);
  const reachable = new Uint8Array(N1);
  for (let p = 1; p <= n; p++) {
    const s = stops[idx[p - 1]!]!;
    let reserve: number;
    if (o.returnDaily) reserve = T[p]! + T[p * N1]!;
    else {
      reserve = T[p * N1]!; // at least the nearest point before it (base or a hamlet), and back at the end
      for (let q = 1; q <= n; q++) if (q !== p && T[q * N1 + p]! < reserve) reserve = T[q * N1 + p]!;
    }
    const maxServe = Math.floor(((H - reserve - o.setupMinutes) * o.peoplePerHour) / 60);
    const want = Math.floor(s.people * o.turnout);
    const e = Math.max(0, Math.min(want, maxServe));
    if (e > 0) {
      reachable[p] = 1;
      per[p] = e;
      svc[p] = o.setupMinutes + (e * 60) / o.peoplePerHour;
      val[p] = e * (s.weight ?? 1);
    }
  }

  const ctx: Ctx = { N1, T, svc, H, D: dates.length, returnDaily: o.returnDaily };
  const seqs = construct(ctx, val, reachable, o.teams);
  const constructionServed = sumPer(seqs, per);
  const constructionTravel = seqs.reduce((s, q) => s + splitTravel(ctx, q, q.length), 0);
  const search = improve(ctx, seqs, val, reachable, o);

  // Itineraries.
  const visitOf = new Map<number, { team: number; date: string }>();
  const teams: TeamItinerary[] = seqs.map((seq, t) => {
    const days = splitDays(ctx, seq).map((d, k): TeamDay => {
      const visits: TeamVisit[] = [];
      let clock = 0;
      let at = d.start;
      for (const p of d.stops) {
        const travel = T[at * N1 + p]!;
        clock += travel;
        visits.push({
          hamletId: stops[idx[p - 1]!]!.id,
          travelMin: travel,
          arriveMin: clock,
          serviceMin: svc[p]!,
          departMin: clock + svc[p]!,
          served: per[p]!,
        });
        clock += svc[p]!;
        at = p;
        visitOf.set(p, { team: t + 1, date: dates[k]! });
      }
      const back = d.end === 0 && at !== 0 ? T[at * N1]! : 0;
      const travelMin = visits.reduce((s, v) => s + v.travelMin, 0) + back;
      const serviceMin = visits.reduce((s, v) => s + v.serviceMin, 0);
      const name = (q: number) => (q === 0 ? "base" : stops[idx[q - 1]!]!.id);
      return {
        date: dates[k]!,
        startsAt: name(d.start),
        endsAt: name(d.end),
        visits,
        travelMin,
        serviceMin,
        workMin: travelMin + serviceMin,
        served: visits.reduce((s, v) => s + v.served, 0),
      };
    });
    return {
      team: t + 1,
      days,
      served: days.reduce((s, d) => s + d.served, 0),
      travelMin: days.reduce((s, d) => s + d.travelMin, 0),
      serviceMin: days.reduce((s, d) => s + d.serviceMin, 0),
    };
  });

  // Projection per hamlet and for the scope.
  const pointOf = new Map(idx.map((i, k) => [i, k + 1]));
  const hamlets: HamletProjection[] = stops.map((s, i) => {
    const p = pointOf.get(i);
    const v = p === undefined ? undefined : visitOf.get(p);
    const served = v && p !== undefined ? per[p]! : 0;
    const status: HamletProjection["status"] = skip.has(s.id)
      ? "skipped"
      : p === undefined
        ? "nothing_to_do"
        : !reachable[p]
          ? "unreachable"
          : v
            ? "visited"
            : "not_visited";
    return {
      id: s.id,
      people: s.people,
      perVisit: p === undefined ? 0 : per[p]!,
      serviceMin: p === undefined ? 0 : svc[p]!,
      served,
      remaining: s.people - served,
      visit: v ?? null,
      status,
      rateBefore: rate(s.activated, s.eligible),
      rateAfter: s.activated === undefined ? null : rate(s.activated + served, s.eligible),
    };
  });
  const served = hamlets.reduce((s, h) => s + h.served, 0);
  const scopeIn = o.scope ?? { eligible: stops.reduce((s, h) => s + (h.eligible ?? 0), 0), activated: stops.reduce((s, h) => s + (h.activated ?? 0), 0) };
  const rateOf = (activated: number) => rate(activated, scopeIn.eligible);
  let cumulative = 0;
  const byDate = dates.map((date) => {
    const day = teams.reduce((s, t) => s + t.days.filter((d) => d.date === date).reduce((x, d) => x + d.served, 0), 0);
    cumulative += day;
    return { date, served: day, cumulative, rate: rateOf(scopeIn.activated + cumulative) };
  });

  return {
    dates,
    teams,
    totals: {
      served,
      weightedServed: seqs.reduce((s, q) => s + q.reduce((x, p) => x + val[p]!, 0), 0),
      travelMin: teams.reduce((s, t) => s + t.travelMin, 0),
      serviceMin: teams.reduce((s, t) => s + t.serviceMin, 0),
      hamletsVisited: hamlets.filter((h) => h.status === "visited").length,
      hamletsNotVisited: hamlets.filter((h) => h.status === "not_visited").length,
      hamletsUnreachable: hamlets.filter((h) => h.status === "unreachable").length,
      hamletsSkipped: hamlets.filter((h) => h.status === "skipped").length,
      peopleRemaining: hamlets.reduce((s, h) => s + h.remaining, 0),
    },
    hamlets,
    scope: {
      eligible: scopeIn.eligible,
      activatedBefore: scopeIn.activated,
      activatedAfter: scopeIn.activated + served,
      rateBefore: rateOf(scopeIn.activated),
      rateAfter: rateOf(scopeIn.activated + served),
    },
    byDate,
    search: { constructionServed, constructionTravelMin: constructionTravel, ...search },
  };
}

// ---------------------------------------------------------------------------------------------

type Resolved = Required<Omit<TeamPlanOptions, "scope">> & { scope?: TeamPlanOptions["scope"] };

function resolve(options: TeamPlanOptions): Resolved {
  const d = TEAM_PLAN_DEFAULTS;
  const o: Resolved = {
    teams: options.teams ?? d.teams,
    days: options.days ?? d.days,
    startDate: options.startDate,
    restWeekdays: options.restWeekdays ?? d.restWeekdays,
    workingHours: options.workingHours ?? d.workingHours,
    peoplePerHour: options.peoplePerHour ?? d.peoplePerHour,
    setupMinutes: options.setupMinutes ?? d.setupMinutes,
    turnout: options.turnout ?? d.turnout,
    speedKmh: options.speedKmh ?? d.speedKmh,
    detourFactor: options.detourFactor ?? d.detourFactor,
    returnDaily: options.returnDaily ?? d.returnDaily,
    maxEvaluations: options.maxEvaluations ?? d.maxEvaluations,
    maxPasses: options.maxPasses ?? d.maxPasses,
    timeLimitMs: options.timeLimitMs ?? d.timeLimitMs,
    skip: options.skip ?? [],
    scope: options.scope,
  };
  const int = (k: keyof Resolved, min: number, max: number) => {
    const v = o[k] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`planTeams: ${k} must be an integer in [${min}, ${max}], got ${v}`);
  };
  const pos = (k: keyof Resolved, max = Infinity) => {
    const v = o[k] as number;
    if (!Number.isFinite(v) || v <= 0 || v > max) throw new RangeError(`planTeams: ${k} must be a number in (0, ${max}], got ${v}`);
  };
  int("teams", 1, 50);
  int("days", 1, 366);
  int("maxPasses", 0, 1e6);
  int("maxEvaluations", 0, 1e12);
  pos("workingHours", 24);
  pos("peoplePerHour");
  pos("speedKmh", 200);
  pos("turnout", 1);
  pos("timeLimitMs");
  if (!Number.isFinite(o.setupMinutes) || o.setupMinutes < 0) throw new RangeError(`planTeams: setupMinutes must be a number >= 0, got ${o.setupMinutes}`);
  if (!Number.isFinite(o.detourFactor) || o.detourFactor < 1) throw new RangeError(`planTeams: detourFactor must be a number >= 1, got ${o.detourFactor}`);
  if (typeof o.startDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(o.startDate) || Number.isNaN(Date.parse(`${o.startDate}T00:00:00Z`))) {
    throw new RangeError(`planTeams: startDate must be a date YYYY-MM-DD, got ${String(o.startDate)}`);
  }
  for (const w of o.restWeekdays) if (!Number.isInteger(w) || w < 0 || w > 6) throw new RangeError(`planTeams: restWeekdays must hold integers 0–6, got ${w}`);
  if (new Set(o.restWeekdays).size >= 7) throw new RangeError(`planTeams: restWeekdays leaves no working day: ${o.restWeekdays.join(", ")}`);
  if (o.scope && (!Number.isFinite(o.scope.eligible) || o.scope.eligible < 0 || !Number.isFinite(o.scope.activated) || o.scope.activated < 0)) {
    throw new RangeError(`planTeams: scope must hold eligible and activated >= 0, got ${JSON.stringify(o.scope)}`);
  }
  return o;
}

function validateStops(stops: readonly TeamStop[]): void {
  const seen = new Map<string, number>();
  stops.forEach((s, i) => {
    if (!Number.isFinite(s?.lon) || !Number.isFinite(s?.lat) || Math.abs(s.lat) > 90)
      throw new RangeError(`planTeams: stops[${i}] (${s?.id}) has bad coordinates [${s?.lon}, ${s?.lat}]`);
    if (!Number.isFinite(s.people) || s.people < 0) throw new RangeError(`planTeams: stops[${i}] (${s.id}) people must be a number >= 0, got ${s.people}`);
    for (const k of ["weight", "eligible", "activated"] as const) {
      const v = s[k];
      if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new RangeError(`planTeams: stops[${i}] (${s.id}) ${k} must be a number >= 0, got ${v}`);
    }
    const j = seen.get(s.id);
    if (j !== undefined) throw new RangeError(`planTeams: stops[${i}] duplicates the id "${s.id}" of stops[${j}]`);
    seen.set(s.id, i);
  });
  if (stops.length > 3000) throw new RangeError(`planTeams: at most 3000 stops (plan a district or a commune at a time), got ${stops.length}`);
}

/** The working dates from start, skipping rest weekdays (UTC calendar arithmetic: dates, not instants). */
function campaignDates(start: string, days: number, rest: readonly number[]): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < days) {
    if (!rest.includes(d.getUTCDay())) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

interface Ctx {
  N1: number;
  T: Float64Array;
  svc: Float64Array;
  H: number;
  D: number;
  returnDaily: boolean;
}
/** Tolerance on minutes (float noise in sums of travel times; 1e-6 min ≈ 0.06 ms). */
const EPS = 1e-6;

/**
 * Travel minutes of a team's sequence (first `len` entries) cut greedily into days, or Infinity
 * when it does not fit in the campaign's days. The hot function of the search: no allocation.
 */
function splitTravel(c: Ctx, seq: ArrayLike<number>, len: number): number {
  const { N1, T, svc, H, D } = c;
  if (len === 0) return 0;
  let travel = 0;
  if (c.returnDaily) {
    let days = 0;
    let i = 0;
    while (i < len) {
      if (++days > D) return Infinity;
      let prev = seq[i]!;
      let used = T[prev]! + svc[prev]!;
      if (used + T[prev * N1]! > H + EPS) return Infinity;
      travel += T[prev]!;
      i++;
      while (i < len) {
        const s = seq[i]!;
        const next = used + T[prev * N1 + s]! + svc[s]!;
        if (next + T[s * N1]! > H + EPS) break;
        used = next;
        travel += T[prev * N1 + s]!;
        prev = s;
        i++;
      }
      travel += T[prev * N1]!;
    }
    return travel;
  }
  let days = 1;
  let used = 0;
  let pos = 0;
  for (let i = 0; i < len; i++) {
    const s = seq[i]!;
    const leg = T[pos * N1 + s]! + svc[s]!;
    if (used + leg > H + EPS) {
      if (++days > D || leg > H + EPS) return Infinity;
      used = leg;
    } else used += leg;
    travel += T[pos * N1 + s]!;
    pos = s;
  }
  const back = T[pos * N1]!;
  if (used + back > H + EPS) {
    if (++days > D || back > H + EPS) return Infinity;
  }
  return travel + back;
}

/** The same greedy cut as {@link splitTravel}, returning the days (D of them, some empty). */
function splitDays(c: Ctx, seq: readonly number[]): { start: number; end: number; stops: number[] }[] {
  const { N1, T, svc, H, D } = c;
  const days: { start: number; end: number; stops: number[] }[] = [];
  if (c.returnDaily) {
    let i = 0;
    while (i < seq.length) {
      const day = [seq[i]!];
      let prev = seq[i]!;
      let used = T[prev]! + svc[prev]!;
      i++;
      while (i < seq.length) {
        const s = seq[i]!;
        const next = used + T[prev * N1 + s]! + svc[s]!;
        if (next + T[s * N1]! > H + EPS) break;
        used = next;
        day.push(s);
        prev = s;
        i++;
      }
      days.push({ start: 0, end: 0, stops: day });
    }
    while (days.length < D) days.push({ start: 0, end: 0, stops: [] });
    return days;
  }
  let cur: number[] = [];
  let used = 0;
  let pos = 0;
  let start = 0;
  for (const s of seq) {
    const leg = T[pos * N1 + s]! + svc[s]!;
    if (used + leg > H + EPS) {
      days.push({ start, end: pos, stops: cur });
      cur = [];
      start = pos;
      used = 0;
    }
    cur.push(s);
    used += leg;
    pos = s;
  }
  if (seq.length > 0 && used + T[pos * N1]! > H + EPS) {
    days.push({ start, end: pos, stops: cur });
    days.push({ start: pos, end: 0, stops: [] });
  } else days.push({ start, end: 0, stops: cur });
  // Days after the return: at base, nothing planned.
  while (days.length < D) days.push({ start: 0, end: 0, stops: [] });
  return days;
}

/** Value-weighted nearest neighbour, teams taking turns: see {@link planTeams}. */
function construct(c: Ctx, val: Float64Array, reachable: Uint8Array, teams: number): number[][] {
  const { N1, T, svc, H, D } = c;
  const free = new Uint8Array(N1);
  for (let p = 1; p < N1; p++) free[p] = reachable[p]!;
  const seqs: number[][] = Array.from({ length: teams }, () => []);
  const pos = new Int32Array(teams);
  for (let d = 0; d < D; d++) {
    const used = new Float64Array(teams);
    const open = new Uint8Array(teams).fill(1);
    if (c.returnDaily) pos.fill(0);
    let anyOpen = true;
    while (anyOpen) {
      anyOpen = false;
      for (let t = 0; t < teams; t++) {
        if (!open[t]) continue;
        const at = pos[t]!;
        const mustReturn = c.returnDaily || d === D - 1;
        let best = -1;
        let bestScore = -1;
        for (let p = 1; p < N1; p++) {
          if (!free[p]) continue;
          const leg = T[at * N1 + p]! + svc[p]!;
          const end = used[t]! + leg + (mustReturn ? T[p * N1]! : 0);
          if (end > H + EPS) continue;
          const score = val[p]! / leg;
          if (score > bestScore) {
            bestScore = score;
            best = p;
          }
        }
        if (best < 0) {
          open[t] = 0;
          continue;
        }
        anyOpen = true;
        free[best] = 0;
        used[t] = used[t]! + T[at * N1 + best]! + svc[best]!;
        pos[t] = best;
        seqs[t]!.push(best);
      }
    }
  }
  // Overnight mode: the greedy day cut of the sequence may differ from the construction's days;
  // drop stops from the end until the sequence fits (rare; the search re-inserts them).
  for (const s of seqs) while (s.length > 0 && splitTravel(c, s, s.length) === Infinity) s.pop();
  return seqs;
}

/** The clock is read once per this many evaluations: the wall-clock cap is a safety net, not the budget. */
const CLOCK_EVERY = 65_536;

/**
 * Local search (see {@link planTeams}); mutates `seqs` (internal arrays, never the caller's).
 * Deterministic: the budget counts evaluations (calls of {@link splitTravel}), never time.
 */
function improve(
  c: Ctx,
  seqs: number[][],
  val: Float64Array,
  reachable: Uint8Array,
  o: Pick<Resolved, "maxEvaluations" | "maxPasses" | "timeLimitMs">,
): Pick<TeamPlan["search"], "passes" | "moves" | "evaluations" | "converged" | "stop"> {
  const { N1 } = c;
  const t0 = Date.now();
  const scratch = new Int32Array(N1 + 1);
  const travel = seqs.map((s) => splitTravel(c, s, s.length));
  const routed = new Uint8Array(N1);
  for (const s of seqs) for (const p of s) routed[p] = 1;
  let moves = 0;
  let passes = 0;
  let evaluations = 0;
  let nextClock = CLOCK_EVERY;
  // (cast: the closures below assign it, which TypeScript's narrowing does not see)
  let stop = null as TeamPlan["search"]["stop"] | null;
  /** true once a limit is reached (and from then on). */
  const out = (): boolean => {
    if (stop !== null) return true;
    if (evaluations >= o.maxEvaluations) stop = "maxEvaluations";
    else if (evaluations >= nextClock) {
      nextClock = evaluations + CLOCK_EVERY;
      if (Date.now() - t0 > o.timeLimitMs) stop = "timeLimit";
    }
    return stop !== null;
  };

  /** Travel of seq with `remove` (an index or −1) taken out and `ins` put before index `at` (of the original; −1 = none). */
  const evalWith = (seq: number[], remove: number, at: number, ins: number): number => {
    let k = 0;
    for (let i = 0; i <= seq.length; i++) {
      if (i === at) scratch[k++] = ins;
      if (i < seq.length && i !== remove) scratch[k++] = seq[i]!;
    }
    evaluations++;
    return splitTravel(c, scratch, k);
  };

  const unroutedByValue = () => {
    const u: number[] = [];
    for (let p = 1; p < N1; p++) if (reachable[p] && !routed[p]) u.push(p);
    return u.sort((a, b) => val[b]! - val[a]! || a - b);
  };

  /** Insert unvisited hamlets (most valuable first) where they add the least travel. */
  const insertMoves = (): boolean => {
    let any = false;
    for (const u of unroutedByValue()) {
      if (out()) return any;
      let bestT = -1,
        bestAt = -1,
        bestDelta = Infinity;
      seqs.forEach((seq, t) => {
        for (let at = 0; at <= seq.length; at++) {
          const d = evalWith(seq, -1, at, u) - travel[t]!;
          if (d < bestDelta - EPS) {
            bestDelta = d;
            bestT = t;
            bestAt = at;
          }
        }
      });
      if (bestT >= 0 && Number.isFinite(bestDelta)) {
        seqs[bestT]!.splice(bestAt, 0, u);
        travel[bestT] = travel[bestT]! + bestDelta;
        routed[u] = 1;
        moves++;
        any = true;
      }
    }
    return any;
  };

  /** Replace a visited hamlet by an unvisited one worth more, in the same place of the sequence. */
  const replaceMoves = (): boolean => {
    let any = false;
    for (const u of unroutedByValue()) {
      if (out()) return any;
      let bestT = -1,
        bestI = -1,
        bestVal = Infinity,
        bestTr = 0;
      for (let t = 0; t < seqs.length; t++) {
        const seq = seqs[t]!;
        for (let i = 0; i < seq.length; i++) {
          const v = val[seq[i]!]!;
          // the least valuable replaceable hamlet (then the least travel) wins
          if (v >= val[u]! - EPS || v > bestVal) continue;
          const tr = evalWith(seq, i, i, u);
          if (!Number.isFinite(tr)) continue;
          if (v < bestVal || tr - travel[t]! < bestTr - travel[bestT]!) {
            bestVal = v;
            bestT = t;
            bestI = i;
            bestTr = tr;
          }
        }
      }
      if (bestT >= 0) {
        const seq = seqs[bestT]!;
        routed[seq[bestI]!] = 0;
        seq[bestI] = u;
        routed[u] = 1;
        travel[bestT] = bestTr;
        moves++;
        any = true;
      }
    }
    return any;
  };

  /** Move one hamlet elsewhere (same team or another) when that shortens total travel. */
  const relocateMoves = (): boolean => {
    let any = false;
    for (let a = 0; a < seqs.length; a++) {
      for (let i = 0; i < seqs[a]!.length; i++) {
        if (out()) return any;
        const seqA = seqs[a]!;
        const p = seqA[i]!;
        const without = evalWith(seqA, i, -1, 0);
        let best = -EPS * 1e3,
          bestB = -1,
          bestAt = -1,
          bestTa = 0,
          bestTb = 0;
        for (let b = 0; b < seqs.length; b++) {
          const seqB = seqs[b]!;
          for (let at = 0; at <= seqB.length; at++) {
            if (b === a) {
              if (at === i || at === i + 1) continue;
              const tr = evalWith(seqA, i, at, p);
              const gain = travel[a]! - tr;
              if (gain > best) {
                best = gain;
                bestB = b;
                bestAt = at;
                bestTa = tr;
                bestTb = tr;
              }
            } else {
              if (!Number.isFinite(without)) break;
              const tr = evalWith(seqB, -1, at, p);
              const gain = travel[a]! + travel[b]! - without - tr;
              if (gain > best) {
                best = gain;
                bestB = b;
                bestAt = at;
                bestTa = without;
                bestTb = tr;
              }
            }
          }
        }
        if (bestB >= 0 && best > 1e-6) {
          if (bestB === a) {
            const copy = seqA.slice();
            copy.splice(i, 1);
            copy.splice(bestAt > i ? bestAt - 1 : bestAt, 0, p);
            seqs[a] = copy;
            travel[a] = bestTa;
          } else {
            seqs[a] = seqA.filter((_, k) => k !== i);
            travel[a] = bestTa;
            seqs[bestB]!.splice(bestAt, 0, p);
            travel[bestB] = bestTb;
          }
          moves++;
          any = true;
        }
      }
    }
    return any;
  };

  /** 2-opt within a team: reverse seq[i..j] when that shortens its travel. */
  const twoOptMoves = (): boolean => {
    let any = false;
    for (let t = 0; t < seqs.length; t++) {
      const seq = seqs[t]!;
      for (let i = 0; i < seq.length - 1; i++) {
        if (out()) return any;
        for (let j = i + 1; j < seq.length; j++) {
          let k = 0;
          for (let x = 0; x < i; x++) scratch[k++] = seq[x]!;
          for (let x = j; x >= i; x--) scratch[k++] = seq[x]!;
          for (let x = j + 1; x < seq.length; x++) scratch[k++] = seq[x]!;
          evaluations++;
          const tr = splitTravel(c, scratch, k);
          if (tr < travel[t]! - 1e-6) {
            const rev = seq.slice(i, j + 1).reverse();
            seq.splice(i, j - i + 1, ...rev);
            travel[t] = tr;
            moves++;
            any = true;
          }
        }
      }
    }
    return any;
  };

  for (;;) {
    if (passes >= o.maxPasses) {
      stop = "maxPasses";
      break;
    }
    if (out()) break;
    passes++;
    const a = insertMoves();
    const b = replaceMoves();
    const r = relocateMoves();
    const t = twoOptMoves();
    // A pass cut short by a limit proves nothing: only a whole pass without a move is a local optimum.
    if (stop !== null) break;
    if (!a && !b && !r && !t) {
      stop = "converged";
      break;
    }
  }
  return { passes, moves, evaluations, converged: stop === "converged", stop: stop! };
}

function sumPer(seqs: number[][], per: Float64Array): number {
  return seqs.reduce((s, q) => s + q.reduce((x, p) => x + per[p]!, 0), 0);
}

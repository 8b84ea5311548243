// Runs both planners on a scope's data (db/queries/plans.ts planInputs) for one request — pure: the
// route handler calls it on the server, so the counts per hamlet never leave it unsuppressed.
import "server-only";
import type { Db } from "@/db";
import { priorityHamlets } from "@/db/queries/priorities";
import type { Scope } from "@/db/queries/scope";
import { PRIORITY_PRESETS, type PriorityPreset } from "@/geo/priority-score";
import { gapRows, rankRows } from "./priorities";
import { haversineKm, placeSites, planTeams, rate, suppressSmallCounts, type PlacementCandidate } from "@/geo";
import type { CountRelation } from "@/geo/complementary-suppression";
import type { Counts } from "@/app/_auth/counts";
import { withholdCounts } from "./withhold";
import type { PlanInputs, PlanSite } from "@/db/queries/plans";
import { PLAN_VERSION, type RunRequest, type ScenarioPlan, type Selection } from "@/geo/plan-schema";

/** null = withheld (a count from 1 to 4, geo/small-counts.ts). */
type Count = number | null;

export interface RunHamlet {
  id: string;
  name: string;
  communeName: string | null;
  lon: number;
  lat: number;
  broadband: boolean;
  selected: boolean;
  skipped: boolean;
  notActivated: Count;
  activationRate: number | null;
  /** Rank of the first chosen Wi-Fi site that reaches it. */
  wifiRank: number | null;
  visit: { team: number; date: string; order: number } | null;
  served: Count;
  projectedRate: number | null;
  status: "visited" | "not_visited" | "unreachable" | "skipped" | "nothing_to_do" | "not_selected";
}

export interface RunCandidate {
  id: string;
  name: string;
  kind: string;
  lon: number;
  lat: number;
  power: string;
  backhaul: string;
  cost: number;
  added: boolean;
}

export interface RunResult {
  unit: PlanInputs["unit"];
  date: string;
  hamlets: RunHamlet[];
  candidates: RunCandidate[];
  existingWifi: { name: string; lon: number; lat: number }[];
  bases: { id: number; name: string; lon: number; lat: number }[];
  wifi: {
    radiusKm: number;
    picks: {
      rank: number;
      candidateId: string;
      name: string;
      kind: string;
      lon: number;
      lat: number;
      gain: Count;
      cumulative: Count;
      cost: number;
      cumulativeCost: number;
      newHamlets: number;
      catchmentHamletIds: string[];
    }[];
    peopleReached: Count;
    upperBound: number;
    boundRatio: number;
    aPrioriRatio: number;
    guarantee: number;
    rule: string;
    demandPeople: Count;
    demandHamlets: number;
    reachablePeople: Count;
    cost: number;
  };
  teams: {
    base: { id: number | null; name: string; lon: number; lat: number };
    dates: string[];
    itineraries: {
      team: number;
      served: Count;
      travelMin: number;
      serviceMin: number;
      days: {
        date: string;
        startsAt: string;
        endsAt: string;
        travelMin: number;
        serviceMin: number;
        workMin: number;
        served: Count;
        visits: {
          order: number;
          hamletId: string;
          name: string;
          communeName: string | null;
          lon: number;
          lat: number;
          travelMin: number;
          arriveMin: number;
          serviceMin: number;
          departMin: number;
          served: Count;
        }[];
      }[];
    }[];
    totals: {
      served: Count;
      travelMin: number;
      serviceMin: number;
      hamletsVisited: number;
      hamletsNotVisited: number;
      hamletsUnreachable: number;
      teamDays: number;
    };
    scope: { eligible: number; activatedBefore: number; activatedAfter: number; rateBefore: number | null; rateAfter: number | null };
    byDate: { date: string; served: Count; cumulative: Count; rate: number | null }[];
    cost: number;
    search: { passes: number; converged: boolean };
  };
}

/** A count shown alone, in withheld mode. */
const withholdSmall = (n: number): Count => suppressSmallCounts({ n }).values.n;

/**
 * The hamlets a selection keeps, in the order of the inputs. This is the seam where the priority
 * ranking (issue 5) plugs in: it returns ranked ids (and weights), which the planners take as is.
 */
export function selectHamlets(hamlets: PlanInputs["hamlets"], selection: Selection): string[] {
  if (selection.mode === "manual") {
    const want = new Set(selection.hamletIds);
    return hamlets.filter((h) => want.has(h.id)).map((h) => h.id);
  }
  if (selection.mode === "priority") {
    throw new Error("selectHamlets: a priority selection needs the gap analysis — pass priorityChoice() as runPlans' choice");
  }
  return hamlets
    .filter((h) => !selection.noBroadband || !h.broadband)
    .filter((h) => {
      const r = rate(h.activated, h.eligible);
      return selection.maxActivationRate === null || (r !== null && r < selection.maxActivationRate);
    })
    .filter((h) => h.eligible - h.activated >= selection.minPeople)
    .map((h) => h.id);
}

/** The team base: the chosen site, else the commune HQ nearest the middle of the selected hamlets (or the scope). */
function chooseBase(
  inputs: PlanInputs,
  baseSiteId: number | null,
  selected: PlanInputs["hamlets"],
  nameOf: (s: PlanSite) => string,
): { id: number | null; name: string; lon: number; lat: number } {
  const hqs = inputs.sites.filter((s) => s.kind === "commune_hq");
  if (baseSiteId !== null) {
    const s = inputs.sites.find((x) => x.id === baseSiteId);
    if (!s) throw new RangeError(`teams.baseSiteId ${baseSiteId} is not a site of ${inputs.unit.id}`);
    return { id: s.id, name: nameOf(s), lon: s.lon, lat: s.lat };
  }
  const pts = selected.length > 0 ? selected : inputs.hamlets;
  const cx = pts.reduce((a, h) => a + h.lon, 0) / Math.max(1, pts.length);
  const cy = pts.reduce((a, h) => a + h.lat, 0) / Math.max(1, pts.length);
  if (hqs.length === 0) return { id: null, name: "—", lon: cx, lat: cy };
  const s = hqs.reduce((a, b) => (haversineKm(cx, cy, a.lon, a.lat) <= haversineKm(cx, cy, b.lon, b.lat) ? a : b));
  return { id: s.id, name: nameOf(s), lon: s.lon, lat: s.lat };
}

/**
 * The hamlets the planners work on: ids, and optionally a priority weight per id (a person served
 * in a hamlet of weight 2 counts twice for the teams). The priority ranking (issue 5) plugs in by
 * producing one of these — e.g. its top N hamlets with their scores — and passing it to runPlans.
 */
export interface HamletChoice {
  ids: readonly string[];
  weights?: ReadonlyMap<string, number>;
}

/**
 * Runs the Wi-Fi placement and the team plan for a request on the scope's inputs, on the hamlets of
 * `choice` (default: the request's filter or manual selection, {@link selectHamlets}).
 */
export function runPlans(
  inputs: PlanInputs,
  req: RunRequest,
  choice: HamletChoice = { ids: selectHamlets(inputs.hamlets, req.selection) },
  counts: Counts = "withheld",
): RunResult {
  const exact = counts === "exact";
  const withhold = (n: number): Count => (exact ? n : withholdSmall(n));
  const selectedIds = new Set(choice.ids);
  const skip = new Set(req.skip);
  const selected = inputs.hamlets.filter((h) => selectedIds.has(h.id));
  const byId = new Map(inputs.hamlets.map((h) => [h.id, h]));
  // Site names repeat ("Trạm Y tế xã" in every commune): add the commune.
  const siteName = (s: PlanSite) => {
    const commune = byId.get(s.hamletId ?? "")?.communeName;
    return commune ? `${s.name} — ${commune}` : s.name;
  };

  // Wi-Fi: candidates are the sites (except existing Wi-Fi points) plus the user's; demand is the selected hamlets.
  const siteCandidates = inputs.sites.filter((s) => s.kind !== "wifi_point");
  const candidates: (PlacementCandidate & { name: string; kind: string; added: boolean })[] = [
    ...siteCandidates.map((s: PlanSite) => ({
      id: `site-${s.id}`,
      name: siteName(s),
      kind: s.kind,
      lon: s.lon,
      lat: s.lat,
      power: s.power,
      backhaul: s.backhaul,
      added: false,
    })),
    ...req.addedCandidates.map((c) => ({ ...c, kind: "added", added: true })),
  ];
  const existing = inputs.sites.filter((s) => s.kind === "wifi_point");
  const wifi = placeSites(
    selected.map((h) => ({ id: h.id, lon: h.lon, lat: h.lat, people: Math.max(0, h.eligible - h.activated), broadband: h.broadband })),
    candidates,
    { radiusKm: req.wifi.radiusKm, maxSites: req.wifi.maxSites, budget: req.wifi.budget, costs: req.wifi.costs, existing },
  );
  const candById = new Map(candidates.map((c) => [c.id, c]));
  const wifiRank = new Map<string, number>();
  for (const p of wifi.picks) for (const id of p.newHamletIds) wifiRank.set(id, p.rank);

  // Teams: the selected hamlets minus those skipped; people = not activated and not away.
  const base = chooseBase(inputs, req.teams.baseSiteId, selected, siteName);
  const t = req.teams;
  const eligible = inputs.hamlets.reduce((s, h) => s + h.eligible, 0);
  const activated = inputs.hamlets.reduce((s, h) => s + h.activated, 0);
  const plan = planTeams(
    base,
    selected.map((h) => ({
      id: h.id,
      lon: h.lon,
      lat: h.lat,
      people: Math.max(0, h.eligible - h.activated - h.away),
      eligible: h.eligible,
      activated: h.activated,
      weight: choice.weights?.get(h.id),
    })),
    {
      teams: t.teams,
      days: t.days,
      startDate: t.startDate ?? inputs.date,
      restWeekdays: t.restWeekdays,
      workingHours: t.workingHours,
      peoplePerHour: t.peoplePerHour,
      setupMinutes: t.setupMinutes,
      turnout: t.turnout,
      speedKmh: t.speedKmh,
      detourFactor: t.detourFactor,
      returnDaily: t.returnDaily,
      skip: [...skip],
      scope: { eligible, activated },
    },
  );
  const proj = new Map(plan.hamlets.map((h) => [h.id, h]));
  const visitOrder = new Map<string, { team: number; date: string; order: number }>();
  for (const it of plan.teams) for (const d of it.days) d.visits.forEach((v, k) => visitOrder.set(v.hamletId, { team: it.team, date: d.date, order: k + 1 }));
  const teamDays = plan.teams.reduce((s, it) => s + it.days.filter((d) => d.visits.length > 0).length, 0);

  const hamlets: RunHamlet[] = inputs.hamlets.map((h) => {
    const p = proj.get(h.id);
    const shown = withholdCounts({ eligible: h.eligible, activated: h.activated, served: p?.served ?? 0 }, [], counts);
    const ratesOk = shown.values.eligible !== null && shown.values.activated !== null && shown.values.served !== null;
    return {
      id: h.id,
      name: h.name,
      communeName: h.communeName,
      lon: h.lon,
      lat: h.lat,
      broadband: h.broadband,
      selected: selectedIds.has(h.id),
      skipped: skip.has(h.id),
      notActivated: withhold(Math.max(0, h.eligible - h.activated)),
      activationRate: ratesOk ? rate(h.activated, h.eligible) : null,
      wifiRank: wifiRank.get(h.id) ?? null,
      visit: visitOrder.get(h.id) ?? null,
      served: shown.values.served,
      projectedRate: ratesOk && p ? p.rateAfter : null,
      status: p ? p.status : "not_selected",
    };
  });

  // Totals shown with their parts: the Wi-Fi picks' running sum (cumulative_k = cumulative_k−1 + gain_k,
  // peopleReached = the last), and the teams' total = Σ teams. (Days and visits: small counts only.)
  const cells: Record<string, number> = { reached: wifi.peopleReached, served: plan.totals.served };
  const relations: CountRelation<string>[] = [];
  wifi.picks.forEach((p, k) => {
    cells[`g${k}`] = p.gain;
    cells[`c${k}`] = p.cumulative;
    relations.push(k === 0 ? { total: "c0", parts: ["g0"] } : { total: `c${k}`, parts: [`c${k - 1}`, `g${k}`] });
  });
  if (wifi.picks.length) relations.push({ total: "reached", parts: [`c${wifi.picks.length - 1}`] });
  plan.teams.forEach((it, k) => {
    cells[`t${k}`] = it.served;
  });
  relations.push({ total: "served", parts: plan.teams.map((_, k) => `t${k}`) });
  const { values: sums } = withholdCounts(cells, relations, counts);

  return {
    unit: inputs.unit,
    date: inputs.date,
    hamlets,
    candidates: candidates.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      lon: c.lon,
      lat: c.lat,
      power: c.power,
      backhaul: c.backhaul,
      cost: wifi.candidateCosts[c.id]!,
      added: c.added,
    })),
    existingWifi: existing.map((s) => ({ name: siteName(s), lon: s.lon, lat: s.lat })),
    bases: inputs.sites.filter((s) => s.kind === "commune_hq").map((s) => ({ id: s.id, name: siteName(s), lon: s.lon, lat: s.lat })),
    wifi: {
      radiusKm: req.wifi.radiusKm,
      picks: wifi.picks.map((p, k) => {
        const c = candById.get(p.candidateId)!;
        return {
          rank: p.rank,
          candidateId: p.candidateId,
          name: c.name,
          kind: c.kind,
          lon: c.lon,
          lat: c.lat,
          gain: sums[`g${k}`] ?? null,
          cumulative: sums[`c${k}`] ?? null,
          cost: p.cost,
          cumulativeCost: p.cumulativeCost,
          newHamlets: p.newHamletIds.length,
          catchmentHamletIds: p.catchmentHamletIds,
        };
      }),
      peopleReached: sums.reached ?? null,
      upperBound: wifi.upperBound,
      boundRatio: wifi.boundRatio,
      aPrioriRatio: wifi.aPrioriRatio,
      guarantee: wifi.guarantee,
      rule: wifi.rule,
      demandPeople: withhold(wifi.demandPeople),
      demandHamlets: wifi.demandHamlets,
      reachablePeople: withhold(wifi.reachablePeople),
      cost: wifi.cost,
    },
    teams: {
      base,
      dates: plan.dates,
      itineraries: plan.teams.map((it, k) => ({
        team: it.team,
        served: sums[`t${k}`] ?? null,
        travelMin: it.travelMin,
        serviceMin: it.serviceMin,
        days: it.days.map((d) => ({
          date: d.date,
          startsAt: d.startsAt,
          endsAt: d.endsAt,
          travelMin: d.travelMin,
          serviceMin: d.serviceMin,
          workMin: d.workMin,
          served: withhold(d.served),
          visits: d.visits.map((v, k) => {
            const h = byId.get(v.hamletId)!;
            return {
              order: k + 1,
              hamletId: v.hamletId,
              name: h.name,
              communeName: h.communeName,
              lon: h.lon,
              lat: h.lat,
              travelMin: v.travelMin,
              arriveMin: v.arriveMin,
              serviceMin: v.serviceMin,
              departMin: v.departMin,
              served: withhold(v.served),
            };
          }),
        })),
      })),
      totals: {
        served: sums.served ?? null,
        travelMin: plan.totals.travelMin,
        serviceMin: plan.totals.serviceMin,
        hamletsVisited: plan.totals.hamletsVisited,
        hamletsNotVisited: plan.totals.hamletsNotVisited,
        hamletsUnreachable: plan.totals.hamletsUnreachable,
        teamDays,
      },
      scope: plan.scope,
      byDate: plan.byDate.map((b) => ({ date: b.date, served: withhold(b.served), cumulative: withhold(b.cumulative), rate: b.rate })),
      cost: teamDays * t.costPerTeamDay,
      search: { passes: plan.search.passes, converged: plan.search.converged },
    },
  };
}

/** What a scenario keeps of a run (see geo/plan-schema.ts scenarioPlanSchema). */
export function scenarioOf(req: RunRequest, r: RunResult): ScenarioPlan {
  return {
    version: PLAN_VERSION,
    request: req,
    summary: {
      hamletsSelected: r.hamlets.filter((h) => h.selected).length,
      wifiPeopleReached: r.wifi.peopleReached,
      wifiSites: r.wifi.picks.length,
      wifiCost: r.wifi.cost,
      wifiBoundRatio: Math.min(1, r.wifi.boundRatio),
      teamServed: r.teams.totals.served,
      teamHamletsVisited: r.teams.totals.hamletsVisited,
      teamCost: r.teams.cost,
      eligible: r.teams.scope.eligible,
      rateBefore: r.teams.scope.rateBefore,
      rateAfter: r.teams.scope.rateAfter,
      byDate: r.teams.byDate.map((b) => ({ date: b.date, cumulative: b.cumulative, rate: b.rate })),
    },
    wifiPicks: r.wifi.picks.map((p) => ({ candidateId: p.candidateId, name: p.name, kind: p.kind, lon: p.lon, lat: p.lat, gain: p.gain, cost: p.cost })),
  };
}

/**
 * The planners' hamlets from the priority ranking (the gap analysis, /priorities): the `top`
 * highest-scored hamlets of the scope under a weight preset, each weighted 1 + score so that the
 * team planner prefers a person in a high-priority hamlet.
 */
export async function priorityChoice({
  db,
  scope,
  date,
  preset,
  top,
}: {
  db: Db;
  scope: Scope;
  date: string;
  preset: PriorityPreset;
  top: number;
}): Promise<HamletChoice> {
  const data = await priorityHamlets({ db, scope, date });
  const ranked = rankRows(gapRows(data.hamlets), PRIORITY_PRESETS[preset])
    .filter((r) => r.bottleneck !== "none")
    .slice(0, top);
  return { ids: ranked.map((r) => r.id), weights: new Map(ranked.map((r) => [r.id, 1 + r.score])) };
}

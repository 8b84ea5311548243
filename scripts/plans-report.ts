// Prints the planners' figures for one scope and date from the database the app uses (PGLITE_DIR or
// DATABASE_URL): the best Wi-Fi sites with the people they reach and the optimality bound, and the
// mobile-team plan with people served and the projected activation rate.
//   npx tsx --conditions=react-server scripts/plans-report.ts [unit] [structure] [date] [teams] [days] [sites]
import { openDbFromEnv } from "../db/client";
import { planInputs } from "../db/queries/plans";
import { runRequestSchema } from "@/geo/plan-schema";
import { runPlans } from "@/app/_screens/plans";
import { scopeOf } from "../db/queries/scope";

const [unit = "d-101", structure = "pre2025", date = "2023-11-06", teams = "3", days = "10", sites = "5"] = process.argv.slice(2);
const o = await openDbFromEnv();
try {
  const inputs = await planInputs({ db: o.db, scope: scopeOf(unit, structure as "pre2025"), date });
  if (!inputs) throw new Error(`no unit ${unit} in ${structure}`);
  const req = runRequestSchema.parse({ unit, structure, date, wifi: { maxSites: Number(sites) }, teams: { teams: Number(teams), days: Number(days) } });
  const t0 = performance.now();
  const r = runPlans(inputs, req);
  const ms = performance.now() - t0;
  const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)} %`);
  console.log(
    `${r.unit.name} (${unit}, ${structure}), data as of ${date}: ${inputs.hamlets.length} hamlets, ` +
      `${inputs.hamlets.filter((h) => !h.broadband).length} without mobile broadband, ${r.candidates.length} candidate sites, ` +
      `${r.existingWifi.length} existing Wi-Fi points; both planners in ${ms.toFixed(0)} ms`,
  );
  console.log(
    `\nWi-Fi: ${r.wifi.picks.length} sites, radius ${r.wifi.radiusKm} km — ` +
      `reaches ${r.wifi.peopleReached} of ${r.wifi.demandPeople} people not yet activated in hamlets without 3G/4G ` +
      `(${r.wifi.reachablePeople} within reach of some candidate); cost ${r.wifi.cost} million VND`,
  );
  console.log(
    `  proven upper bound ${r.wifi.upperBound} → this plan reaches ≥ ${pct(r.wifi.guarantee)} of the best possible (a-priori ${pct(r.wifi.aPrioriRatio)})`,
  );
  console.table(
    r.wifi.picks.map((p) => ({ rank: p.rank, site: p.name, kind: p.kind, gain: p.gain, cumulative: p.cumulative, "new hamlets": p.newHamlets, cost: p.cost })),
  );
  const tm = r.teams;
  console.log(`\nTeams: ${tm.itineraries.length} teams × ${tm.dates.length} days (${tm.dates[0]} … ${tm.dates.at(-1)}), base ${tm.base.name}`);
  console.log(
    `  served ${tm.totals.served} people in ${tm.totals.hamletsVisited} hamlets ` +
      `(${tm.totals.hamletsNotVisited + tm.totals.hamletsUnreachable} not reached); ${(tm.totals.travelMin / 60).toFixed(1)} h on the road; ` +
      `${tm.totals.teamDays} team-days, cost ${tm.cost} million VND`,
  );
  console.log(
    `  activation ${pct(tm.scope.rateBefore)} → ${pct(tm.scope.rateAfter)} ` +
      `(${tm.scope.activatedBefore} → ${tm.scope.activatedAfter} of ${tm.scope.eligible} eligible)`,
  );
  console.table(
    tm.itineraries.map((it) => ({
      team: it.team,
      served: it.served,
      hamlets: it.days.reduce((s, d) => s + d.visits.length, 0),
      "travel h": +(it.travelMin / 60).toFixed(1),
      "days used": it.days.filter((d) => d.visits.length).length,
    })),
  );
  console.log("  projected rate by date:", tm.byDate.map((b) => `${b.date.slice(5)} ${pct(b.rate)}`).join(", "));
} finally {
  await o.close();
}

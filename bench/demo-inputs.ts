// Planner inputs built straight from the demo generator (no database), for the benchmarks and the
// geo tests: the same selection db/queries/plans.ts makes from the seeded database.
import { hasBroadband, type HamletCoverage } from "../geo/hamlet-coverage";
import type { PlacementCandidate, PlacementHamlet } from "../geo/site-placement";
import type { TeamStop } from "../geo/team-plan";
import { generateDemo, hamletsByUnit, type DemoData } from "../db/demo/generate";

let cached: DemoData | null = null;
export function demo(): DemoData {
  return (cached ??= generateDemo());
}

export interface DemoPlannerInputs {
  hamlets: (PlacementHamlet & TeamStop & { name: string; eligible: number; activated: number; away: number })[];
  candidates: (PlacementCandidate & { kind: string; name: string })[];
  existing: { lon: number; lat: number }[];
  /** The commune HQ / police nearest the middle of the scope. */
  base: { lon: number; lat: number; name: string; hamletId: string };
}

/**
 * Hamlets of a unit (pre-2025 tree) at their latest snapshot ≤ date with broadband from the coverage
 * version valid then; candidates = the unit's sites except existing Wi-Fi points.
 */
export function demoPlannerInputs(unitId: string, date: string): DemoPlannerInputs {
  const d = demo();
  const ids = new Set(hamletsByUnit(d.parents.filter((p) => p.structure === "pre2025")).get(unitId) ?? []);
  if (ids.size === 0) throw new Error(`no hamlets under ${unitId}`);
  const units = new Map(d.units.filter((u) => ids.has(u.id)).map((u) => [u.id, u]));
  const snap = new Map<string, DemoData["snapshots"][number]>();
  for (const s of d.snapshots)
    if (ids.has(s.hamletId) && s.asOf <= date && (!snap.has(s.hamletId) || snap.get(s.hamletId)!.asOf < s.asOf)) snap.set(s.hamletId, s);
  const infra = new Map<string, { asOf: string; status: HamletCoverage }>();
  for (const r of d.hamletInfrastructure)
    if (ids.has(r.hamletId) && r.asOf <= date && (!infra.has(r.hamletId) || infra.get(r.hamletId)!.asOf < r.asOf)) infra.set(r.hamletId, r);
  const hamlets = [...ids].sort().map((id) => {
    const u = units.get(id)!;
    const s = snap.get(id)!;
    const notActivated = s.eligible - s.activated;
    return {
      id,
      name: u.name,
      lon: u.labelLon!,
      lat: u.labelLat!,
      eligible: s.eligible,
      activated: s.activated,
      away: s.reasonAway ?? 0,
      people: notActivated,
      broadband: hasBroadband(infra.get(id)!.status),
    };
  });
  const siteRows = d.sites.filter((s) => ids.has(s.hamletId));
  const candidates = siteRows
    .filter((s) => s.kind !== "wifi_point")
    .map((s, i) => ({ id: `s${i}-${s.hamletId}-${s.kind}`, kind: s.kind, name: s.name, lon: s.lon, lat: s.lat, power: s.power, backhaul: s.backhaul }));
  const existing = siteRows.filter((s) => s.kind === "wifi_point").map((s) => ({ lon: s.lon, lat: s.lat }));
  const hqs = siteRows.filter((s) => s.kind === "commune_hq");
  const cx = hamlets.reduce((a, h) => a + h.lon, 0) / hamlets.length;
  const cy = hamlets.reduce((a, h) => a + h.lat, 0) / hamlets.length;
  const hq = hqs.reduce((a, b) => ((a.lon - cx) ** 2 + (a.lat - cy) ** 2 <= (b.lon - cx) ** 2 + (b.lat - cy) ** 2 ? a : b));
  return { hamlets, candidates, existing, base: { lon: hq.lon, lat: hq.lat, name: hq.name, hamletId: hq.hamletId } };
}

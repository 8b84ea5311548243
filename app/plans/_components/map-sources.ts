import { circle } from "@turf/turf";
import type { Feature, FeatureCollection, LineString, Point, Polygon } from "geojson";
import type { RunResult } from "@/app/_screens/plans";
import { teamColour } from "@/app/_map/layers/plans";
import type { SourceKey } from "@/app/_map/sources";

/**
 * The plans map's data: its GeoJSON sources, built from a planner run. Its layers are in the map
 * registry (app/_map/layers/plans.ts), drawn by the one map component (app/_map/MapView.tsx).
 */

export type PlanSources = Record<
  Extract<SourceKey, "planCatchments" | "planRoutes" | "planHamlets" | "planCandidates" | "planExisting" | "planWifi" | "planBase">,
  FeatureCollection
>;

const fc = <G extends Polygon | LineString | Point>(features: Feature<G>[]): FeatureCollection<G> => ({ type: "FeatureCollection", features });
const pt = (lon: number, lat: number, properties: Record<string, unknown>): Feature<Point> => ({
  type: "Feature",
  properties,
  geometry: { type: "Point", coordinates: [lon, lat] },
});

/** The map's sources for one run (or the bare scope before the first run). */
export function planSources(r: RunResult): PlanSources {
  const teamOf = new Map<string, number>();
  for (const it of r.teams.itineraries) for (const d of it.days) for (const v of d.visits) teamOf.set(v.hamletId, it.team);
  const base = r.teams.base;
  const routes: Feature<LineString>[] = [];
  for (const it of r.teams.itineraries) {
    let where: [number, number] = [base.lon, base.lat];
    for (const d of it.days) {
      if (d.visits.length === 0) continue;
      const coords: [number, number][] = [where, ...d.visits.map((v) => [v.lon, v.lat] as [number, number])];
      if (d.endsAt === "base") coords.push([base.lon, base.lat]);
      routes.push({
        type: "Feature",
        properties: { team: it.team, date: d.date, colour: teamColour(it.team) },
        geometry: { type: "LineString", coordinates: coords },
      });
      where = d.endsAt === "base" ? [base.lon, base.lat] : coords[coords.length - 1]!;
    }
  }
  return {
    planCatchments: fc(
      r.wifi.picks.map((p) => {
        const c = circle([p.lon, p.lat], r.wifi.radiusKm, { steps: 48, units: "kilometers" });
        return { ...c, properties: { rank: p.rank, candidateId: p.candidateId } };
      }),
    ),
    planRoutes: fc(routes),
    planHamlets: fc(
      r.hamlets.map((h) =>
        pt(h.lon, h.lat, {
          id: h.id,
          selected: h.selected,
          broadband: h.broadband,
          wifiReached: h.wifiRank !== null,
          teamColour: teamOf.has(h.id) ? teamColour(teamOf.get(h.id)!) : "",
        }),
      ),
    ),
    planCandidates: fc(r.candidates.map((c) => pt(c.lon, c.lat, { id: c.id, added: c.added }))),
    planExisting: fc(r.existingWifi.map((e) => pt(e.lon, e.lat, { name: e.name }))),
    planWifi: fc(r.wifi.picks.map((p) => pt(p.lon, p.lat, { rank: p.rank, candidateId: p.candidateId }))),
    planBase: fc([pt(base.lon, base.lat, { name: base.name })]),
  };
}

import { circle } from "@turf/turf";
import type { StyleSpecification, LayerSpecification } from "maplibre-gl";
import type { Feature, FeatureCollection, LineString, Point, Polygon } from "geojson";
import type { RunResult } from "@/app/_screens/plans";

/**
 * The plans map as data: its GeoJSON sources (built from a planner run) and a registry of layers
 * (one definition per layer). The whole style is inline — no tiles, sprites, glyphs or fonts are fetched.
 * tests/app/plans-map-style.test.ts validates every layer against the MapLibre style spec.
 */

/** One colour per team (ColorBrewer Set1 without yellow), cycling beyond nine. */
export const TEAM_COLOURS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999", "#1b9e77"];
export const teamColour = (team: number) => TEAM_COLOURS[(team - 1) % TEAM_COLOURS.length]!;
export const WIFI_COLOUR = "#0b6e99";
export const ADDED_COLOUR = "#7b2cbf";

/** Source ids and the layer registry, bottom to top. Ids are what the browser test queries. */
export const PLAN_LAYERS: LayerSpecification[] = [
  { id: "background", type: "background", paint: { "background-color": "#eef0eb" } },
  { id: "commune-line", type: "line", source: "communes", paint: { "line-color": "#6b6b6b", "line-width": 1, "line-opacity": 0.7 } },
  { id: "catchment-fill", type: "fill", source: "catchments", paint: { "fill-color": WIFI_COLOUR, "fill-opacity": 0.12 } },
  { id: "catchment-line", type: "line", source: "catchments", paint: { "line-color": WIFI_COLOUR, "line-width": 1.2, "line-dasharray": [2, 2] } },
  { id: "route-line", type: "line", source: "routes", layout: { "line-join": "round", "line-cap": "round" }, paint: { "line-color": ["get", "colour"], "line-width": 2.2, "line-opacity": 0.85 } },
  {
    id: "hamlet-circle", type: "circle", source: "hamlets",
    paint: {
      "circle-radius": ["case", ["get", "selected"], 4.5, 3],
      "circle-color": ["case", ["!=", ["get", "teamColour"], ""], ["get", "teamColour"], ["get", "broadband"], "#ffffff", "#c9c9c9"],
      "circle-stroke-color": ["case", ["get", "broadband"], "#7a7a7a", "#222222"],
      "circle-stroke-width": ["case", ["get", "wifiReached"], 2.2, 0.8],
    },
  },
  { id: "candidate-circle", type: "circle", source: "candidates", paint: { "circle-radius": 2.5, "circle-color": ["case", ["get", "added"], ADDED_COLOUR, "#6c757d"], "circle-opacity": 0.8 } },
  { id: "existing-wifi", type: "circle", source: "existing", paint: { "circle-radius": 4, "circle-color": "#ffffff", "circle-stroke-color": WIFI_COLOUR, "circle-stroke-width": 2 } },
  { id: "wifi-site", type: "circle", source: "wifi", paint: { "circle-radius": 8, "circle-color": WIFI_COLOUR, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } },
  { id: "base-point", type: "circle", source: "base", paint: { "circle-radius": 9, "circle-color": "#111111", "circle-stroke-color": "#ffd400", "circle-stroke-width": 3 } },
];

/** Layers a click on the map reads (popups). */
export const CLICKABLE_LAYERS = ["wifi-site", "hamlet-circle", "candidate-circle", "base-point"];

export type PlanSources = Record<"catchments" | "routes" | "hamlets" | "candidates" | "existing" | "wifi" | "base", FeatureCollection>;

const fc = <G extends Polygon | LineString | Point>(features: Feature<G>[]): FeatureCollection<G> => ({ type: "FeatureCollection", features });
const pt = (lon: number, lat: number, properties: Record<string, unknown>): Feature<Point> => ({ type: "Feature", properties, geometry: { type: "Point", coordinates: [lon, lat] } });

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
      routes.push({ type: "Feature", properties: { team: it.team, date: d.date, colour: teamColour(it.team) }, geometry: { type: "LineString", coordinates: coords } });
      where = d.endsAt === "base" ? [base.lon, base.lat] : coords[coords.length - 1]!;
    }
  }
  return {
    catchments: fc(r.wifi.picks.map((p) => {
      const c = circle([p.lon, p.lat], r.wifi.radiusKm, { steps: 48, units: "kilometers" });
      return { ...c, properties: { rank: p.rank, candidateId: p.candidateId } };
    })),
    routes: fc(routes),
    hamlets: fc(r.hamlets.map((h) => pt(h.lon, h.lat, {
      id: h.id, selected: h.selected, broadband: h.broadband, wifiReached: h.wifiRank !== null, teamColour: teamOf.has(h.id) ? teamColour(teamOf.get(h.id)!) : "",
    }))),
    candidates: fc(r.candidates.map((c) => pt(c.lon, c.lat, { id: c.id, added: c.added }))),
    existing: fc(r.existingWifi.map((e) => pt(e.lon, e.lat, { name: e.name }))),
    wifi: fc(r.wifi.picks.map((p) => pt(p.lon, p.lat, { rank: p.rank, candidateId: p.candidateId }))),
    base: fc([pt(base.lon, base.lat, { name: base.name })]),
  };
}

/** The style with the run's sources (empty before the first run) and the scope's commune outlines. */
export function planStyle(sources: PlanSources, communes: FeatureCollection): StyleSpecification {
  return {
    version: 8,
    sources: Object.fromEntries([...Object.entries(sources), ["communes", communes]].map(([id, data]) => [id, { type: "geojson", data }])),
    layers: PLAN_LAYERS,
  };
}

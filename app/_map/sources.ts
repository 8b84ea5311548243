/**
 * The source table: every map source key, how MapLibre holds it and where its data come from. Each
 * layer definition (app/_map/layers) names one of these keys; the map (app/_map/MapView.tsx) makes
 * its MapLibre sources from this table and the loader (app/_map/use-sources.ts) fetches the URL
 * sources from it. Moving a source to vector tiles is a change of its entry here (`maplibre` and
 * `load`), nothing else. tests/app/map-layers.test.ts checks that every layer's key is here.
 *
 * `hamletMarks` holds the same points as `hamletPoints`, for the marks that do not follow the
 * indicator (signal rings, no-grid icons): feature state is applied per source, and MapLibre
 * re-evaluates every layer of a source for each feature whose state changes — so the marks are not
 * re-evaluated for all 1,448 hamlets when only the indicator's colours change. `focus` holds only
 * the outline of the unit or hamlet in focus, cut from the others' geometry.
 */

/** What a URL source is loaded for: a unit (province, district or commune), its structure, and a coverage version. */
export interface SourceScope {
  unit: string;
  structure: "pre2025" | "post2025";
  /** The coverage version in effect (`coverage` only). */
  coverageDate?: string | null;
}

export interface SourceDef {
  /** The MapLibre source, without its data. Feature state is keyed by the `id` property. */
  maplibre: { type: "geojson"; promoteId: "id" };
  /**
   * - `url`: GeoJSON fetched from the app's API for a scope (null: nothing to load for it, an empty
   *   source); `cache`: keep every response of the page's visit (coverage versions) instead of the last;
   * - `page`: GeoJSON the page builds from its own data (rows, a planner run, the unit tree).
   */
  load: { from: "url"; url(scope: SourceScope): string | null; cache?: boolean } | { from: "page" };
}

const geojson = { type: "geojson", promoteId: "id" } as const;
const page = { maplibre: geojson, load: { from: "page" } } as const satisfies SourceDef;
const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
const boundaries = (level: "province" | "district" | "commune" | "hamlet"): SourceDef => ({
  maplibre: geojson,
  load: { from: "url", url: (s) => `/api/boundaries?${qs({ unit: s.unit, structure: s.structure, level })}` },
});

export const SOURCES = {
  // Polygons of each level (id, code, name as properties).
  hamlets: boundaries("hamlet"),
  communes: boundaries("commune"),
  districts: {
    maplibre: geojson,
    // Districts exist only in the pre-2025 structure.
    load: {
      from: "url",
      url: (s) => (s.structure === "pre2025" ? `/api/boundaries?${qs({ unit: s.unit, structure: s.structure, level: "district" })}` : null),
    },
  },
  province: boundaries("province"),
  coverage: {
    maplibre: geojson,
    load: {
      from: "url",
      cache: true,
      url: (s) => (s.coverageDate ? `/api/explorer/coverage?${qs({ unit: s.unit, structure: s.structure, date: s.coverageDate })}` : null),
    },
  },
  sites: { maplibre: geojson, load: { from: "url", url: (s) => `/api/explorer/sites?${qs({ unit: s.unit, structure: s.structure })}` } },
  // The explorer's points, built from the unit tree, and the outline in focus.
  hamletPoints: page,
  hamletMarks: page,
  unitPoints: page,
  focus: page,
  // Priorities and telecom: hamlet points from the page's ranked rows.
  priorityHamlets: page,
  telecomHamlets: page,
  // Plans: the scope's commune outlines (rendered with the page) and one planner run.
  planCommunes: page,
  planCatchments: page,
  planRoutes: page,
  planHamlets: page,
  planCandidates: page,
  planExisting: page,
  planWifi: page,
  planBase: page,
  // Briefing: the unit's outline, its children's outlines and one dot per hamlet.
  briefingOutline: page,
  briefingChildren: page,
  briefingDots: page,
} as const satisfies Record<string, SourceDef>;

export type SourceKey = keyof typeof SOURCES;
export const SOURCE_KEYS = Object.keys(SOURCES) as [SourceKey, ...SourceKey[]];

/** The URL to load a source from for a scope; null for a page source or when there is nothing to load. */
export function sourceUrl(key: SourceKey, scope: SourceScope): string | null {
  const def: SourceDef = SOURCES[key];
  return def.load.from === "url" ? def.load.url(scope) : null;
}

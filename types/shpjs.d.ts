// shpjs ships no type declarations; only what db/ingest/coverage.ts uses.
declare module "shpjs" {
  import type { FeatureCollection, Geometry } from "geojson";
  /** Geometries of a .shp, reprojected to WGS84 when a .prj (its text) is given. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): (Geometry | null)[];
  /** Attribute rows of a .dbf, decoded with the code page a .cpg (its text) names. */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Record<string, unknown>[];
  /** Geometries and attribute rows, zipped into features. */
  export function combine(parts: [(Geometry | null)[], Record<string, unknown>[] | undefined]): FeatureCollection<Geometry | null> & { fileName?: string };
}

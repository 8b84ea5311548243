// shpjs ships no type declarations; only what db/ingest/coverage.ts uses.
declare module "shpjs" {
  import type { FeatureCollection } from "geojson";
  /** Parses a zipped Shapefile (reprojected to WGS84 with proj4 when a .prj is present). */
  export function parseZip(buffer: ArrayBuffer | Uint8Array, whiteList?: string[]): Promise<(FeatureCollection & { fileName?: string }) | (FeatureCollection & { fileName?: string })[]>;
}

// Test-only helpers for tests/geo: seeded randomness, fixtures in/out, the real Điện Biên communes.
// (Reading files is fine here; geo/ itself stays pure.)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from "geojson";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, "fixtures");

export { mulberry32 } from "../support/mulberry32";

export function readFixture<T = FeatureCollection>(rel: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, rel), "utf8")) as T;
}

/**
 * Compares `actual` with fixtures/out/<name>; with REGEN=1 rewrites the file instead
 * (Turf's habit). Numbers are rounded to 1e-9 first so tiny float noise does not churn files.
 */
export function expectOutFixture(name: string, actual: unknown): void {
  const rounded = JSON.parse(JSON.stringify(actual, (_k, v: unknown) => (typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v)));
  const path = join(FIXTURES, "out", name);
  if (process.env.REGEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    // one line per coordinate pair keeps the files readable
    const text = JSON.stringify(rounded, null, 2).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, "[$1, $2]");
    writeFileSync(path, `${text}\n`);
  }
  expect(rounded).toEqual(JSON.parse(readFileSync(path, "utf8")));
}

/** The project's own copy of the real communes (db/demo/data, see its SOURCES.md). */
const COMMUNES_PATH = join(here, "../../db/demo/data/dienbien_communes_2019-2025.geojson");
let communes: FeatureCollection<Polygon | MultiPolygon> | null = null;

/** The 129 real commune polygons of Điện Biên (2019–2025 boundaries). */
export function dienBienCommunes(): Feature<Polygon | MultiPolygon>[] {
  communes ??= JSON.parse(readFileSync(COMMUNES_PATH, "utf8")) as FeatureCollection<Polygon | MultiPolygon>;
  return structuredClone(communes.features);
}

export function commune(name: string): Feature<Polygon | MultiPolygon> {
  const f = dienBienCommunes().find((c) => c.properties?.name === name);
  if (!f) throw new Error(`no commune named ${name}`);
  return f;
}

/** A distinct colour per index, for fixtures a person can open on a map. */
export function colour(i: number): string {
  const palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#008080", "#9a6324"];
  return palette[i % palette.length]!;
}

/** A Polygon feature of the given rings (outer first), with no properties. */
export const polygonFeature = (...rings: number[][][]): Feature<Polygon> => ({
  type: "Feature",
  properties: {},
  geometry: { type: "Polygon", coordinates: rings },
});

/** The closed counter-clockwise ring of a box. */
export const boxRing = (w: number, s: number, e: number, n: number): number[][] => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

/** A LineString feature, to hand where a polygon or a point is expected (cast by the caller). */
export const lineFeature = (): Feature<LineString> => ({
  type: "Feature",
  properties: {},
  geometry: {
    type: "LineString",
    coordinates: [
      [0, 0],
      [1, 1],
    ],
  },
});

/** Invalid rings the polygon repair and the ring-intersection search are both tried on. */
export const RINGS = {
  /** Two triangles crossing at (0.5, 0.5). */
  bowTie: [
    [0, 0],
    [1, 1],
    [1, 0],
    [0, 1],
    [0, 0],
  ],
  /** Two loops through one shared vertex (2, 2). */
  figureEight: [
    [0, 0],
    [2, 2],
    [4, 0],
    [4, 4],
    [2, 2],
    [0, 4],
    [0, 0],
  ],
  /** A vertex (2, 0) lying on the ring's own first edge. */
  vertexOnEdge: [
    [0, 0],
    [4, 0],
    [4, 4],
    [2, 0],
    [0, 4],
    [0, 0],
  ],
  /** A spike doubling back along the edge x = 4. */
  spike: [
    [0, 0],
    [4, 0],
    [4, 4],
    [4, 2],
    [4, 6],
    [0, 4],
    [0, 0],
  ],
};

// npm run bench — the spatial join of hamlet points with coverage polygons, on the demo's
// Điện Biên data (1,448 hamlets × one coverage version), against a brute-force baseline in the
// same process. vitest bench (tinybench) prints ops/s and the ratio between the two.
import { bench, describe } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, Point, Polygon } from "geojson";
import { coverageJoin } from "../geo";
import { generateDemo } from "../db/demo/generate";

const demo = generateDemo();
const hamlets = demo.units.filter((u) => u.level === "hamlet" && u.id.startsWith("h-03"));
const points: Feature<Point>[] = hamlets.map((h) => ({
  type: "Feature",
  properties: {},
  geometry: { type: "Point", coordinates: [h.labelLon!, h.labelLat!] },
}));
const polygons: Feature<Polygon>[] = demo.coverage
  .filter((f) => f.provinceId === "p-11" && f.version === "2023-07-01")
  .map((f) => ({ type: "Feature", properties: {}, geometry: f.geometry }));

describe(`coverage join: ${points.length} hamlets × ${polygons.length} coverage polygons`, () => {
  bench("geo/coverageJoin (flatbush bbox index + point-in-polygon)", () => {
    coverageJoin(points, polygons);
  });
  bench(
    "baseline: point-in-polygon against every polygon",
    () => {
      points.map((p) => polygons.flatMap((poly, i) => (booleanPointInPolygon(p, poly) ? [i] : [])));
    },
    { iterations: 3, time: 0 },
  );
});

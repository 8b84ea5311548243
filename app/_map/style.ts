import type { ExpressionSpecification, StyleSpecification } from "maplibre-gl";
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import { NO_DATA_COLOUR, classIndex, type RateClasses } from "./classes";
import type { HamletProperties, MapData } from "./data";

/**
 * The map's whole style, inline: a background colour and GeoJSON sources only. No tiles, sprites,
 * glyphs or fonts are fetched, and there are no symbol layers (no glyphs are shipped).
 */

/** Below this zoom hamlets are drawn as circles at their label points, from it on as polygons. */
export const HAMLET_POLYGON_MIN_ZOOM = 9;

/** Layer ids the island and the browser test refer to. */
export const LAYER = {
  hamletFill: "hamlet-fill",
  hamletLine: "hamlet-line",
  hamletCircle: "hamlet-circle",
  communeLine: "commune-line",
  provinceLine: "province-line",
} as const;

export const HAMLET_LAYERS = [LAYER.hamletFill, LAYER.hamletCircle];

/** Hamlet properties as drawn: the API's, plus the rate class (-1 = no data). */
export type DrawnHamlet = HamletProperties & { rateClass: number };

export function buildStyle(data: MapData, classes: RateClasses): StyleSpecification {
  const hamlets = withRateClass(data, classes);
  const colour = classColour(classes);
  return {
    version: 8,
    sources: {
      province: { type: "geojson", data: data.province },
      communes: { type: "geojson", data: data.communes },
      hamlets: { type: "geojson", data: hamlets },
      "hamlet-points": { type: "geojson", data: labelPoints(hamlets) },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#eef0eb" } },
      {
        id: LAYER.hamletFill,
        type: "fill",
        source: "hamlets",
        minzoom: HAMLET_POLYGON_MIN_ZOOM,
        paint: { "fill-color": colour, "fill-opacity": 0.9 },
      },
      {
        id: LAYER.hamletLine,
        type: "line",
        source: "hamlets",
        minzoom: HAMLET_POLYGON_MIN_ZOOM,
        paint: { "line-color": "#ffffff", "line-width": 0.5, "line-opacity": 0.8 },
      },
      {
        id: LAYER.communeLine,
        type: "line",
        source: "communes",
        paint: { "line-color": "#4d4d4d", "line-width": ["interpolate", ["linear"], ["zoom"], 7, 0.6, 11, 1.6] },
      },
      {
        id: LAYER.provinceLine,
        type: "line",
        source: "province",
        paint: { "line-color": "#1a1a1a", "line-width": 2.5 },
      },
      {
        id: LAYER.hamletCircle,
        type: "circle",
        source: "hamlet-points",
        maxzoom: HAMLET_POLYGON_MIN_ZOOM,
        paint: {
          "circle-color": colour,
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, 2, 8.9, 4.5],
          "circle-stroke-color": "#333333",
          "circle-stroke-width": 0.4,
        },
      },
    ],
  };
}

/** Colour by the precomputed class index, grey for no data. */
function classColour(classes: RateClasses): ExpressionSpecification | string {
  if (classes.colours.length === 0) return NO_DATA_COLOUR;
  const stops = classes.colours.flatMap((c, i) => [i, c]);
  // The spec's tuple type cannot express a computed number of label/output pairs.
  return ["match", ["get", "rateClass"], ...stops, NO_DATA_COLOUR] as unknown as ExpressionSpecification;
}

function withRateClass(data: MapData, classes: RateClasses): FeatureCollection<Polygon | MultiPolygon, DrawnHamlet> {
  return {
    ...data.hamlets,
    features: data.hamlets.features.map((f) => ({
      ...f,
      properties: { ...f.properties, rateClass: classIndex(f.properties.activationRate, classes) },
    })),
  };
}

/** One point per hamlet at its label point (an interior point), for the zoomed-out view. */
function labelPoints(hamlets: FeatureCollection<Polygon | MultiPolygon, DrawnHamlet>): FeatureCollection<Point, DrawnHamlet> {
  return {
    type: "FeatureCollection",
    features: hamlets.features.map(
      (f): Feature<Point, DrawnHamlet> => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [f.properties.labelLon, f.properties.labelLat] },
        properties: f.properties,
      }),
    ),
  };
}

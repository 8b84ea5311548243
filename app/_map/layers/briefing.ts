import { INFRA_CATEGORIES, NO_RATE_COLOUR, RATE_CLASSES } from "@/app/_components/progress/classes";
import type { LayerDef } from "./schema";

/**
 * The briefing's two maps (app/briefing), drawn once and kept as an image: the unit's outline, its
 * children's outlines and one dot per hamlet coloured by its activation-rate class or its
 * infrastructure category (the dot's `c`: an index into RATE_CLASSES / INFRA_CATEGORIES, −1 = no
 * rate). The dot radius (`r`) follows the number of hamlets, so it comes with the data.
 */
const base = { group: "marks", toggle: false, defaultOn: true, indicator: null, legend: null } as const;

const outline: readonly LayerDef[] = [
  { ...base, group: "boundary", id: "briefing-outline-fill", source: "briefingOutline", layers: [{ z: 0, type: "fill", paint: { "fill-color": "#f3f4f0" } }] },
  {
    ...base,
    group: "boundary",
    id: "briefing-children",
    source: "briefingChildren",
    layers: [{ z: 10, type: "line", paint: { "line-color": "#8c8c8c", "line-width": 1 } }],
  },
  {
    ...base,
    group: "boundary",
    id: "briefing-outline",
    source: "briefingOutline",
    layers: [{ z: 20, type: "line", paint: { "line-color": "#1a1a1a", "line-width": 2 } }],
  },
];

function dots(id: string, colours: readonly string[]): LayerDef {
  return {
    ...base,
    id,
    source: "briefingDots",
    layers: [
      {
        z: 30,
        type: "circle",
        paint: {
          "circle-color": ["match", ["get", "c"], ...colours.flatMap((c, i) => [i, c]), NO_RATE_COLOUR],
          "circle-radius": ["get", "r"],
          "circle-stroke-color": "#333333",
          "circle-stroke-width": 0.5,
        },
      },
    ],
  };
}

/** Per briefing map (by what the dots show): its layers. */
export const BRIEFING_LAYERS = {
  rateClass: [
    ...outline,
    dots(
      "briefing-rate-classes",
      RATE_CLASSES.map((c) => c.colour),
    ),
  ],
  infra: [
    ...outline,
    dots(
      "briefing-infra",
      INFRA_CATEGORIES.map((c) => c.colour),
    ),
  ],
} as const satisfies Record<string, readonly LayerDef[]>;

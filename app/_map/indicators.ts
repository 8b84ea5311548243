import { z } from "zod";
import { FUNNEL_STEPS, POPULATION_KEYS, REASON_KEYS } from "@/geo/domain";
import { SEQUENTIAL_NAMES, type SequentialPalette } from "./palettes";

/**
 * The indicators that colour hamlets (and communes/districts as hamlet sums), as data: what is
 * divided by what, which palette, how it is drawn. One entry per indicator; the registry test
 * (tests/app/map-layers.test.ts) parses every entry with {@link indicatorSchema}.
 */

/** Count columns of the attribute tables (app/_screens/explorer.ts: the keys of SUM_COLUMNS). */
export const COUNT_KEYS = [...FUNNEL_STEPS, ...REASON_KEYS, ...POPULATION_KEYS] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

const countKey = z.enum(COUNT_KEYS);

export const indicatorSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  group: z.enum(["funnel", "target", "reach", "reason"]),
  /**
   * - `ratio`: numerator / denominator (a share, drawn as a fill);
   * - `target`: numerator / the unit's target (only units with a target have a value);
   * - `difference`: minuend − subtrahend, a number of people (drawn as graduated circles).
   */
  value: z.discriminatedUnion("op", [
    z.object({ op: z.literal("ratio"), numerator: countKey, denominator: countKey }),
    z.object({ op: z.literal("target"), numerator: countKey }),
    z.object({ op: z.literal("difference"), minuend: countKey, subtrahend: countKey }),
  ]),
  kind: z.enum(["share", "count"]),
  draw: z.enum(["fill", "circles"]),
  palette: z.enum(SEQUENTIAL_NAMES as [SequentialPalette, ...SequentialPalette[]]),
  /** Levels at which the indicator has values (targets exist only for some units). */
  levels: z.array(z.enum(["hamlet", "commune", "district", "province"])).min(1),
});
export type Indicator = z.infer<typeof indicatorSchema>;

const everywhere = ["hamlet", "commune", "district", "province"] as Indicator["levels"];
const share = (id: string, group: Indicator["group"], numerator: CountKey, denominator: CountKey, palette: SequentialPalette): Indicator => ({
  id,
  group,
  value: { op: "ratio", numerator, denominator },
  kind: "share",
  draw: "fill",
  palette,
  levels: everywhere,
});

export const INDICATORS: readonly Indicator[] = [
  share("received_rate", "funnel", "received", "eligible", "YlGnBu"),
  share("activation_rate", "funnel", "activated", "eligible", "YlGnBu"),
  share("activation_of_received", "funnel", "activated", "received", "YlGnBu"),
  share("level2_rate", "funnel", "level2", "eligible", "YlGnBu"),
  {
    id: "target_progress",
    group: "target",
    value: { op: "target", numerator: "received" },
    kind: "share",
    draw: "fill",
    palette: "Purples",
    // Targets (chỉ tiêu) are assigned to the province and the pre-2025 districts only.
    levels: ["district", "province"],
  },
  {
    id: "to_reach",
    group: "reach",
    value: { op: "difference", minuend: "eligible", subtrahend: "activated" },
    kind: "count",
    draw: "circles",
    palette: "YlOrRd",
    levels: everywhere,
  },
  // Each reason as a share of the eligible: the reasons' shares add up to 1 − the activation rate.
  ...REASON_KEYS.map((k) => share(`reason_${snake(k.slice("reason".length))}`, "reason", k, "eligible", "YlOrRd")),
];

export const INDICATOR_IDS = INDICATORS.map((i) => i.id) as [string, ...string[]];
export const DEFAULT_INDICATOR = "activation_rate";

export function indicatorById(id: string): Indicator {
  const ind = INDICATORS.find((i) => i.id === id);
  if (!ind) throw new RangeError(`unknown indicator "${id}"; known: ${INDICATOR_IDS.join(", ")}`);
  return ind;
}

function snake(camel: string): string {
  return camel.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z0-9]+/g, (c) => `_${c.toLowerCase()}`);
}

import { communeFill } from "./commune-fill";
import { communeLine } from "./commune-line";
import { communeReach } from "./commune-reach";
import { coverage2G, coverage3G, coverage4G } from "./coverage-mobile";
import { districtFill } from "./district-fill";
import { districtLine } from "./district-line";
import { districtReach } from "./district-reach";
import { fiber } from "./fiber";
import { focus } from "./focus";
import { grid } from "./grid";
import { hamletCircle } from "./hamlet-circle";
import { hamletFill } from "./hamlet-fill";
import { hamletLabels, labels } from "./labels";
import { noGrid } from "./no-grid";
import { provinceLine } from "./province-line";
import { reachCircles } from "./reach-circles";
import { signalRings } from "./signal-rings";
import { signalStatus } from "./signal-status";
import { sites } from "./sites";
import { PRIORITY_LAYERS } from "./priorities";
import { TELECOM_LAYERS } from "./telecom";
import { PLAN_LAYERS } from "./plans";
import { BRIEFING_LAYERS } from "./briefing";
import { subLayerId, type LayerDef, type SourceKey, type SubLayer } from "./schema";

/**
 * The registry: every map layer of the explorer, as data. Order here is the order of the layer
 * list and legends; the drawing order is each sub-layer's `z`. The other pages' maps have theirs
 * below (MAPS); every page hands its list to the one map component (app/_map/MapView.tsx).
 */
export const LAYERS: readonly LayerDef[] = [
  hamletFill,
  hamletCircle,
  communeFill,
  districtFill,
  reachCircles,
  communeReach,
  districtReach,
  signalStatus,
  signalRings,
  grid,
  noGrid,
  coverage2G,
  coverage3G,
  coverage4G,
  fiber,
  sites,
  communeLine,
  districtLine,
  provinceLine,
  focus,
  labels,
  hamletLabels,
];

/** Every map of the app and its layer definitions. */
export const MAPS = {
  explorer: LAYERS,
  priorities: PRIORITY_LAYERS,
  telecom: TELECOM_LAYERS,
  plans: PLAN_LAYERS,
  briefingRates: BRIEFING_LAYERS.rateClass,
  briefingInfra: BRIEFING_LAYERS.infra,
} as const satisfies Record<string, readonly LayerDef[]>;

/** Every definition of every map, each once (the briefing's two maps share their outlines). */
export const ALL_LAYERS: readonly LayerDef[] = [...new Set(Object.values(MAPS).flat())];

/** Layers the viewer turns on and off (the others follow the indicator, the level or always show). */
export const TOGGLE_LAYER_IDS = LAYERS.filter((l) => l.toggle).map((l) => l.id);
export const DEFAULT_ON_LAYER_IDS = LAYERS.filter((l) => l.toggle && l.defaultOn).map((l) => l.id);

/** Layers that follow another's toggle: the zoomed-out half of the signal status. */
export const FOLLOWS: Readonly<Record<string, string>> = { "signal-rings": "signal-status" };

export function layerById(id: string): LayerDef {
  const def = ALL_LAYERS.find((l) => l.id === id);
  if (!def) throw new RangeError(`unknown layer "${id}"`);
  return def;
}

/** Every sub-layer of every definition, in drawing order, with its MapLibre id. */
export function drawOrder(defs: readonly LayerDef[] = LAYERS): { def: LayerDef; sub: SubLayer; id: string }[] {
  return defs.flatMap((def) => def.layers.map((sub) => ({ def, sub, id: subLayerId(def, sub) }))).sort((a, b) => a.sub.z - b.sub.z);
}

/**
 * The feature-state keys each source's layers read (["feature-state", key] anywhere in a paint,
 * layout or filter). The map applies only these keys to that source: a change to any other key
 * then costs nothing there.
 */
export function featureStateKeys(defs: readonly LayerDef[] = LAYERS): Map<SourceKey, Set<string>> {
  const out = new Map<SourceKey, Set<string>>();
  const visit = (v: unknown, keys: Set<string>): void => {
    if (!Array.isArray(v)) {
      if (v && typeof v === "object") for (const x of Object.values(v)) visit(x, keys);
      return;
    }
    if (v[0] === "feature-state" && typeof v[1] === "string") keys.add(v[1]);
    for (const x of v) visit(x, keys);
  };
  for (const def of defs) {
    const keys = out.get(def.source) ?? out.set(def.source, new Set()).get(def.source)!;
    for (const sub of def.layers) visit([sub.paint, sub.layout, sub.filter], keys);
  }
  return out;
}

export { subLayerId, type LayerDef, type SubLayer } from "./schema";

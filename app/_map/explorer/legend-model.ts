import type { Formatter } from "@/app/_i18n/format";
import type { Messages } from "@/app/_i18n/messages";
import { FOLLOWS, LAYERS } from "../layers";
import type { LegendModel, LegendSection } from "../legend";
import { FILTERED_OUT_COLOUR, NO_DATA_COLOUR } from "../palettes";
import type { ViewState } from "../view-state";
import type { Attributes } from "./api";
import type { ViewModel } from "./model";

type M = Messages["explorer"];

/** The legend of what the map shows now: the indicator's classes, then each visible layer's own legend. */
export function buildLegend(o: {
  view: ViewModel;
  state: ViewState;
  attrs: Attributes;
  visible: ReadonlySet<string>;
  messages: M;
  fmt: Formatter;
}): LegendModel {
  const { view, state, attrs, messages: m, fmt } = o;
  const sections: LegendSection[] = [];
  const name = m.indicators[view.indicator.id as keyof M["indicators"]] ?? view.indicator.id;
  const isShare = view.indicator.kind === "share";
  const label = (v: number | null): string => {
    if (v === null) return "—";
    if (view.comparing) {
      const sign = v > 0 ? "+" : v < 0 ? "−" : "±";
      return isShare ? `${sign}${fmt.percent(Math.abs(v)).replace(/\s?%$/, "")} ${m.date.points}` : `${sign}${fmt.count(Math.round(Math.abs(v)))}`;
    }
    return isShare ? fmt.percent(v) : fmt.count(Math.round(v));
  };
  const { breaks, colours } = view.classes;
  // Graduated circles: each class's swatch has the area of its upper bound (as on the map).
  const top = breaks[breaks.length - 1] ?? 0;
  const radius = (v: number | undefined) => (v === undefined || top <= 0 ? 3 : Math.max(2, 6.5 * Math.sqrt(Math.max(0, v) / top)));
  const swatch = (colour: string, i: number) =>
    view.draw === "circles"
      ? { kind: "circle" as const, colour: colour.toLowerCase(), stroke: "#4d4d4d", strokeWidth: 0.6, radius: radius(breaks[i + 1]) }
      : { kind: "fill" as const, colour: colour.toLowerCase() };
  const entries = colours.map((c, i) => ({
    swatch: swatch(c, i),
    label: breaks[i] === breaks[i + 1] ? label(breaks[i] ?? null) : `${label(breaks[i] ?? null)} – ${label(breaks[i + 1] ?? null)}`,
  }));
  entries.push({ swatch: { kind: "fill", colour: NO_DATA_COLOUR }, label: m.legend.noData });
  if (state.f.length > 0 || state.act !== undefined) entries.push({ swatch: { kind: "fill", colour: FILTERED_OUT_COLOUR }, label: m.legend.filteredOut });
  const notes = [
    view.comparing && state.cmp ? fill(m.date.change, { from: fmt.date(state.cmp), to: fmt.date(attrs.asOf) }) : null,
    fill(m.legend.method, { method: m.indicator.methods[state.method], k: String(colours.length) }),
    view.draw === "circles" ? m.legend.circles : null,
    view.hasValues ? null : m.indicator.noValuesHere,
  ].filter((x): x is string => !!x);
  sections.push({ title: `${name} · ${m.indicator.levels[view.level]}`, note: notes.join(" · "), entries });

  for (const def of LAYERS) {
    if (!def.legend || def.group === "indicator" || def.group === "boundary" || !o.visible.has(def.id)) continue;
    const title = def.toggle
      ? m.layers.names[camel(def.id) as keyof M["layers"]["names"]]
      : m.layers.names[camel(FOLLOWS[def.id] ?? def.id) as keyof M["layers"]["names"]];
    const extra =
      def.source === "coverage" && def.id !== "grid"
        ? ` · ${state.op === "any" ? m.layers.operators.any : OPERATOR_NAMES[state.op]}`
        : def.group === "status"
          ? ` · ${m.layers.techs[state.tech]}${state.op === "any" ? "" : ` · ${OPERATOR_NAMES[state.op]}`}`
          : "";
    const items = def.legend.map((it) => ({ swatch: it.swatch, label: m.legendItems[it.label as keyof M["legendItems"]] ?? it.label }));
    const prev = sections[sections.length - 1];
    if (FOLLOWS[def.id] && prev) prev.entries.push(...items);
    else sections.push({ title: `${title ?? def.id}${extra}`, entries: items });
  }
  const footer = [fill(m.legend.asOf, { date: fmt.date(attrs.asOf) })];
  if (attrs.coverageAsOf) footer.push(fill(m.legend.coverageAsOf, { date: fmt.date(attrs.coverageAsOf) }));
  if (Object.keys(attrs.hamlets.withheld).length > 0) footer.push(m.legend.approx);
  return { sections, footer };
}

/** Operator names are proper names: the same in every language. */
export const OPERATOR_NAMES = { viettel: "Viettel", vnpt: "VNPT", mobifone: "MobiFone" } as const;

export function camel(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Fills {placeholders} of a message read from the messages object (outside React). */
export function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
}

"use client";

import { useLocale } from "next-intl";
import { Area, Bar, BarChart, CartesianGrid, Cell, ComposedChart, LabelList, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatter } from "@/app/_i18n/format";

/**
 * The dashboard's and the briefing's charts (recharts), as small client islands. They get rows
 * already labelled and formatted by the server (translated, small counts withheld) and only draw;
 * axis ticks are formatted here in the page's language. Animations are off so that a screenshot or
 * a printed page shows the finished chart.
 */

export type AxisKind = "count" | "percent" | "pp";

/** Size: fixed pixels (briefing slides, print) or the container's width with a fixed height (dashboard). */
export interface ChartSize {
  width?: number;
  height?: number;
  fontSize?: number;
}

export interface BarRow {
  key: string;
  label: string;
  /** Bar length; null draws no bar (withheld or unknown) and shows `text`. */
  value: number | null;
  /** What is written at the end of the bar. */
  text: string;
  colour?: string;
}

const BAR_COLOUR = "#2c7fb8";

function sizeProps(size: ChartSize, autoHeight: number) {
  const height = size.height ?? autoHeight;
  return size.width ? { width: size.width, height } : { responsive: true, style: { width: "100%", height } };
}

function tick(lang: ReturnType<typeof useLocale>, axis: AxisKind) {
  const f = formatter(lang);
  const integer = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 0 });
  if (axis === "percent") return (v: number) => f.percent(v);
  const twoDecimals = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 });
  if (axis === "pp") return (v: number) => `${v > 0 ? "+" : ""}${twoDecimals.format(v * 100)}`;
  return (v: number) => integer.format(v);
}

/** Horizontal bars, one per row, with the row's text at the end of each bar. */
export function HBarChart({
  rows,
  axis,
  size = {},
  name,
  labelWidth = 190,
}: {
  rows: BarRow[];
  axis: AxisKind;
  size?: ChartSize;
  name: string;
  labelWidth?: number;
}) {
  const lang = useLocale();
  const fontSize = size.fontSize ?? 12;
  const barSize = Math.round(fontSize * 1.5);
  const data = rows.map((r) => ({ ...r, v: r.value ?? 0 }));
  const hasNegative = data.some((r) => r.v < 0);
  return (
    <BarChart
      {...sizeProps(size, rows.length * (barSize + 8) + 40)}
      data={data}
      layout="vertical"
      margin={{ top: 4, right: fontSize * 8.5, bottom: 4, left: 4 }}
      accessibilityLayer
    >
      <CartesianGrid horizontal={false} stroke="#e3e3e3" />
      <XAxis type="number" tickFormatter={tick(lang, axis)} tick={{ fontSize }} domain={hasNegative ? ["auto", "auto"] : [0, "auto"]} />
      <YAxis type="category" dataKey="label" width={labelWidth} tick={{ fontSize }} interval={0} />
      {hasNegative ? <ReferenceLine x={0} stroke="#555" /> : null}
      <Bar dataKey="v" name={name} barSize={barSize} isAnimationActive={false}>
        {data.map((r) => (
          <Cell key={r.key} fill={r.colour ?? BAR_COLOUR} />
        ))}
        <LabelList dataKey="text" position="right" style={{ fontSize, fill: "#1a1a1a" }} />
      </Bar>
    </BarChart>
  );
}

export interface ProgressSeries {
  /** x values: "MM/yyyy" labels, actual months then projected ones. */
  rows: {
    label: string;
    received: number | null;
    activated: number | null;
    forecast: number | null;
    band: [number, number] | null;
  }[];
  names: { received: string; activated: string; forecast: string; band: string; target: string };
  /** The target line (for the metric that has a forecast). */
  target: { value: number; label: string } | null;
  /** Which actual series the forecast continues. */
  forecastOf: "received" | "activated" | null;
}

/** Received and activated per month, the target as a line, and the forecast with its interval. */
export function ProgressChart({ series, size = {} }: { series: ProgressSeries; size?: ChartSize }) {
  const lang = useLocale();
  const fontSize = size.fontSize ?? 12;
  const count = tick(lang, "count");
  const f = formatter(lang);
  return (
    <ComposedChart {...sizeProps(size, 340)} data={series.rows} margin={{ top: 12, right: fontSize * 3, bottom: 4, left: 12 }} accessibilityLayer>
      <CartesianGrid stroke="#e3e3e3" />
      <XAxis dataKey="label" tick={{ fontSize }} interval="preserveStartEnd" minTickGap={8} />
      <YAxis tickFormatter={count} tick={{ fontSize }} width={fontSize * 6} domain={[0, "auto"]} />
      <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => f.count(Math.round(Number(x)))).join(" – ") : f.count(Math.round(Number(v))))} />
      <Legend wrapperStyle={{ fontSize }} itemSorter={null} />
      {series.forecastOf ? (
        <Area dataKey="band" name={series.names.band} stroke="none" fill="#fdae6b" fillOpacity={0.35} isAnimationActive={false} connectNulls={false} />
      ) : null}
      <Line dataKey="received" name={series.names.received} stroke="#2c7fb8" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
      <Line dataKey="activated" name={series.names.activated} stroke="#31a354" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
      {series.forecastOf ? (
        <Line
          dataKey="forecast"
          name={series.names.forecast}
          stroke="#e6550d"
          strokeWidth={2}
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ) : null}
      {series.target ? (
        <ReferenceLine
          y={series.target.value}
          stroke="#756bb1"
          strokeWidth={2}
          strokeDasharray="2 3"
          label={{ value: series.target.label, position: "insideTopLeft", fontSize, fill: "#54278f" }}
          ifOverflow="extendDomain"
        />
      ) : null}
    </ComposedChart>
  );
}

"use client";

import { memo, useEffect, useRef, useState } from "react";
import { drawSwatch, type LegendModel } from "./legend";
import type { Swatch } from "./layers/schema";

/** The legend panel on the map: every section of the model, each swatch drawn as in the PNG export. */
export const LegendPanel = memo(function LegendPanel({
  model,
  title,
  hideLabel,
  showLabel,
}: {
  model: LegendModel;
  title: string;
  hideLabel: string;
  showLabel: string;
}) {
  const [open, setOpen] = useState(true);
  return (
    <section className="legend" aria-label={title}>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? hideLabel : showLabel}
      </button>
      {open ? <LegendBody model={model} /> : null}
    </section>
  );
});

function LegendBody({ model }: { model: LegendModel }) {
  return (
    <>
      {model.sections.map((s, i) => (
        <div key={`${i}-${s.title}`} className="legend-section">
          <h2 className="legend-title">{s.title}</h2>
          {s.note ? <p className="legend-note">{s.note}</p> : null}
          <ul className="legend-classes">
            {s.entries.map((e, j) => (
              <li key={`${j}-${e.label}`}>
                <SwatchCanvas swatch={e.swatch} />
                <span>{e.label}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {model.footer.map((line) => (
        <p key={line} className="legend-asof">
          {line}
        </p>
      ))}
    </>
  );
}

const W = 22;
const H = 14;

function SwatchCanvas({ swatch }: { swatch: Swatch }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(swatch);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = W * ratio;
    c.height = H * ratio;
    const ctx = c.getContext("2d")!;
    ctx.scale(ratio, ratio);
    drawSwatch(ctx, JSON.parse(key) as Swatch, 0, 0, W, H);
  }, [key]);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <canvas> without tabindex is not focusable (Biome counts it as interactive); the swatch is decorative.
    <canvas
      ref={ref}
      className="legend-swatch"
      style={{ width: W, height: H }}
      aria-hidden="true"
      data-swatch={swatch.kind === "fill" ? swatch.colour : swatch.kind}
    />
  );
}

import type { Map as MapLibreMap } from "maplibre-gl";
import { drawSwatch, type LegendModel } from "./legend";

/**
 * The map as a PNG, composed in the browser with no service: a title and date above, the map
 * image (the WebGL canvas, kept with preserveDrawingBuffer) with a scale bar, the legend beside
 * it and the data attribution below. Text is drawn in the app's own font (Noto Sans).
 */
export interface ExportOptions {
  title: string;
  subtitle: string;
  legend: LegendModel;
  attribution: string;
  /** A scale bar label for a length in metres, e.g. "5 km". */
  scaleLabel(metres: number): string;
}

const FONT = '"Noto Sans", "DejaVu Sans", sans-serif';
const PAD = 16;
const LEGEND_W = 300;
const HEADER_H = 64;

export async function exportMapPng(map: MapLibreMap, o: ExportOptions): Promise<Blob> {
  await rendered(map);
  const src = map.getCanvas();
  const box = map.getContainer().getBoundingClientRect();
  const mapW = Math.round(box.width);
  const mapH = Math.round(box.height);

  // Lay the legend out first, to know its height.
  const measure = document.createElement("canvas").getContext("2d")!;
  const legendLines = layoutLegend(measure, o.legend, LEGEND_W - 2 * PAD);
  const legendH = legendLines.height + 2 * PAD;
  measure.font = `12px ${FONT}`;
  const attributionLines = wrap(measure, o.attribution, mapW + LEGEND_W - 2 * PAD);
  const footerH = attributionLines.length * 16 + PAD;

  const width = mapW + LEGEND_W;
  const height = HEADER_H + Math.max(mapH, legendH) + footerH;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);

  // Header.
  ctx.fillStyle = "#1a1a1a";
  ctx.textBaseline = "top";
  ctx.font = `bold 20px ${FONT}`;
  ctx.fillText(o.title, PAD, 10, width - 2 * PAD);
  ctx.font = `14px ${FONT}`;
  ctx.fillStyle = "#444444";
  ctx.fillText(o.subtitle, PAD, 38, width - 2 * PAD);

  // Map and scale bar.
  ctx.drawImage(src, 0, HEADER_H, mapW, mapH);
  ctx.strokeStyle = "#999999";
  ctx.strokeRect(0.5, HEADER_H + 0.5, mapW - 1, mapH - 1);
  drawScaleBar(ctx, map, o.scaleLabel, PAD, HEADER_H + mapH - PAD, mapW);

  // Legend.
  let y = HEADER_H + PAD;
  const x = mapW + PAD;
  for (const line of legendLines.items) {
    if (line.kind === "title") {
      ctx.font = `bold 13px ${FONT}`;
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(line.text, x, y);
      y += 18;
    } else if (line.kind === "note") {
      ctx.font = `11px ${FONT}`;
      ctx.fillStyle = "#555555";
      ctx.fillText(line.text, x, y);
      y += 15;
    } else if (line.kind === "entry") {
      drawSwatch(ctx, line.entry.swatch, x, y, 22, 14);
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(line.entry.label, x + 30, y + 1, LEGEND_W - 2 * PAD - 30);
      y += 18;
    } else {
      y += 8;
    }
  }

  // Attribution.
  ctx.font = `12px ${FONT}`;
  ctx.fillStyle = "#333333";
  let ay = HEADER_H + Math.max(mapH, legendH) + 6;
  for (const l of attributionLines) {
    ctx.fillText(l, PAD, ay);
    ay += 16;
  }

  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("canvas.toBlob gave nothing"))), "image/png"));
}

/** Waits for a fresh frame (the drawing buffer is kept, so the canvas then holds it). */
function rendered(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    const timer = setTimeout(done, 3000);
    map.once("idle", () => {
      clearTimeout(timer);
      done();
    });
    map.triggerRepaint();
  });
}

type LegendLine =
  | { kind: "title"; text: string }
  | { kind: "note"; text: string }
  | { kind: "entry"; entry: LegendModel["sections"][number]["entries"][number] }
  | { kind: "gap" };

function layoutLegend(ctx: CanvasRenderingContext2D, model: LegendModel, width: number): { items: LegendLine[]; height: number } {
  const items: LegendLine[] = [];
  let h = 0;
  for (const s of model.sections) {
    ctx.font = `bold 13px ${FONT}`;
    for (const t of wrap(ctx, s.title, width)) {
      items.push({ kind: "title", text: t });
      h += 18;
    }
    if (s.note) {
      ctx.font = `11px ${FONT}`;
      for (const t of wrap(ctx, s.note, width)) {
        items.push({ kind: "note", text: t });
        h += 15;
      }
    }
    for (const entry of s.entries) {
      items.push({ kind: "entry", entry });
      h += 18;
    }
    items.push({ kind: "gap" });
    h += 8;
  }
  ctx.font = `11px ${FONT}`;
  for (const f of model.footer) {
    for (const t of wrap(ctx, f, width)) {
      items.push({ kind: "note", text: t });
      h += 15;
    }
  }
  return { items, height: h };
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (ctx.measureText(next).width > width && line) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** A scale bar of a round length (1, 2 or 5 × 10ⁿ m) no longer than 120 px, measured at the map's bottom-left. */
function drawScaleBar(ctx: CanvasRenderingContext2D, map: MapLibreMap, label: (m: number) => string, x: number, y: number, mapW: number): void {
  const box = map.getContainer().getBoundingClientRect();
  const yMap = box.height - PAD;
  const a = map.unproject([PAD, yMap]);
  const b = map.unproject([Math.min(PAD + 120, mapW - PAD), yMap]);
  const pxPerMetre = Math.min(120, mapW - 2 * PAD) / a.distanceTo(b);
  const maxMetres = 120 / pxPerMetre;
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((f) => f * pow).find((m) => m <= maxMetres) ?? pow;
  const w = metres * pxPerMetre;
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(x - 4, y - 22, w + 8, 26);
  ctx.strokeStyle = "#1a1a1a";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, y - 8);
  ctx.lineTo(x, y);
  ctx.lineTo(x + w, y);
  ctx.lineTo(x + w, y - 8);
  ctx.stroke();
  ctx.fillStyle = "#1a1a1a";
  ctx.font = `11px ${FONT}`;
  ctx.textBaseline = "alphabetic";
  ctx.fillText(label(metres), x + 3, y - 10);
  ctx.textBaseline = "top";
}

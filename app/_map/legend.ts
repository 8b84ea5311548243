import type { Swatch } from "./layers/schema";
import { PATTERNS, PATTERN_SIZE, drawNoGridIcon, drawPattern } from "./patterns";

/**
 * A legend as plain data (already translated), drawn by the legend panel (HTML) and by the PNG
 * export (canvas) from the same model, so that both always say the same.
 */
export interface LegendEntry {
  swatch: Swatch;
  label: string;
}
export interface LegendSection {
  title: string;
  note?: string;
  entries: LegendEntry[];
}
export interface LegendModel {
  sections: LegendSection[];
  /** Lines under the legend: as-of dates, source. */
  footer: string[];
}

/** Draws a swatch in the box (x, y, w, h) of a 2D canvas context. */
export function drawSwatch(ctx: CanvasRenderingContext2D, s: Swatch, x: number, y: number, w: number, h: number): void {
  ctx.save();
  switch (s.kind) {
    case "fill":
      ctx.fillStyle = s.colour;
      ctx.fillRect(x, y, w, h);
      ctx.strokeStyle = "rgba(0,0,0,0.35)";
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      break;
    case "pattern": {
      const tile = document.createElement("canvas");
      tile.width = tile.height = PATTERN_SIZE;
      drawPattern(tile.getContext("2d")!, PATTERNS[s.pattern], 1);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(x, y, w, h);
      const pattern = ctx.createPattern(tile, "repeat");
      if (pattern) {
        ctx.fillStyle = pattern;
        ctx.translate(x, y);
        ctx.fillRect(0, 0, w, h);
        ctx.translate(-x, -y);
      }
      ctx.strokeStyle = "rgba(0,0,0,0.35)";
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      break;
    }
    case "line":
      ctx.strokeStyle = s.colour === "#ffffff" ? "#bbbbbb" : s.colour;
      ctx.lineWidth = s.width;
      if (s.dash) ctx.setLineDash(s.dash.map((d) => d * s.width));
      ctx.beginPath();
      ctx.moveTo(x, y + h / 2);
      ctx.lineTo(x + w, y + h / 2);
      ctx.stroke();
      break;
    case "circle":
      ctx.beginPath();
      ctx.arc(x + w / 2, y + h / 2, s.radius, 0, Math.PI * 2);
      ctx.fillStyle = s.colour;
      ctx.fill();
      if (s.strokeWidth > 0) {
        ctx.strokeStyle = s.stroke;
        ctx.lineWidth = s.strokeWidth;
        ctx.stroke();
      }
      // A thin dark edge, so a white ring still shows on a white background.
      ctx.beginPath();
      ctx.arc(x + w / 2, y + h / 2, s.radius + s.strokeWidth / 2, 0, Math.PI * 2);
      ctx.strokeStyle = "rgba(0,0,0,0.6)";
      ctx.lineWidth = 0.6;
      ctx.stroke();
      break;
    case "icon":
      drawNoGridIcon(ctx, x + (w - h) / 2, y, h);
      break;
    case "text":
      ctx.fillStyle = s.colour;
      ctx.font = `bold ${Math.round(h * 0.8)}px "Noto Sans", sans-serif`;
      ctx.textBaseline = "middle";
      ctx.fillText(s.text, x + 2, y + h / 2);
      break;
  }
  ctx.restore();
}

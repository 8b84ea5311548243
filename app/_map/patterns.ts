/**
 * Hatch and dot patterns for the coverage layers, drawn on a canvas at run time (no sprite file
 * to fetch: the map works offline). The same definitions draw the map's fill-pattern images, the
 * legend swatches and the PNG export's legend, so the three always agree. Opaque strokes on a
 * transparent tile: where polygons of one layer overlap, the same pixels are drawn again, so
 * overlaps do not darken.
 */
export interface PatternDef {
  id: string;
  colour: string;
  /** "lines" at an angle (degrees, 0 = horizontal, 45 = rising), or "dots". */
  shape: "lines" | "dots";
  angle: number;
  /** Distance between lines (or dots), CSS pixels. */
  spacing: number;
  /** Line width or dot radius, CSS pixels. */
  width: number;
}

/** Tile size in CSS pixels; the image is drawn at twice that for sharp lines on high-DPI screens. */
export const PATTERN_SIZE = 12;
export const PATTERN_PIXEL_RATIO = 2;

export const PATTERNS = {
  "grid-good": { id: "grid-good", colour: "#8c510a", shape: "lines", angle: 90, spacing: 6, width: 1 },
  "2g-good": { id: "2g-good", colour: "#6a3d9a", shape: "lines", angle: 45, spacing: 6, width: 1 },
  "2g-weak": { id: "2g-weak", colour: "#6a3d9a", shape: "lines", angle: 45, spacing: 12, width: 0.8 },
  "3g-good": { id: "3g-good", colour: "#b15928", shape: "lines", angle: 135, spacing: 6, width: 1 },
  "3g-weak": { id: "3g-weak", colour: "#b15928", shape: "lines", angle: 135, spacing: 12, width: 0.8 },
  "4g-good": { id: "4g-good", colour: "#1a1a1a", shape: "lines", angle: 0, spacing: 6, width: 0.9 },
  "4g-weak": { id: "4g-weak", colour: "#1a1a1a", shape: "lines", angle: 0, spacing: 12, width: 0.7 },
  "fiber-good": { id: "fiber-good", colour: "#d95f02", shape: "dots", angle: 0, spacing: 6, width: 1.1 },
} as const satisfies Record<string, PatternDef>;
export type PatternId = keyof typeof PATTERNS;

/** Draws one pattern tile (PATTERN_SIZE² CSS pixels at `ratio`) into a 2D context. */
export function drawPattern(ctx: CanvasRenderingContext2D, p: PatternDef, ratio = PATTERN_PIXEL_RATIO): void {
  const size = PATTERN_SIZE * ratio;
  ctx.save();
  ctx.clearRect(0, 0, size, size);
  ctx.scale(ratio, ratio);
  ctx.fillStyle = p.colour;
  ctx.strokeStyle = p.colour;
  ctx.lineWidth = p.width;
  if (p.shape === "dots") {
    for (let y = p.spacing / 2; y < PATTERN_SIZE; y += p.spacing)
      for (let x = p.spacing / 2; x < PATTERN_SIZE; x += p.spacing) {
        ctx.beginPath();
        ctx.arc(x, y, p.width, 0, Math.PI * 2);
        ctx.fill();
      }
  } else if (p.angle === 0 || p.angle === 90) {
    for (let o = p.spacing / 2; o < PATTERN_SIZE; o += p.spacing) {
      ctx.beginPath();
      if (p.angle === 0) {
        ctx.moveTo(0, o);
        ctx.lineTo(PATTERN_SIZE, o);
      } else {
        ctx.moveTo(o, 0);
        ctx.lineTo(o, PATTERN_SIZE);
      }
      ctx.stroke();
    }
  } else {
    // Diagonals that wrap seamlessly: PATTERN_SIZE is a multiple of the spacing.
    const rising = p.angle === 45;
    for (let o = -PATTERN_SIZE; o <= PATTERN_SIZE * 2; o += p.spacing) {
      ctx.beginPath();
      if (rising) {
        ctx.moveTo(o, PATTERN_SIZE);
        ctx.lineTo(o + PATTERN_SIZE, 0);
      } else {
        ctx.moveTo(o, 0);
        ctx.lineTo(o + PATTERN_SIZE, PATTERN_SIZE);
      }
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** A pattern tile as ImageData, for map.addImage. */
export function patternImage(p: PatternDef, ratio = PATTERN_PIXEL_RATIO): ImageData {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = PATTERN_SIZE * ratio;
  const ctx = canvas.getContext("2d")!;
  drawPattern(ctx, p, ratio);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** The "no grid power" marker: a black square with a white, struck-through lightning bolt. */
export const NO_GRID_ICON = "no-grid";
export const NO_GRID_ICON_SIZE = 14;

export function drawNoGridIcon(ctx: CanvasRenderingContext2D, x: number, y: number, size = NO_GRID_ICON_SIZE): void {
  ctx.save();
  ctx.translate(x, y);
  const s = size / 14;
  ctx.scale(s, s);
  ctx.fillStyle = "#1a1a1a";
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 1;
  ctx.fillRect(0.5, 0.5, 13, 13);
  ctx.strokeRect(0.5, 0.5, 13, 13);
  ctx.fillStyle = "#ffd92f";
  ctx.beginPath();
  ctx.moveTo(8, 2);
  ctx.lineTo(4, 8);
  ctx.lineTo(7, 8);
  ctx.lineTo(6, 12);
  ctx.lineTo(10, 6);
  ctx.lineTo(7, 6);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(2.5, 11.5);
  ctx.lineTo(11.5, 2.5);
  ctx.stroke();
  ctx.restore();
}

export function noGridIconImage(ratio = PATTERN_PIXEL_RATIO): ImageData {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = NO_GRID_ICON_SIZE * ratio;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(ratio, ratio);
  drawNoGridIcon(ctx, 0, 0);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

// MapLibre's worker must be served as a static file: bundlers rewrite its URL (docs/DEVELOPING.md, "MapLibre's worker").
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync("public", { recursive: true });
copyFileSync("node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs", "public/maplibre-gl-worker.mjs");

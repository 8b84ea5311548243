"use client";

import dynamic from "next/dynamic";
import type { ViewState } from "./view-state";

/**
 * The client-only explorer island. MapLibre needs `window` and WebGL, so it is never server-rendered;
 * `dynamic(..., { ssr: false })` is only allowed inside a client component (docs/DEVELOPING.md, "Client-only components"). The
 * map waits for the shipped font before it draws labels (app/_map/MapView.tsx).
 */
const Explorer = dynamic(() => import("./explorer/Explorer").then((m) => m.Explorer), { ssr: false });

export function MapIsland({ initial }: { initial: ViewState }) {
  return (
    <div className="map-area">
      <Explorer initial={initial} />
    </div>
  );
}

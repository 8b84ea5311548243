"use client";

import dynamic from "next/dynamic";

/**
 * The client-only map island. MapLibre needs `window` and WebGL, so it is never server-rendered;
 * `dynamic(..., { ssr: false })` is only allowed inside a client component (STACK.md gotcha 2).
 */
const MapView = dynamic(() => import("./MapView"), { ssr: false });

export function MapIsland(props: { unit: string; structure: string }) {
  return (
    <div className="map-area">
      <MapView {...props} />
    </div>
  );
}

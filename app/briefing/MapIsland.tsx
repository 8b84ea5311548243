"use client";

import dynamic from "next/dynamic";
import type { StaticMapProps } from "./StaticMap";

/** MapLibre needs `window` and WebGL: never server-rendered. */
const StaticMap = dynamic(() => import("./StaticMap"), { ssr: false });

export function BriefingMap(props: StaticMapProps) {
  return <StaticMap {...props} />;
}

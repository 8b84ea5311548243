"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import type { ViewState } from "./view-state";

/**
 * The client-only explorer island. MapLibre needs `window` and WebGL, so it is never server-rendered;
 * `dynamic(..., { ssr: false })` is only allowed inside a client component.
 */
const Explorer = dynamic(() => import("./explorer/Explorer").then((m) => m.Explorer), { ssr: false });

/** Text that needs the Vietnamese subset of the shipped font, so the browser loads it before the map draws labels. */
const FONT_PROBE = "Điện Biên Đông ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự";

export function MapIsland({ initial }: { initial: ViewState }) {
  const [fonts, setFonts] = useState(false);
  useEffect(() => {
    // MapLibre draws labels locally with the web font; canvas text does not wait for a font file,
    // so load the latin and vietnamese subsets of "Noto Sans" first (local files, no network).
    const timer = setTimeout(() => setFonts(true), 4000);
    Promise.all([document.fonts.load(`16px "Noto Sans"`, FONT_PROBE), document.fonts.load(`bold 16px "Noto Sans"`, FONT_PROBE)])
      .catch((err: unknown) => console.warn("font", err))
      .finally(() => {
        clearTimeout(timer);
        setFonts(true);
      });
    return () => clearTimeout(timer);
  }, []);
  return <div className="map-area">{fonts ? <Explorer initial={initial} /> : null}</div>;
}

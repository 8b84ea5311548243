"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { rateClasses, type RateClasses } from "./classes";
import { ApiError, loadMapData, type MapData } from "./data";
import { Legend } from "./Legend";
import { MapCanvas } from "./MapCanvas";

type Load =
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; data: MapData; classes: RateClasses };

/** Fetches the hamlets and boundaries of one unit, then shows the map and its legend. */
export default function MapView({ unit, structure }: { unit: string; structure: string }) {
  const t = useTranslations("map");
  const [load, setLoad] = useState<Load>({ status: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    loadMapData(unit, structure, abort.signal).then(
      (data) => {
        const classes = rateClasses(data.hamlets.features.map((f) => f.properties.activationRate));
        setLoad({ status: "ready", data, classes });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        console.error("map data", error);
        setLoad({ status: "error", error });
      },
    );
    return () => abort.abort();
  }, [unit, structure]);

  if (load.status === "loading") return <p className="map-status">{t("loading")}</p>;
  if (load.status === "error") {
    const issues = load.error instanceof ApiError ? load.error.issues : [];
    return (
      <div className="map-status map-status-error" role="alert">
        <p>{t("loadError")}</p>
        <ul>
          {issues.map((i) => (
            <li key={i.path + i.message}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <>
      <MapCanvas data={load.data} classes={load.classes} />
      <Legend classes={load.classes} asOf={load.data.meta.asOf} />
    </>
  );
}

"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { FeatureCollection, Point } from "geojson";
import { api, type Attributes, type Collection, type History } from "./api";
import type { SourceKey } from "../sources";
import type { SourceLoad } from "../use-sources";
import { buildTree, type Tree } from "./model";

/**
 * Loads what the explorer shows, each piece once and only when needed: the unit tree per province
 * and structure, the attributes per date (kept, so going back to a date costs nothing), a unit's
 * history when it is in focus. The map sources (geometry, coverage, sites) are loaded by the source
 * table's loader (app/_map/use-sources.ts) for the layers that are on; useGeometry assembles them.
 */

export interface Geometry {
  hamlets: Collection;
  communes: Collection;
  districts: Collection | null;
  province: Collection;
  /** Built here from the tree: one point per hamlet and per unit at its label point. */
  hamletPoints: FeatureCollection<Point>;
  unitPoints: FeatureCollection<Point>;
}

type Load<T> = { status: "loading" } | { status: "error"; error: unknown } | { status: "ready"; data: T };

export function useTree(unit: string, structure: "pre2025" | "post2025"): Load<Tree> {
  const [load, setLoad] = useState<Load<Tree>>({ status: "loading" });
  const current = load.status === "ready" ? load.data : null;
  // The tree of the province: refetched only when the structure changes or the unit leaves it.
  const needed = !current || current.structure !== structure || !current.byId.has(unit);
  useEffect(() => {
    if (!needed) return;
    const abort = new AbortController();
    api.units(unit, structure, abort.signal).then(
      (r) => setLoad({ status: "ready", data: buildTree(r) }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoad({ status: "error", error });
      },
    );
    return () => abort.abort();
  }, [needed, unit, structure]);
  return load;
}

/**
 * The geometry of the province from the loads of its URL sources (app/_map/use-sources.ts), with
 * the points built from the tree. While another province's or structure's geometry loads, the last
 * complete one stays (all four levels swap at once).
 */
export function useGeometry(tree: Tree | null, loads: Partial<Record<SourceKey, SourceLoad>>): Load<Geometry> {
  const done = useRef<Load<Geometry>>({ status: "loading" });
  const parts = GEOMETRY_SOURCES.map((k) => loads[k] ?? null);
  const error = parts.find((l) => l?.error)?.error;
  const ready = !!tree && parts.every((l) => l && !l.loading && !l.error);
  const [hamlets, communes, districts, province] = parts.map((l) => l?.data ?? null);
  return useMemo(() => {
    if (error) return { status: "error", error };
    if (ready && hamlets && communes && province)
      done.current = { status: "ready", data: { hamlets, communes, districts: districts ?? null, province, ...points(tree!) } };
    return done.current;
    // The tree object changes only when the province or structure does, and its geometry with it.
  }, [error, ready, hamlets, communes, districts, province, tree]);
}

/** The URL sources the geometry is made of. */
export const GEOMETRY_SOURCES = ["hamlets", "communes", "districts", "province"] as const satisfies readonly SourceKey[];

function points(tree: Tree): Pick<Geometry, "hamletPoints" | "unitPoints"> {
  const pt = (level: (l: string) => boolean): FeatureCollection<Point> => ({
    type: "FeatureCollection",
    features: tree.units
      .filter((u) => level(u.level) && u.labelLon !== null && u.labelLat !== null)
      .map((u) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [u.labelLon!, u.labelLat!] },
        properties: { id: u.id, name: u.name, level: u.level },
      })),
  });
  return { hamletPoints: pt((l) => l === "hamlet"), unitPoints: pt((l) => l !== "hamlet" && l !== "province") };
}

/** Attributes at a date (undefined = latest), cached per province, structure and date. */
/** Shared by every caller (the date and the comparison date): one request per province, structure and date. */
const attributeCache = new Map<string, Promise<Attributes>>();

export function useAttributes(tree: Tree | null, date: string | undefined): { data: Attributes | null; loading: boolean; error: unknown } {
  const cache = useRef(attributeCache);
  const [state, setState] = useState<{ key: string; data: Attributes } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = tree ? `${tree.province.id}|${tree.structure}|${date ?? "latest"}` : null;
  useEffect(() => {
    if (!tree || !key) return;
    let live = true;
    let p = cache.current.get(key);
    if (!p) {
      p = api.attributes(tree.province.id, tree.structure, date);
      cache.current.set(key, p);
      p.catch(() => cache.current.delete(key));
    }
    p.then(
      (data) => {
        if (live) {
          setState({ key, data });
          setError(null);
        }
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [tree, key, date]);
  // Keep showing the previous date's data while the new one loads (the panel says it is loading).
  return { data: state?.data ?? null, loading: state?.key !== key, error };
}

export function useHistory(unit: string | null, structure: "pre2025" | "post2025"): History | null {
  const cache = useRef(new Map<string, History>());
  const [data, setData] = useState<History | null>(null);
  const key = unit ? `${unit}|${structure}` : null;
  useEffect(() => {
    if (!key || !unit) return;
    const hit = cache.current.get(key);
    if (hit) {
      setData(hit);
      return;
    }
    const abort = new AbortController();
    api.history(unit, structure, abort.signal).then(
      (h) => {
        cache.current.set(key, h);
        setData(h);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) console.error("history", e);
      },
    );
    return () => abort.abort();
  }, [key, unit, structure]);
  return useMemo(() => (data && data.unit === unit ? data : null), [data, unit]);
}

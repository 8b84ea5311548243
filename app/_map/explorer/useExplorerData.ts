"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { FeatureCollection, Point } from "geojson";
import { api, type Attributes, type Collection, type History } from "./api";
import { buildTree, type Tree } from "./model";

/**
 * Loads what the explorer shows, each piece once and only when needed: the unit tree and the
 * geometry per province and structure, the attributes per date (kept, so going back to a date
 * costs nothing), coverage per coverage version and only while a coverage layer is on, sites only
 * while their layer is on, a unit's history when it is in focus.
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

export function useGeometry(tree: Tree | null): Load<Geometry> {
  const [load, setLoad] = useState<Load<Geometry>>({ status: "loading" });
  const provinceId = tree?.province.id;
  const structure = tree?.structure;
  useEffect(() => {
    if (!tree || !provinceId || !structure) return;
    const abort = new AbortController();
    const s = abort.signal;
    Promise.all([
      api.geometry(provinceId, structure, "hamlet", s),
      api.geometry(provinceId, structure, "commune", s),
      structure === "pre2025" ? api.geometry(provinceId, structure, "district", s) : Promise.resolve(null),
      api.geometry(provinceId, structure, "province", s),
    ]).then(
      ([hamlets, communes, districts, province]) => setLoad({ status: "ready", data: { hamlets, communes, districts, province, ...points(tree) } }),
      (error: unknown) => {
        if (!s.aborted) setLoad({ status: "error", error });
      },
    );
    return () => abort.abort();
    // The tree object changes only when the province or structure does.
  }, [tree, provinceId, structure]);
  return load;
}

function points(tree: Tree): Pick<Geometry, "hamletPoints" | "unitPoints"> {
  const pt = (level: (l: string) => boolean): FeatureCollection<Point> => ({
    type: "FeatureCollection",
    features: tree.units
      .filter((u) => level(u.level) && u.labelLon !== null && u.labelLat !== null)
      .map((u) => ({ type: "Feature", geometry: { type: "Point", coordinates: [u.labelLon!, u.labelLat!] }, properties: { id: u.id, name: u.name, level: u.level } })),
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

/** Coverage polygons of the version in effect, loaded only when `enabled`. */
export function useCoverage(tree: Tree | null, version: string | null, enabled: boolean): { data: Collection | null; loading: boolean } {
  const cache = useRef(new Map<string, Collection>());
  const [data, setData] = useState<{ key: string; c: Collection } | null>(null);
  const key = tree && version ? `${tree.province.id}|${tree.structure}|${version}` : null;
  useEffect(() => {
    if (!enabled || !tree || !key || !version) return;
    const hit = cache.current.get(key);
    if (hit) {
      setData({ key, c: hit });
      return;
    }
    const abort = new AbortController();
    api.coverage(tree.province.id, tree.structure, version, abort.signal).then(
      (c) => {
        cache.current.set(key, c);
        setData({ key, c });
      },
      (e: unknown) => {
        if (!abort.signal.aborted) console.error("coverage", e);
      },
    );
    return () => abort.abort();
  }, [enabled, tree, key, version]);
  // While the next version loads, the previous one stays on the map.
  return { data: enabled ? data?.c ?? null : null, loading: enabled && data?.key !== key };
}

export function useSites(tree: Tree | null, enabled: boolean): { data: Collection | null; loading: boolean } {
  const [data, setData] = useState<{ key: string; c: Collection } | null>(null);
  const key = tree ? `${tree.province.id}|${tree.structure}` : null;
  useEffect(() => {
    if (!enabled || !tree || !key || data?.key === key) return;
    const abort = new AbortController();
    api.sites(tree.province.id, tree.structure, abort.signal).then(
      (c) => setData({ key, c }),
      (e: unknown) => {
        if (!abort.signal.aborted) console.error("sites", e);
      },
    );
    return () => abort.abort();
  }, [enabled, tree, key, data?.key]);
  return { data: enabled && data?.key === key ? data.c : null, loading: enabled && data?.key !== key };
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

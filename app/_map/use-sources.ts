"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { api, type Collection } from "./explorer/api";
import type { LayerDef } from "./layers";
import { SOURCES, sourceUrl, type SourceDef, type SourceKey, type SourceScope } from "./sources";

/**
 * Loads the URL sources of the source table (app/_map/sources.ts) for a scope, each once: a
 * source's last response is kept (so a source turned off and on again costs nothing), and all of
 * them for a source marked `cache` (coverage versions). A request no longer wanted is aborted.
 */

export interface SourceLoad {
  /** The data for the scope asked for; null while loading, on error, or when there is nothing to load. */
  data: Collection | null;
  /** The last data loaded for this source, maybe for another scope (to keep showing while the next loads). */
  last: Collection | null;
  loading: boolean;
  error: unknown;
}

const NOTHING: SourceLoad = { data: null, last: null, loading: false, error: null };

/** The URL-loaded source keys of these layer definitions, each once. */
export function urlSources(defs: readonly LayerDef[]): SourceKey[] {
  return [...new Set(defs.map((d) => d.source))].filter((k) => SOURCES[k].load.from === "url");
}

export function useSources(keys: readonly SourceKey[], scope: SourceScope | null): Partial<Record<SourceKey, SourceLoad>> {
  const [last, setLast] = useState<Partial<Record<SourceKey, { url: string; data: Collection }>>>({});
  const [errors, setErrors] = useState<Partial<Record<SourceKey, { url: string; error: unknown }>>>({});
  const cache = useRef(new Map<string, Collection>());
  const inFlight = useRef(new Map<string, AbortController>());
  const lastRef = useRef(last);
  lastRef.current = last;

  const urls = useMemo(() => keys.map((k) => [k, scope ? sourceUrl(k, scope) : null] as const), [keys, scope]);

  useEffect(() => {
    const wanted = new Set<string>();
    for (const [key, url] of urls) {
      if (!url) continue;
      wanted.add(url);
      if (lastRef.current[key]?.url === url || inFlight.current.has(url)) continue;
      const hit = cache.current.get(url);
      if (hit) {
        setLast((l) => ({ ...l, [key]: { url, data: hit } }));
        continue;
      }
      const abort = new AbortController();
      inFlight.current.set(url, abort);
      api.collection(url, abort.signal).then(
        (data) => {
          inFlight.current.delete(url);
          const def: SourceDef = SOURCES[key];
          if (def.load.from === "url" && def.load.cache) cache.current.set(url, data);
          setLast((l) => ({ ...l, [key]: { url, data } }));
          setErrors((e) => (e[key] ? { ...e, [key]: undefined } : e));
        },
        (error: unknown) => {
          inFlight.current.delete(url);
          if (abort.signal.aborted) return;
          console.error(key, error);
          setErrors((e) => ({ ...e, [key]: { url, error } }));
        },
      );
    }
    for (const [url, abort] of inFlight.current) {
      if (wanted.has(url)) continue;
      abort.abort();
      inFlight.current.delete(url);
    }
    // Idempotent: a new `urls` with the same content (another layer toggled) starts and aborts nothing.
  }, [urls]);

  useEffect(() => {
    const flights = inFlight.current;
    return () => {
      for (const abort of flights.values()) abort.abort();
      flights.clear();
    };
  }, []);

  return useMemo(() => {
    const out: Partial<Record<SourceKey, SourceLoad>> = {};
    for (const [key, url] of urls) {
      if (!url) {
        out[key] = NOTHING;
        continue;
      }
      const got = last[key];
      const data = got?.url === url ? got.data : null;
      const error = errors[key]?.url === url ? errors[key]!.error : null;
      out[key] = { data, last: got?.data ?? null, loading: !data && !error, error };
    }
    return out;
  }, [urls, last, errors]);
}

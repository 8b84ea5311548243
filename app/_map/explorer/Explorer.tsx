"use client";

import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { maplibreLocale } from "@/app/_i18n/maplibre-locale";
import { useLocale, useMessages, useTranslations } from "next-intl";
import type { Map as MapLibreMap } from "maplibre-gl";
import { formatter } from "@/app/_i18n/format";
import { FOLLOWS, LAYERS } from "../layers";
import type { SourceKey, SourceScope } from "../sources";
import { urlSources, useSources } from "../use-sources";
import { MapView, type Bbox, type FeatureStates } from "../MapView";
import { LegendPanel } from "../LegendPanel";
import { exportMapPng } from "../export-png";
import { serialiseViewState, type ViewState } from "../view-state";
import { ApiError } from "./api";
import { Details } from "./Details";
import { Breadcrumb, DatePanel, FilterPanel, IndicatorPanel, LayerPanel, SearchBox } from "./Controls";
import { buildLegend } from "./legend-model";
import { computeView, indexed, pathTo, summarise, type Tree, type ViewModel } from "./model";
import { useAttributes, useGeometry, useHistory, useTree, type Geometry } from "./useExplorerData";

/** What the browser tests read besides the map: the explorer's state and view model. */
declare global {
  interface Window {
    __explorer?: { state: ViewState; view: ViewModel | null; dataDate: string | null; loading: boolean; exportPng(): Promise<Blob> };
  }
}

/**
 * The map explorer: indicator, layers, filters, date, drill-down, search, details and PNG export
 * around one reusable MapView. All view state lives in the URL (app/_map/view-state.ts).
 */
export function Explorer({ initial }: { initial: ViewState }) {
  const t = useTranslations("explorer");
  const locale = useLocale();
  const fmt = useMemo(() => formatter(locale), [locale]);
  const messages = useMessages();
  const [state, setStateRaw] = useState<ViewState>(initial);
  const [fit, setFit] = useState<{ key: string; bounds: Bbox } | null>(null);
  const fitCount = useRef(0);
  const mapRef = useRef<MapLibreMap | null>(null);

  const setState = useCallback((patch: Partial<ViewState>) => setStateRaw((s) => ({ ...s, ...patch })), []);

  // The URL follows the state (replaceState: no navigation, no server round trip), a moment after
  // the last change: the router's history bookkeeping then stays out of the interaction itself.
  useEffect(() => {
    const timer = setTimeout(() => {
      const current = new URLSearchParams(window.location.search);
      const keep: Record<string, string> = {};
      const lang = current.get("lang");
      if (lang) keep.lang = lang;
      const next = `?${serialiseViewState(state, keep)}`;
      if (next !== window.location.search) window.history.replaceState(window.history.state, "", `${window.location.pathname}${next}`);
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // The controls follow `state` at once; the map, legend and details follow `view`, computed from
  // a deferred copy of the state in a render React may interrupt, so that no input waits for them.
  const deferred = useDeferredValue(state);

  const treeLoad = useTree(state.unit, state.structure);
  const tree = treeLoad.status === "ready" ? treeLoad.data : null;
  const attrs = useAttributes(tree, state.date);
  const cmp = useAttributes(tree, state.cmp ?? state.date);
  const cmpAttrs = state.cmp && !cmp.loading ? cmp.data : null;

  // The map's URL sources are loaded for the layers that are drawn: the always-drawn ones (the
  // geometry) and the toggles that are on (coverage, sites) — chosen by each layer's source.
  const layersOn = useMemo(() => new Set(deferred.layers), [deferred.layers]);
  const wanted = useMemo(() => urlSources(LAYERS.filter((def) => !def.toggle || layersOn.has(def.id))), [layersOn]);
  const coverageDate = attrs.data?.coverageAsOf ?? null;
  const scope = useMemo<SourceScope | null>(() => (tree ? { unit: tree.province.id, structure: tree.structure, coverageDate } : null), [tree, coverageDate]);
  const loads = useSources(wanted, scope);
  const geometryLoad = useGeometry(tree, loads);
  const geometry = geometryLoad.status === "ready" ? geometryLoad.data : null;
  // Coverage: the previous version stays on the map while the next one loads.
  const coverage = loads.coverage ? (loads.coverage.data ?? loads.coverage.last) : null;
  const sites = loads.sites?.data ?? null;
  const loading = attrs.loading || (state.cmp ? cmp.loading : false) || !!loads.coverage?.loading || !!loads.sites?.loading || !geometry;
  const history = useHistory(tree?.byId.has(state.unit) ? state.unit : null, state.structure);

  const attrsFit = !!tree && !!attrs.data && attrs.data.scope.unitId === tree.province.id && attrs.data.scope.structure === tree.structure;
  // The zoom matters only for level "auto"; otherwise it is left out so that zooming recomputes nothing.
  const [zoom, setZoom] = useState<number | undefined>(initial.at?.[2]);
  const levelZoom = deferred.level === "auto" ? zoom : undefined;
  const view = useMemo(() => {
    if (!attrsFit) return null;
    const t0 = performance.now();
    const v = computeView({ tree: tree!, attrs: attrs.data!, cmpAttrs, state: deferred, zoom: levelZoom });
    performance.measure("gapmap:view", { start: t0, end: performance.now() });
    return v;
  }, [attrsFit, tree, attrs.data, cmpAttrs, deferred, levelZoom]);
  const hamletIndex = useMemo(() => (attrs.data ? indexed(attrs.data.hamlets) : null), [attrs.data]);
  const { unit: dUnit, f: dF, act: dAct } = deferred;
  const summary = useMemo(
    () => (attrsFit && hamletIndex ? summarise(tree!, hamletIndex, { unit: dUnit, f: dF, act: dAct }) : null),
    [attrsFit, tree, hamletIndex, dUnit, dF, dAct],
  );

  // The outline of the unit in focus, alone in its own small source (app/_map/layers/focus.ts).
  const focusOutline = useMemo(() => (geometry && tree ? outlineOf(geometry, tree, deferred.unit) : null), [geometry, tree, deferred.unit]);

  const sources = useMemo<Partial<Record<SourceKey, GeoJSON.FeatureCollection | null>>>(
    () =>
      geometry
        ? {
            hamlets: geometry.hamlets,
            hamletPoints: geometry.hamletPoints,
            hamletMarks: geometry.hamletPoints,
            communes: geometry.communes,
            districts: geometry.districts,
            province: geometry.province,
            unitPoints: geometry.unitPoints,
            coverage,
            sites,
            focus: focusOutline,
          }
        : {},
    [geometry, coverage, sites, focusOutline],
  );

  const visible = useMemo(() => {
    const v = new Set<string>();
    for (const def of LAYERS) {
      // A layer over an empty source (the pre-2025 districts after 2025, the focus when it is the
      // province) draws nothing, but visible it would still cost a stencil pass in every frame.
      if (!sources[def.source]?.features.length) continue;
      if (def.group === "indicator") {
        if (view && def.indicator?.level === view.level && def.indicator.draw === view.draw) v.add(def.id);
      } else if (def.toggle) {
        if (layersOn.has(def.id)) v.add(def.id);
      } else if (FOLLOWS[def.id]) {
        if (layersOn.has(FOLLOWS[def.id]!)) v.add(def.id);
      } else v.add(def.id);
    }
    return v;
  }, [view, layersOn, sources]);

  const featureStates = useMemo<FeatureStates[]>(() => {
    if (!view) return [];
    return [
      { source: "hamlets", states: view.hamletStates },
      { source: "hamletPoints", states: view.hamletStates },
      { source: "hamletMarks", states: view.hamletStates },
      { source: "communes", states: view.unitStates },
      { source: "districts", states: view.unitStates },
      { source: "unitPoints", states: view.unitStates },
    ];
  }, [view]);

  const legend = useMemo(
    () => (view && attrs.data ? buildLegend({ view, state: deferred, attrs: attrs.data, visible, messages: messages.explorer, fmt }) : null),
    [view, deferred, attrs.data, visible, messages.explorer, fmt],
  );

  const focus = useCallback(
    (unitId: string, zoom: boolean) => {
      setState({ unit: unitId });
      const u = tree?.byId.get(unitId);
      if (zoom && u?.bbox) {
        fitCount.current += 1;
        setFit({ key: `${unitId}#${fitCount.current}`, bounds: u.bbox });
      }
    },
    [tree, setState],
  );
  const pick = useCallback((id: string) => focus(id, true), [focus]);
  const onMoveEnd = useCallback(
    (c: [number, number], z: number) => {
      setZoom(z);
      setState({ at: [round(c[0], 5), round(c[1], 5), round(z, 2)] });
    },
    [setState],
  );
  // A click on a commune or district drills down to it like the breadcrumb and search do (focus and
  // fit its bbox); a click on a hamlet only puts it in focus (details), so the map stays put.
  const onFeatureClick = useCallback(
    (hit: { id: string | null }) => {
      if (hit.id) focus(hit.id, tree?.byId.get(hit.id)?.level !== "hamlet");
      return null; // no popup: the details panel shows the unit
    },
    [focus, tree],
  );
  const operator = useMemo(() => ({ operator: state.op }), [state.op]);
  const onReady = useCallback((m: MapLibreMap) => {
    mapRef.current = m;
    setZoom(m.getZoom());
  }, []);
  const path = useMemo(() => (tree ? pathTo(tree, tree.byId.has(state.unit) ? state.unit : tree.province.id) : []), [tree, state.unit]);

  const doExport = useCallback(async () => {
    const map = mapRef.current;
    if (!map || !legend || !tree) throw new Error("the map is not ready");
    const unit = tree.byId.get(state.unit);
    const km = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { style: "unit", unit: "kilometer", maximumFractionDigits: 1 });
    const m = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { style: "unit", unit: "meter" });
    return exportMapPng(map, {
      title: `${messages.explorer.indicators[state.ind as keyof typeof messages.explorer.indicators]} — ${unit?.fullName ?? tree.province.fullName}`,
      subtitle: [
        view?.comparing && state.cmp
          ? t("date.change", { from: fmt.date(state.cmp), to: fmt.date(attrs.data?.asOf ?? null) })
          : `${t("date.label")}: ${fmt.date(attrs.data?.asOf ?? null)}`,
        ...state.f.map((f) => t(`filters.${f}`)),
        ...(state.act !== undefined ? [`${t("filters.actBelow")} ${state.act}`] : []),
        ...(summary?.active ? [t("filters.count", { matching: fmt.count(summary.matching), total: fmt.count(summary.hamlets) })] : []),
      ].join(" · "),
      legend,
      attribution: `${messages.map.attribution} · ${attrs.data?.synthetic ? messages.explorer.details.sourceDemo : messages.explorer.details.sourceImport}`,
      scaleLabel: (metres) => (metres >= 1000 ? km.format(metres / 1000) : m.format(metres)),
    });
  }, [legend, tree, state.unit, state.ind, state.cmp, state.f, state.act, summary, locale, messages, view, t, fmt, attrs.data]);

  // Test hook: the state and the view model as the map was last given them.
  useEffect(() => {
    // Still busy while the deferred render (map, legend, details) has not caught up with the controls.
    window.__explorer = { state, view, dataDate: attrs.data?.asOf ?? null, loading: loading || deferred !== state, exportPng: doExport };
  }, [state, deferred, view, attrs.data, loading, doExport]);

  if (treeLoad.status === "error" || geometryLoad.status === "error" || (attrs.error && !attrs.data)) {
    const error = treeLoad.status === "error" ? treeLoad.error : geometryLoad.status === "error" ? geometryLoad.error : attrs.error;
    const issues = error instanceof ApiError ? error.issues : [];
    return (
      <div className="map-status map-status-error" role="alert">
        <p>{t("loadError")}</p>
        {error instanceof ApiError ? <p>{error.message}</p> : null}
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
  if (!tree || !geometry) return <p className="map-status">{t("loading")}</p>;

  const focusUnit = tree.byId.get(state.unit) ?? tree.byId.get(tree.province.id)!;
  const provinceUnit = tree.byId.get(tree.province.id)!;
  const initialView = state.at
    ? { center: [state.at[0], state.at[1]] as [number, number], zoom: state.at[2] }
    : { bounds: (focusUnit.bbox ?? provinceUnit.bbox ?? [102, 21, 104, 23]) as Bbox };

  return (
    <div className="explorer">
      <aside className="explorer-controls" aria-label={t("controls")}>
        <SearchBox tree={tree} onPick={pick} />
        <Breadcrumb tree={tree} path={path} onPick={pick} />
        <IndicatorPanel state={state} setState={setState} provinceId={tree.province.id} />
        <DatePanel state={state} setState={setState} dates={attrs.data?.dates ?? NO_DATES} asOf={attrs.data?.asOf ?? null} loading={attrs.loading} />
        <FilterPanel state={state} setState={setState} summary={summary} tree={tree} unit={focusUnit} onPick={pick} />
        <LayerPanel layers={state.layers} op={state.op} tech={state.tech} setState={setState} />
        <ExportButton onExport={doExport} unitId={state.unit} date={attrs.data?.asOf ?? "latest"} />
      </aside>
      <div className="explorer-map">
        <MapView
          layers={LAYERS}
          data={sources}
          visible={visible}
          featureStates={featureStates}
          globalState={operator}
          initial={initialView}
          fit={fit}
          attribution={messages.map.attribution}
          locale={maplibreLocale(messages.map.mapControls)}
          scaleBar
          testHook="__gapmap"
          onReady={onReady}
          onMoveEnd={onMoveEnd}
          onFeatureClick={onFeatureClick}
        />
        {legend ? <LegendPanel model={legend} title={t("legend.title")} hideLabel={t("legend.hide")} showLabel={t("legend.show")} /> : null}
        {loading ? (
          <p className="explorer-loading" role="status">
            {t("loadingData")}
          </p>
        ) : null}
      </div>
      {attrs.data ? <Details tree={tree} unit={focusUnit} attrs={attrs.data} history={history} onPick={pick} /> : null}
    </div>
  );
}

const URL_DELAY_MS = 250;
const NO_DATES: string[] = [];

const ExportButton = memo(function ExportButton({ onExport, unitId, date }: { onExport: () => Promise<Blob>; unitId: string; date: string }) {
  const t = useTranslations("explorer.export");
  const [status, setStatus] = useState<"idle" | "working" | "failed">("idle");
  return (
    <section className="panel">
      <button
        type="button"
        className="export-button"
        disabled={status === "working"}
        onClick={async () => {
          setStatus("working");
          try {
            const blob = await onExport();
            const url = URL.createObjectURL(blob);
            const a = document.createElement("a");
            a.href = url;
            a.download = `gapmap06-${unitId}-${date}.png`;
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
            setStatus("idle");
          } catch (err) {
            console.error("export", err);
            setStatus("failed");
          }
        }}
      >
        {status === "working" ? t("working") : t("button")}
      </button>
      {status === "failed" ? <p role="alert">{t("failed")}</p> : null}
    </section>
  );
});

/** The unit's own feature from the geometry, tagged with its level; empty for the province (its line is always drawn). */
function outlineOf(geometry: Geometry, tree: Tree, unitId: string): GeoJSON.FeatureCollection {
  const level = tree.byId.get(unitId)?.level;
  const from = level === "hamlet" ? geometry.hamlets : level === "commune" ? geometry.communes : level === "district" ? geometry.districts : null;
  const feature = from?.features.find((f) => f.properties.id === unitId);
  return { type: "FeatureCollection", features: feature ? [{ ...feature, properties: { id: unitId, level } }] : [] };
}

function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

// The layer registry, the source table and the indicator registry: every definition of every map
// parses and names a source of the source table, every map's style is valid MapLibre style, every
// message it names exists in both languages, no URL outside the app is fetched.
import { describe, it, expect } from "vitest";
import { expression, latest, validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { StyleSpecification } from "maplibre-gl";
import { ALL_LAYERS, LAYERS, MAPS, drawOrder, featureStateKeys, layerById, subLayerId } from "@/app/_map/layers";
import { layerDefSchema } from "@/app/_map/layers/schema";
import { GLOBAL_STATE } from "@/app/_map/layers/global-state";
import { SOURCES, SOURCE_KEYS, sourceUrl, type SourceDef } from "@/app/_map/sources";
import { mapStyle } from "@/app/_map/style";
import { INDICATORS, indicatorSchema } from "@/app/_map/indicators";
import { PATTERNS } from "@/app/_map/patterns";
import { MESSAGES } from "@/app/_i18n/messages";
import { camel } from "@/app/_map/explorer/legend-model";

describe("layer registry", () => {
  it.each(ALL_LAYERS.map((l) => [l.id, l] as const))("%s parses", (_id, def) => {
    expect(() => layerDefSchema.parse(def)).not.toThrow();
  });

  it("every map of the app has its layers in the registry, the explorer's first", () => {
    expect(Object.keys(MAPS).sort()).toEqual(["briefingInfra", "briefingRates", "explorer", "plans", "priorities", "telecom"]);
    expect(MAPS.explorer).toBe(LAYERS);
    for (const [name, defs] of Object.entries(MAPS)) {
      expect(defs.length, name).toBeGreaterThan(0);
      for (const def of defs) expect(ALL_LAYERS, `${name}: ${def.id}`).toContain(def);
    }
  });

  it("has unique ids and sub-layer ids across every map", () => {
    const ids = ALL_LAYERS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const subs = drawOrder(ALL_LAYERS).map((d) => d.id);
    expect(new Set(subs).size).toBe(subs.length);
    for (const id of ids) expect(layerById(id).id).toBe(id);
  });

  it("every layer's source key is in the source table, and every key of the table is used", () => {
    for (const def of ALL_LAYERS) expect(Object.keys(SOURCES), def.id).toContain(def.source);
    expect([...new Set(ALL_LAYERS.map((l) => l.source))].sort()).toEqual([...SOURCE_KEYS].sort());
    // A key outside the table does not parse.
    expect(layerDefSchema.safeParse({ ...LAYERS[0], source: "hamletTiles" }).success).toBe(false);
  });

  it("the source table: GeoJSON keyed by id; URL sources load from the app's own API, page sources from nothing", () => {
    const scope = { unit: "p-11", structure: "pre2025" as const, coverageDate: "2023-09-15" };
    for (const key of SOURCE_KEYS) {
      const def: SourceDef = SOURCES[key];
      expect(def.maplibre, key).toEqual({ type: "geojson", promoteId: "id" });
      const url = sourceUrl(key, scope);
      if (def.load.from === "page") expect(url, key).toBeNull();
      else expect(url, key).toMatch(/^\/api\/[a-z/]+\?unit=p-11&structure=pre2025/);
    }
    expect(sourceUrl("hamlets", scope)).toBe("/api/boundaries?unit=p-11&structure=pre2025&level=hamlet");
    expect(sourceUrl("coverage", scope)).toBe("/api/explorer/coverage?unit=p-11&structure=pre2025&date=2023-09-15");
    // Nothing to load: no districts after 2025, no coverage without a version.
    expect(sourceUrl("districts", { ...scope, structure: "post2025" })).toBeNull();
    expect(sourceUrl("coverage", { ...scope, coverageDate: null })).toBeNull();
  });

  it.each(Object.entries(MAPS))("the %s map's style is valid MapLibre style, without glyphs, sprite or any URL", (_name, defs) => {
    const style = mapStyle(defs);
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
    expect(JSON.stringify(style)).not.toMatch(/https?:|glyphs|sprite/);
    expect(Object.keys(style.sources).sort()).toEqual([...new Set(defs.map((d) => d.source))].sort());
    expect(style.layers).toHaveLength(1 + defs.reduce((n, d) => n + d.layers.length, 0));
  });

  it("every global state a layer reads is declared with a default", () => {
    const used = new Set([...JSON.stringify(ALL_LAYERS).matchAll(/\["global-state","([^"]+)"\]/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(GLOBAL_STATE).sort());
  });

  it("clicks: the explorer's indicator layers and the pages' points pick their feature", () => {
    const clickable = drawOrder(ALL_LAYERS)
      .filter((d) => d.sub.click)
      .map((d) => d.id)
      .sort();
    expect(clickable).toEqual([
      "commune-fill",
      "commune-reach",
      "district-fill",
      "district-reach",
      "hamlet-circle",
      "hamlet-fill",
      "plan-base",
      "plan-candidates",
      "plan-hamlets",
      "plan-wifi",
      "priority-hamlets",
      "reach-circles",
      "telecom-hamlets",
    ]);
  });

  it("the validation can fail: a bad paint property is reported", () => {
    const bad = {
      version: 8,
      sources: { s: { type: "geojson", data: { type: "FeatureCollection", features: [] } } },
      layers: [{ id: "x", type: "fill", source: "s", paint: { "fill-colour": "#000" } }],
    } as unknown as StyleSpecification;
    expect(validateStyleMin(bad).length).toBeGreaterThan(0);
    expect(() => layerDefSchema.parse({ ...LAYERS[0], source: "tiles" })).toThrow();
  });

  it("labels use the shipped font by its web-font name", () => {
    const fonts = drawOrder()
      .map((d) => d.sub.layout?.["text-font"])
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toEqual(["Noto Sans"]);
  });

  it("every fill-pattern names a pattern the map registers", () => {
    const names =
      JSON.stringify(
        drawOrder()
          .map((d) => d.sub.paint?.["fill-pattern"])
          .filter(Boolean),
      ).match(/"[a-z0-9]+-(good|weak)"/g) ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(Object.keys(PATTERNS)).toContain(JSON.parse(n));
  });

  it.each(["vi", "en"] as const)("every toggle and legend label has a %s message", (lang) => {
    const m = MESSAGES[lang].explorer;
    const missing: string[] = [];
    for (const def of LAYERS) {
      if (def.toggle && !(camel(def.id) in m.layers.names)) missing.push(`layers.names.${camel(def.id)}`);
      for (const item of def.legend ?? []) if (!(item.label in m.legendItems)) missing.push(`legendItems.${item.label}`);
    }
    expect(missing).toEqual([]);
  });

  it("each indicator level and draw kind has a layer that draws it", () => {
    for (const level of ["hamlet", "commune", "district"] as const)
      for (const draw of ["fill", "circles"] as const)
        expect(
          LAYERS.some((l) => l.indicator?.level === level && l.indicator.draw === draw),
          `${level}/${draw}`,
        ).toBe(true);
  });

  it("the hamlet circles of fill and of circles indicators share one MapLibre shader variant", () => {
    // MapLibre keys a shader variant on how each paint property is bound: a uniform (constant or
    // zoom-only), a per-feature attribute, or per-feature and zoom. Same binding everywhere = one
    // compile, so switching between a fill and a circles indicator compiles nothing (app/_map/layers/paint.ts).
    const binding = (defId: string) => {
      const sub = layerById(defId).layers[0]!;
      const spec = latest.paint_circle as unknown as Record<string, Parameters<typeof expression.normalizePropertyExpression>[2]>;
      return Object.fromEntries(
        Object.keys(spec).map((k) => {
          const kind = expression.normalizePropertyExpression(sub.paint?.[k] ?? spec[k]!.default, k, spec[k]!).kind;
          return [k, kind === "constant" || kind === "camera" ? "uniform" : kind];
        }),
      );
    };
    expect(binding("hamlet-circle")).toEqual(binding("reach-circles"));
    expect(binding("commune-reach")).toEqual(binding("reach-circles"));
    expect(binding("district-reach")).toEqual(binding("reach-circles"));
    expect(binding("reach-circles")["circle-radius"]).toBe("composite");
  });

  it("knows which feature-state keys each source's layers read, so an indicator change leaves the marks alone", () => {
    const keys = featureStateKeys();
    const sorted = (k: string) => [...(keys.get(k as never) ?? [])].sort();
    expect(sorted("hamletPoints")).toEqual(["colour", "match", "radius"]);
    expect(sorted("hamletMarks")).toEqual(["match", "noGrid", "status"]);
    expect(sorted("hamlets")).toEqual(["colour", "match", "status"]);
    expect(sorted("focus")).toEqual([]);
    // Found at any depth, in paint, layout and filter.
    const probe = {
      ...LAYERS[0]!,
      source: "sites" as const,
      layers: [
        {
          z: 1,
          type: "circle" as const,
          filter: ["all", ["==", ["feature-state", "a"], 1]],
          layout: { "circle-sort-key": ["coalesce", ["feature-state", "b"], 0] },
          paint: { "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, ["*", 2, ["feature-state", "c"]], 9, 4] },
        },
      ],
    };
    expect([...featureStateKeys([probe]).get("sites")!].sort()).toEqual(["a", "b", "c"]);
  });

  it("sub-layer ids follow <id>[:<suffix>]", () => {
    expect(subLayerId({ id: "a" }, {})).toBe("a");
    expect(subLayerId({ id: "a" }, { suffix: "b" })).toBe("a:b");
  });
});

describe("indicator registry", () => {
  it.each(INDICATORS.map((i) => [i.id, i] as const))("%s parses and has a name in both languages", (id, ind) => {
    expect(() => indicatorSchema.parse(ind)).not.toThrow();
    expect(MESSAGES.vi.explorer.indicators).toHaveProperty(id);
    expect(MESSAGES.en.explorer.indicators).toHaveProperty(id);
  });

  it("covers the issue's list: enrollment, both activation rates, level 2, target, people to reach, each reason", () => {
    const ids = INDICATORS.map((i) => i.id);
    for (const id of [
      "received_rate",
      "activation_rate",
      "activation_of_received",
      "level2_rate",
      "target_progress",
      "to_reach",
      "reason_away",
      "reason_elderly_sick",
      "reason_no_phone_number",
      "reason_sim_not_own",
      "reason_no_smartphone",
      "reason_handset_2g",
      "reason_no_signal",
    ])
      expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(INDICATORS.find((i) => i.id === "to_reach")!.draw).toBe("circles");
  });
});

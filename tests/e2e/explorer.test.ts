// The map explorer in headless Chromium, against a private copy of the seeded database: layer
// toggles, indicators, filters (counts checked against the database), search, URL round trip,
// date change and comparison, PNG export, offline labels. (Transfer size and main-thread long tasks:
// explorer-perf.sequential.test.ts, run alone after every other file.)
// Needs `npm run build` first. Screenshots go to tests/e2e/screenshots/ (git-ignored): look at them.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { drawOrder, LAYERS } from "@/app/_map/layers";
import { INDICATORS } from "@/app/_map/indicators";
import { parseViewState } from "@/app/_map/view-state";
import { DIVERGING_PuOr } from "@/app/_map/palettes";
import { hamletAttributes } from "@/db/queries/explorer";
import { setupSeeded } from "../support/seeded-db";
import { SCREENSHOTS, setupE2E, watchPage } from "./support/harness";
import { decodePng } from "./support/png";
import { newExplorerPage, openExplorer, settle } from "./support/explorer-page";
import { scopeOf } from "@/db/queries/scope";

/** Điện Biên Đông (pre-2025 district) on a date where many of its hamlets still lack 4G. */
const DBD = "unit=d-101&structure=pre2025&date=2023-06-30";

// The app and the test each open their own copy (PGlite allows one process per directory).
const e2e = setupE2E({ name: "explorer" });
const db = setupSeeded("pglite");

const newPage = (width = 1400, height = 900, using: Browser = e2e.browser): Promise<Page> => newExplorerPage(using, width, height);
const open = (page: Page, query: string): Promise<void> => openExplorer(page, e2e.app.url, query);

async function jump(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(({ center, zoom }) => window.__gapmap!.map.jumpTo({ center, zoom }), { center, zoom });
  await settle(page);
}

/** Distinct features rendered by the given MapLibre layer ids, with their feature state. */
async function rendered(page: Page, layerIds: string[]) {
  return page.evaluate((layers) => {
    const map = window.__gapmap!.map;
    const fs = map.queryRenderedFeatures({ layers });
    const byId = new Map<string, Record<string, unknown>>();
    for (const f of fs) byId.set(String(f.properties.id ?? f.id), f.state as Record<string, unknown>);
    return [...byId].map(([id, state]) => ({ id, state }));
  }, layerIds);
}

const subIds = (defId: string) =>
  drawOrder()
    .filter((d) => d.def.id === defId)
    .map((d) => d.id);

async function canvasDigest(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const url = window.__gapmap!.map.getCanvas().toDataURL("image/png");
    const bytes = new TextEncoder().encode(url);
    const hash = await crypto.subtle.digest("SHA-256", bytes);
    return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
  });
}

/** The centre of Điện Biên Đông's bbox. */
async function dbdCentre(page: Page): Promise<[number, number]> {
  return page.evaluate(async () => {
    const r = await fetch("/api/explorer/units?unit=d-101&structure=pre2025");
    const j = (await r.json()) as { units: { id: string; bbox: [number, number, number, number] }[] };
    const b = j.units.find((u) => u.id === "d-101")!.bbox;
    return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as [number, number];
  });
}

describe("map explorer", () => {
  it("each layer toggle changes what is rendered", async () => {
    const page = await newPage();
    const { external, pageErrors: errors } = watchPage(page);
    // Everything off, then each toggle on and off again.
    await open(page, `${DBD}&layers=`);
    await jump(page, await dbdCentre(page), 10.8);
    const toggles = LAYERS.filter((l) => l.toggle);
    expect(toggles.map((l) => l.id).sort()).toEqual([
      "coverage-2g",
      "coverage-3g",
      "coverage-4g",
      "fiber",
      "grid",
      "hamlet-labels",
      "labels",
      "no-grid",
      "signal-status",
      "sites",
    ]);
    for (const def of toggles) {
      const ids = subIds(def.id);
      expect(await rendered(page, ids), `${def.id} off`).toEqual([]);
      await page.locator(`input[name="layer-${def.id}"]`).check();
      await settle(page);
      const on = await rendered(page, ids);
      expect(on.length, `${def.id} on`).toBeGreaterThan(0);
      if (def.id === "no-grid") expect(on.some((f) => f.state.noGrid === true)).toBe(true);
      // Many hamlets of Điện Biên Đông had no 4G in mid-2023: their outline is the "none" one.
      if (def.id === "signal-status") expect(on.some((f) => f.state.status === 0)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, `explorer-layer-${def.id}.png`) });
      await page.locator(`input[name="layer-${def.id}"]`).uncheck();
      await settle(page);
      expect(await rendered(page, ids), `${def.id} off again`).toEqual([]);
    }
    expect(new URL(page.url()).searchParams.get("layers")).toBe("");
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("each indicator recolours the map", async () => {
    const page = await newPage();
    await open(page, "unit=p-11&structure=pre2025&date=2023-06-30&layers=");
    let previous: string | null = null;
    let previousPixels = await canvasDigest(page);
    for (const ind of INDICATORS) {
      await page.locator('select[name="indicator"]').selectOption(ind.id);
      // Targets exist for districts only: colour districts for that one.
      const level = ind.id === "target_progress" ? "district" : "hamlet";
      await page.locator('select[name="level"]').selectOption(level);
      await settle(page);
      // Every layer that draws this level and kind (zoomed out, hamlets are circles).
      const layers = LAYERS.filter((l) => l.indicator?.level === level && l.indicator.draw === ind.draw).flatMap((l) => subIds(l.id));
      const features = await rendered(page, layers);
      const colours = new Set(features.map((f) => f.state.colour).filter(Boolean));
      expect(colours.size, ind.id).toBeGreaterThanOrEqual(level === "district" ? 2 : 3);
      if (ind.draw === "circles")
        expect(
          features.some((f) => Number(f.state.radius) > 0),
          ind.id,
        ).toBe(true);
      const assignment = JSON.stringify(features.map((f) => [f.id, f.state.colour, f.state.radius ?? null]).sort());
      expect(assignment, `${ind.id} recolours`).not.toBe(previous);
      const pixels = await canvasDigest(page);
      expect(pixels, `${ind.id} changes the pixels`).not.toBe(previousPixels);
      previous = assignment;
      previousPixels = pixels;
      if (["activation_rate", "to_reach", "reason_no_signal", "target_progress"].includes(ind.id))
        await page.screenshot({ path: path.join(SCREENSHOTS, `explorer-indicator-${ind.id}.png`) });
    }
    await page.context().close();
  });

  it("filter counts match the database", async () => {
    const page = await newPage();
    await open(page, DBD);
    const raw = await hamletAttributes({ db: db.db, scope: scopeOf("d-101", "pre2025"), date: "2023-06-30" });
    const no4g = (r: (typeof raw)[number]) => !!r.signal && Object.values(r.signal).every((s) => (s["4g"] ?? "none") === "none");
    const nogrid = (r: (typeof raw)[number]) => r.grid === false;
    const below = (x: number) => (r: (typeof raw)[number]) => r.eligible !== null && r.activated !== null && r.eligible > 0 && r.activated / r.eligible < x;
    const cases: { ui: () => Promise<void>; pred: (r: (typeof raw)[number]) => boolean; name: string }[] = [
      { name: "no 4G", ui: () => page.locator('input[name="filter-no4g"]').check(), pred: no4g },
      { name: "no 4G + activation < 60 %", ui: () => page.locator('input[name="act"]').fill("60"), pred: (r) => no4g(r) && below(0.6)(r) },
      {
        name: "no 4G + no grid + activation < 60 %",
        ui: () => page.locator('input[name="filter-nogrid"]').check(),
        pred: (r) => no4g(r) && nogrid(r) && below(0.6)(r),
      },
      { name: "no grid + activation < 60 %", ui: () => page.locator('input[name="filter-no4g"]').uncheck(), pred: (r) => nogrid(r) && below(0.6)(r) },
      {
        name: "activation < 85 %",
        ui: async () => {
          await page.locator('input[name="filter-nogrid"]').uncheck();
          await page.locator('input[name="act"]').fill("85");
        },
        pred: below(0.85),
      },
    ];
    const report: string[] = [];
    for (const c of cases) {
      await c.ui();
      await settle(page);
      const want = raw.filter(c.pred);
      const sum = (k: "residents" | "eligible") => want.reduce((s, r) => s + (r[k] ?? 0), 0);
      const summary = page.getByTestId("filter-summary");
      const count = summary.locator(".filter-count");
      expect(Number(await count.getAttribute("data-matching")), c.name).toBe(want.length);
      expect(Number(await count.getAttribute("data-total"))).toBe(198);
      expect(Number(await page.getByTestId("filter-residents").getAttribute("data-value")), c.name).toBe(sum("residents"));
      expect(Number(await page.getByTestId("filter-eligible").getAttribute("data-value")), c.name).toBe(sum("eligible"));
      expect(Number(await page.getByTestId("filter-not-activated").getAttribute("data-value")), c.name).toBe(
        want.reduce((s, r) => s + r.eligible! - r.activated!, 0),
      );
      // The map marks the same hamlets.
      const matched = await page.evaluate(() => [...window.__explorer!.view!.hamletStates].filter(([, s]) => s.match === true).map(([id]) => id));
      expect(matched.filter((id) => raw.some((r) => r.id === id)).sort(), c.name).toEqual(want.map((r) => r.id).sort());
      expect(want.length, `${c.name}: the case is not trivial`).toBeGreaterThan(0);
      report.push(`${c.name}: ${want.length} hamlets, ${sum("residents")} residents`);
    }
    console.log(`[filters, Điện Biên Đông, 30/06/2023]\n  ${report.join("\n  ")}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-filters.png") });
    await page.context().close();
  });

  it("search finds names with and without diacritics, in any case, đ = d, and drills down", async () => {
    const page = await newPage();
    await open(page, "unit=p-11&structure=pre2025");
    const box = page.getByLabel("Tìm bản, xã, huyện theo tên hoặc mã");
    for (const [q, expected, level] of [
      ["hang pa", "Háng Pa", "hamlet"],
      ["Háng Pa", "Háng Pa", "hamlet"],
      ["HANG PA", "Háng Pa", "hamlet"],
      ["dien bien dong", "Điện Biên Đông", "district"],
      ["ĐIỆN BIÊN ĐÔNG", "Điện Biên Đông", "district"],
    ] as const) {
      await box.fill(q);
      const first = page.locator(".search-results button").first();
      await expect.poll(() => first.innerText(), { timeout: 10_000 }).toContain(expected);
      await first.click();
      await settle(page);
      const state = await page.evaluate(() => window.__explorer!.state);
      const unit = await page.evaluate(
        (id) =>
          fetch(`/api/explorer/units?unit=${id}&structure=pre2025`)
            .then((r) => r.json())
            .then((j: { units: { id: string; name: string; level: string }[] }) => j.units.find((u) => u.id === id)),
        state.unit,
      );
      expect(unit?.name, q).toBe(expected);
      expect(unit?.level).toBe(level);
      expect(new URL(page.url()).searchParams.get("unit")).toBe(state.unit);
      await expect.poll(() => page.getByTestId("details").locator("h2").innerText()).toContain(expected);
      // Zoomed to it: its focus outline is drawn, and no other.
      expect(
        (await rendered(page, subIds("focus"))).map((f) => f.id),
        q,
      ).toEqual([state.unit]);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-search.png") });
    // "Điện Biên Đông" is in the breadcrumb after the last search.
    expect(await page.locator(".breadcrumb").innerText()).toContain("Điện Biên Đông");
    await page.context().close();
  });

  it("a click on a commune drills down to it: focus, breadcrumb and the map fitted to its bbox", async () => {
    const page = await newPage();
    await open(page, "unit=p-11&structure=post2025&level=commune&layers=");
    const units = await page.evaluate(() =>
      fetch("/api/explorer/units?unit=p-11&structure=post2025")
        .then((r) => r.json())
        .then((j: { units: { id: string; name: string; level: string; labelLon: number; labelLat: number; bbox: [number, number, number, number] }[] }) =>
          j.units.filter((u) => u.level === "commune"),
        ),
    );
    const bounds = () => page.evaluate(() => window.__gapmap!.map.getBounds().toArray().flat() as [number, number, number, number]);
    const provinceView = await bounds();
    // A commune whose label point is on the canvas (not under a control) and hits only that commune.
    const target = await page.evaluate((communes) => {
      const map = window.__gapmap!.map;
      const canvas = map.getCanvas();
      const box = canvas.getBoundingClientRect();
      for (const u of communes) {
        const p = map.project([u.labelLon, u.labelLat]);
        if (p.x < 40 || p.y < 40 || p.x > box.width - 40 || p.y > box.height - 40) continue;
        if (document.elementFromPoint(box.left + p.x, box.top + p.y) !== canvas) continue;
        const hit = map.queryRenderedFeatures([p.x, p.y], { layers: ["commune-fill"] });
        if (hit.length > 0 && hit.every((h) => String(h.properties.id) === u.id))
          return { id: u.id, name: u.name, bbox: u.bbox, x: box.left + p.x, y: box.top + p.y };
      }
      return null;
    }, units);
    expect(target, "a commune to click").not.toBeNull();
    // The fit animates (600 ms): wait for its end, or 5 s (no move at all then fails below).
    const moved = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          window.__gapmap!.map.once("moveend", () => resolve());
          setTimeout(resolve, 5000);
        }),
    );
    await page.mouse.click(target!.x, target!.y);
    await moved;
    await settle(page);
    expect(await page.evaluate(() => window.__explorer!.state.unit)).toBe(target!.id);
    expect(await page.locator(".breadcrumb").innerText()).toContain(target!.name);
    await expect.poll(() => page.getByTestId("details").locator("h2").innerText()).toContain(target!.name);
    expect((await rendered(page, subIds("focus"))).map((f) => f.id)).toEqual([target!.id]);
    // The map now shows the commune: its bbox is inside the view, and the view is not much larger
    // than the bbox (fitBounds with 48 px padding), nor is it still the province view.
    const [w, s, e, n] = await bounds();
    const [bw, bs, be, bn] = target!.bbox;
    const slack = 1e-6;
    expect(w).toBeLessThanOrEqual(bw + slack);
    expect(s).toBeLessThanOrEqual(bs + slack);
    expect(e).toBeGreaterThanOrEqual(be - slack);
    expect(n).toBeGreaterThanOrEqual(bn - slack);
    const fill = Math.max((be - bw) / (e - w), (bn - bs) / (n - s));
    expect(fill, "the bbox fills most of the view in one dimension").toBeGreaterThan(0.5);
    expect(e - w).toBeLessThan((provinceView[2] - provinceView[0]) * 0.9);
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-click-commune.png") });
    await page.context().close();
  });

  it("opening a saved link reproduces the view; the link the page writes opens the same view", async () => {
    const link =
      "v=1&unit=c19-03211&structure=pre2025&ind=reason_no_signal&method=equal&k=4&level=hamlet&layers=signal-status,coverage-4g,labels&op=viettel&tech=4g&f=no4g&act=70&date=2023-06-30&at=103.2,21.3,9.5";
    const page = await newPage();
    await open(page, link);
    const expected = parseViewState(new URLSearchParams(link));
    const state = await page.evaluate(() => window.__explorer!.state);
    expect({ ...state, at: undefined }).toEqual({ ...expected, at: undefined });
    const pos = await page.evaluate(() => {
      const m = window.__gapmap!.map;
      return [m.getCenter().lng, m.getCenter().lat, m.getZoom()];
    });
    expect(pos[0]).toBeCloseTo(103.2, 3);
    expect(pos[1]).toBeCloseTo(21.3, 3);
    expect(pos[2]).toBeCloseTo(9.5, 2);
    // The controls show it.
    expect(await page.locator('select[name="indicator"]').inputValue()).toBe("reason_no_signal");
    expect(await page.locator('select[name="method"]').inputValue()).toBe("equal");
    expect(await page.locator('select[name="operator"]').inputValue()).toBe("viettel");
    expect(await page.locator('input[name="filter-no4g"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="act"]').inputValue()).toBe("70");
    expect(await page.locator('input[name="layer-coverage-4g"]').isChecked()).toBe(true);
    expect(await page.getByTestId("date-value").innerText()).toBe("30/06/2023");
    const colours = await page.evaluate(() => JSON.stringify([...window.__explorer!.view!.hamletStates].sort()));
    const written = new URL(page.url()).search;
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-link-1.png") });
    await page.context().close();

    // The page's own link, opened afresh, gives the same state and the same colours.
    const again = await newPage();
    await open(again, written.slice(1));
    expect(await again.evaluate(() => window.__explorer!.state)).toEqual(parseViewState(new URLSearchParams(written)));
    expect(await again.evaluate(() => JSON.stringify([...window.__explorer!.view!.hamletStates].sort()))).toBe(colours);
    await again.screenshot({ path: path.join(SCREENSHOTS, "explorer-link-2.png") });
    await again.context().close();

    // The map page's old link still opens, with defaults for the rest.
    const old = await newPage();
    await open(old, "unit=p-11&structure=post2025");
    expect(await old.evaluate(() => window.__explorer!.state.ind)).toBe("activation_rate");
    await old.context().close();
  });

  it("changing the date refetches attributes only and recolours; comparing two dates uses the diverging palette", async () => {
    const page = await newPage();
    const requests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/")) requests.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    await open(page, "unit=p-11&structure=post2025&date=2022-08-25&layers=");
    const before = await page.evaluate(() => JSON.stringify([...window.__explorer!.view!.hamletStates]));
    expect(await page.getByTestId("date-value").innerText()).toBe("25/08/2022");
    requests.length = 0;
    await page.locator('select[name="dateSelect"]').selectOption("2024-06-30");
    await settle(page);
    expect(await page.getByTestId("date-value").innerText()).toBe("30/06/2024");
    expect(await page.evaluate(() => window.__explorer!.dataDate)).toBe("2024-06-30");
    expect(await page.evaluate(() => JSON.stringify([...window.__explorer!.view!.hamletStates]))).not.toBe(before);
    expect(requests.filter((r) => !r.startsWith("/api/explorer/attributes") && !r.startsWith("/api/explorer/history"))).toEqual([]);
    expect(requests.some((r) => r.includes("date=2024-06-30"))).toBe(true);
    expect(new URL(page.url()).searchParams.get("date")).toBe("2024-06-30");
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-date.png") });

    await page.locator('input[name="compare"]').check();
    await page.locator('select[name="cmp"]').selectOption("2022-08-25");
    await settle(page);
    const view = await page.evaluate(() => ({
      comparing: window.__explorer!.view!.comparing,
      colours: [...window.__explorer!.view!.classes.colours],
      breaks: window.__explorer!.view!.classes.breaks,
    }));
    expect(view.comparing).toBe(true);
    expect(DIVERGING_PuOr as Record<number, readonly string[]>).toHaveProperty(String(view.colours.length));
    expect(view.breaks[0]).toBeCloseTo(-view.breaks[view.breaks.length - 1]!, 9);
    expect(await page.locator(".legend").innerText()).toContain("Thay đổi từ 25/08/2022 đến 30/06/2024");
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-compare.png") });
    await page.context().close();
  });

  it("exports a PNG with title, date, legend, scale and attribution", async () => {
    const page = await newPage(1400, 900);
    await open(page, `${DBD}&f=no4g&act=60&layers=signal-status,coverage-4g,labels`);
    const download = page.waitForEvent("download", { timeout: 60_000 });
    await page.getByRole("button", { name: "Tải ảnh bản đồ (PNG)" }).click();
    const file = await (await download).path();
    const bytes = new Uint8Array(await readFile(file));
    await writeFile(path.join(SCREENSHOTS, "explorer-export.png"), bytes);
    const png = decodePng(bytes);
    const mapBox = await page.evaluate(() => {
      const r = window.__gapmap!.map.getContainer().getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height) };
    });
    expect(png.width).toBe(mapBox.w + 300);
    expect(png.height).toBeGreaterThan(mapBox.h + 64);
    // Not blank: many colours in the map area; the legend column holds the classes' colours.
    const colourAt = (x: number, y: number) => {
      const i = (y * png.width + x) * 4;
      return `#${[0, 1, 2].map((k) => png.rgba[i + k]!.toString(16).padStart(2, "0")).join("")}`;
    };
    const mapColours = new Set<string>();
    for (let y = 80; y < 64 + mapBox.h; y += 7) for (let x = 0; x < mapBox.w; x += 7) mapColours.add(colourAt(x, y));
    expect(mapColours.size).toBeGreaterThan(50);
    const legendColours = new Set<string>();
    for (let y = 64; y < png.height; y++) for (let x = mapBox.w; x < png.width; x++) legendColours.add(colourAt(x, y));
    const classes = await page.evaluate(() => [...window.__explorer!.view!.classes.colours]);
    for (const c of classes) expect(legendColours, `legend shows ${c}`).toContain(c.toLowerCase());
    await page.context().close();
  });

  it("labels render offline with Vietnamese diacritics in the shipped Noto Sans", async () => {
    const page = await newPage();
    const fontRequests: string[] = [];
    page.on("request", (r) => {
      if (/\.(woff2?|ttf|otf|pbf)(\?|$)/.test(r.url())) fontRequests.push(r.url());
    });
    await open(page, "unit=d-101&structure=pre2025&layers=labels,hamlet-labels");
    const fontsOk = await page.evaluate(
      () =>
        document.fonts.check('16px "Noto Sans"', "Điện Biên Đông") &&
        [...document.fonts].some((f) => f.family.replace(/"/g, "") === "Noto Sans" && f.status === "loaded"),
    );
    expect(fontsOk).toBe(true);
    expect(fontRequests.length).toBeGreaterThan(0);
    expect(fontRequests.every((u) => new URL(u).hostname === "127.0.0.1")).toBe(true);
    const style = await page.evaluate(() => window.__gapmap!.map.getStyle());
    expect(style.glyphs).toBeUndefined();
    await jump(page, await dbdCentre(page), 9.6);
    const names = await page.evaluate(() => window.__gapmap!.map.queryRenderedFeatures({ layers: ["labels"] }).map((f) => String(f.properties.name)));
    expect(names).toContain("Điện Biên Đông");
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-labels.png") });
    await page.context().close();
  });

  it("answers the issue's question from the map: hamlets of Điện Biên Đông without 4G and below 60 % activation", async () => {
    const page = await newPage(1400, 1000);
    await open(page, "unit=p-11&structure=post2025");
    // Clicks: structure pre-2025 → search "dien bien dong" → pick the district → date 30/06/2023 → no 4G → activation below 60.
    await page.locator('input[name="structure"][value="pre2025"]').check();
    await settle(page);
    await page.getByLabel("Tìm bản, xã, huyện theo tên hoặc mã").fill("dien bien dong");
    await page.locator('.search-results button[data-unit="d-101"]').click();
    await page.locator('select[name="dateSelect"]').selectOption("2023-06-30");
    await page.locator('input[name="filter-no4g"]').check();
    await page.locator('input[name="act"]').fill("60");
    await page.locator('input[name="layer-coverage-4g"]').check();
    await settle(page);
    await page.waitForTimeout(800); // the fit animation
    await settle(page);
    const summary = await page.getByTestId("filter-summary").innerText();
    const names = await page.locator(".filter-list li").allInnerTexts();
    const shot = path.join(SCREENSHOTS, "explorer-answer-dbd.png");
    await page.screenshot({ path: shot });
    await writeFile(path.join(SCREENSHOTS, "explorer-answer-dbd.txt"), `${page.url()}\n\n${summary}\n\n${names.join("\n")}\n`);
    console.log(`[done-when] ${page.url()}\n${summary}\n${names.join("; ")}`);
    expect(new URL(page.url()).searchParams.get("unit")).toBe("d-101");
    expect(names.length).toBeGreaterThan(0);
    await page.context().close();
  });
});

import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { HAMLET_POLYGON_MIN_ZOOM } from "@/app/_map/layers/paint";

const LAYER = { hamletCircle: "hamlet-circle", hamletFill: "hamlet-fill" } as const;
import { SCREENSHOTS, setupE2E, watchPage } from "./support/harness";

// Needs `npx next build` first. Screenshots go to tests/e2e/screenshots/ (git-ignored): look at them.
const LEGEND_TITLE_VI = "Tỷ lệ kích hoạt (đã kích hoạt / đủ điều kiện)";
const LEGEND_TITLE_EN = "Activation rate (activated / eligible)";
const SYNTHETIC_NOTICE = "Dữ liệu minh họa tổng hợp (giả lập), hiệu chỉnh theo số liệu đã công bố — không phải số liệu thật";
const SYNTHETIC_NOTICE_EN = "Synthetic illustrative data (simulated), calibrated to published figures — not real figures";

const e2e = setupE2E({ name: "map" });

describe("map page", () => {
  it("draws hamlets coloured by activation rate with boundaries, legend and notice, offline; a click shows the hamlet's details", async () => {
    const page = await newPage();
    const { external, pageErrors } = watchPage(page);
    await page.goto(`${e2e.app.url}/`);
    await waitForMap(page);

    // Fitted to the province, zoomed out: hamlets are circles at their label points.
    const overview = await renderedHamlets(page, LAYER.hamletCircle, "circle-color");
    expect(overview.zoom).toBeLessThan(HAMLET_POLYGON_MIN_ZOOM);
    expect(overview.count).toBeGreaterThan(100);
    expect(overview.colours.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator(".legend").getByText(LEGEND_TITLE_VI).isVisible()).toBe(true);
    expect(await page.getByText(SYNTHETIC_NOTICE).isVisible()).toBe(true);
    expect(await page.locator(".legend").getByText("Không có dữ liệu").isVisible()).toBe(true);
    expect(await page.locator(".maplibregl-ctrl-attrib").innerText()).toContain("censusVN2009");
    await page.screenshot({ path: path.join(SCREENSHOTS, "map-overview.png") });

    // A large viewport at the polygon zoom shows the whole province as filled hamlet polygons.
    await page.setViewportSize({ width: 1500, height: 1500 });
    await page.evaluate(
      ({ zoom }) => {
        const map = window.__gapmap!.map;
        map.resize();
        map.jumpTo({ center: map.getCenter(), zoom });
      },
      { zoom: HAMLET_POLYGON_MIN_ZOOM },
    );
    const polygons = await renderedHamlets(page, LAYER.hamletFill, "fill-color");
    expect(polygons.count).toBeGreaterThan(100);
    expect(polygons.colours.length).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, "map-hamlets.png") });

    // Click hamlets at their label points (inside their polygons, not under the legend or a control).
    const targets = await page.evaluate(
      async ({ layer }) => {
        const map = window.__gapmap!.map;
        // Label points (interior points) of the hamlets, from the unit tree.
        const tree = (await (await fetch("/api/explorer/units?unit=p-11&structure=post2025")).json()) as {
          units: { id: string; labelLon: number; labelLat: number }[];
        };
        const label = new Map(tree.units.map((u) => [u.id, [u.labelLon, u.labelLat] as [number, number]]));
        const canvas = map.getCanvas();
        const box = canvas.getBoundingClientRect();
        const found = new Map<string, { x: number; y: number; name: string }>();
        for (const f of map.queryRenderedFeatures({ layers: [layer] })) {
          const id = String(f.properties.id);
          const at = label.get(id);
          if (!at) continue;
          const p = map.project(at);
          if (found.has(id) || document.elementFromPoint(box.left + p.x, box.top + p.y) !== canvas) continue;
          const hit = map.queryRenderedFeatures([p.x, p.y], { layers: [layer] });
          if (hit.length > 0 && hit.every((h) => String(h.properties.id) === id)) {
            found.set(id, { x: box.left + p.x, y: box.top + p.y, name: String(f.properties.name) });
          }
        }
        // The first, then the one farthest from it, so that the first popup cannot cover the second.
        const [first, ...rest] = [...found.values()];
        if (!first) return [];
        const far = rest.sort((a, b) => Math.hypot(b.x - first.x, b.y - first.y) - Math.hypot(a.x - first.x, a.y - first.y));
        return far[0] ? [first, far[0]] : [first];
      },
      { layer: LAYER.hamletFill },
    );
    expect(targets.length).toBe(2);
    // A click puts the hamlet in focus: the details panel shows its name and its funnel.
    for (const target of targets) {
      await page.mouse.click(target.x, target.y);
      const details = page.getByTestId("details");
      await expect.poll(() => details.locator("h2").innerText(), { timeout: 10_000 }).toContain(target.name);
      expect(await details.innerText()).toContain("Đã kích hoạt");
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, "map-details.png") });

    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it("is in English with ?lang=en: the page language, the legend and the notice, and the map is drawn", async () => {
    const page = await newPage();
    await page.goto(`${e2e.app.url}/?lang=en`);
    await page.locator(".legend").getByText(LEGEND_TITLE_EN).waitFor({ state: "visible", timeout: 60_000 });
    await waitForMap(page);
    const drawn = await renderedHamlets(page, LAYER.hamletCircle, "circle-color");
    await page.screenshot({ path: path.join(SCREENSHOTS, "map-en.png") });
    expect(drawn.count).toBeGreaterThan(100);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.locator(".legend").getByText(LEGEND_TITLE_EN).isVisible()).toBe(true);
    expect(await page.locator(".legend").getByText("No data", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(SYNTHETIC_NOTICE_EN).isVisible()).toBe(true);
    expect(await page.getByText(LEGEND_TITLE_VI).count()).toBe(0);
    expect(await page.getByText(SYNTHETIC_NOTICE).count()).toBe(0);
    await page.context().close();
  });

  it("serves a robots.txt that keeps every crawler out, and the icon the page links to", async () => {
    const robots = await fetch(`${e2e.app.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get("content-type")).toMatch(/^text\/plain/);
    const lines = (await robots.text()).split("\n").map((l) => l.trim());
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain("Disallow: /");

    const html = await (await fetch(`${e2e.app.url}/`)).text();
    const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
    expect(href, "the page links an icon").toBeTruthy();
    const icon = await fetch(new URL(href!, e2e.app.url));
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toContain("<svg");
  });

  it("answers a bad hamlets query with 400 and issues naming the parameter", async () => {
    const res = await e2e.app.fetch(`/api/hamlets?unit=%3Cscript%3E&structure=nope`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(typeof body.error).toBe("string");
    expect(body.issues.some((i) => i.path.split(".").includes("structure"))).toBe(true);
  });
});

async function newPage(): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** Waits until the island has added its sources and drawn (window.__gapmap.ready), then for an idle map. */
async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__gapmap?.ready === true && !!window.__explorer?.view && !window.__explorer.loading, null, { timeout: 60_000 });
  await idle(page);
}

async function idle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const map = window.__gapmap!.map;
    map.triggerRepaint();
    await new Promise((resolve) => map.once("idle", resolve));
  });
}

/** Distinct hamlets drawn by a layer (a feature cut by tile edges comes back once per tile) and their colours. */
async function renderedHamlets(page: Page, layer: string, colourProperty: string) {
  await idle(page);
  return page.evaluate(
    ({ layer, colourProperty }) => {
      const map = window.__gapmap!.map;
      const features = map.queryRenderedFeatures({ layers: [layer] });
      const ids = new Set(features.map((f) => String(f.properties.id)));
      // The class colour is the feature's state (the layer's paint reads it; see app/_map/feature-state.ts).
      void colourProperty;
      const colours = new Set(features.map((f) => JSON.stringify((f.state as Record<string, unknown>).colour ?? null)));
      return { zoom: map.getZoom(), count: ids.size, colours: [...colours] };
    },
    { layer, colourProperty },
  );
}

// The explorer page in a browser test: opening it, waiting for an idle map, and the long-task
// measurement of switching indicators and filters (tests/e2e/explorer-perf.sequential.test.ts).
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { SCREENSHOTS } from "./harness";

/** A page of its own context that records main-thread long tasks from its first moment. */
export async function newExplorerPage(browser: Browser, width = 1400, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    } catch {
      // no longtask support: the test that reads it fails loudly
    }
  });
  return page;
}

/** Opens the explorer with a query string and waits until its data are in and the map is idle. */
export async function openExplorer(page: Page, appUrl: string, query: string): Promise<void> {
  await page.goto(`${appUrl}/?${query}`);
  await page.waitForFunction(() => window.__gapmap?.ready === true && !!window.__explorer?.view && !window.__explorer.loading, null, { timeout: 90_000 });
  await settle(page);
}

/** Lets React apply the state to the map, then waits for an idle map. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !!window.__explorer?.view && !window.__explorer.loading, null, { timeout: 60_000 });
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const map = window.__gapmap!.map;
    map.triggerRepaint();
    await new Promise((resolve) => map.once("idle", resolve));
  });
}

/**
 * Opens the province view (Điện Biên, 1,448 hamlets), then records main-thread long tasks
 * (PerformanceObserver "longtask", from newPage) during 5 idle repaints, then while switching 5
 * indicators and toggling filters; and the explorer's own work (performance.measure "gapmap:*").
 */
export async function measureSwitching(page: Page, appUrl: string, label: string) {
  await openExplorer(page, appUrl, "unit=p-11&structure=post2025&date=2023-06-30");
  const transfer = await page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((e) => e.name.includes("/api/"))
      .map((e) => ({ url: new URL(e.name).pathname, bytes: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize })),
  );
  const total = transfer.reduce((s, e) => s + e.bytes, 0);
  const renderer = await page.evaluate(() => {
    const canvas = window.__gapmap!.map.getCanvas();
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl"))!;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  });
  const longTasks = () => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));
  const measures = () =>
    page.evaluate(() => {
      const m = performance
        .getEntriesByType("measure")
        .filter((e) => e.name.startsWith("gapmap:"))
        .map((e) => ({ name: e.name, ms: e.duration }));
      performance.clearMeasures();
      return m;
    });
  await page.waitForTimeout(1000);
  await longTasks();
  await measures();

  // The floor of this browser: a map frame with nothing changed.
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => window.__gapmap!.map.triggerRepaint());
    await settle(page);
  }
  const baseline = await longTasks();

  const steps: string[] = [];
  for (const ind of ["received_rate", "level2_rate", "reason_no_signal", "to_reach", "activation_rate"]) {
    await page.locator('select[name="indicator"]').selectOption(ind);
    await settle(page);
    steps.push(`indicator ${ind}`);
  }
  for (const f of ["no4g", "nogrid"]) {
    await page.locator(`input[name="filter-${f}"]`).check();
    await settle(page);
    steps.push(`filter ${f}`);
  }
  await page.locator('input[name="act"]').fill("60");
  await settle(page);
  await page.locator('input[name="act"]').fill("");
  await page.locator('input[name="filter-no4g"]').uncheck();
  await settle(page);
  const tasks = await longTasks();
  const work = await measures();
  await page.screenshot({ path: path.join(SCREENSHOTS, `explorer-perf-${label}.png`) });
  // The observer does see long tasks in this browser: a 120 ms busy loop is reported.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          const t0 = performance.now();
          while (performance.now() - t0 < 120);
          setTimeout(resolve, 200);
        }, 0),
      ),
  );
  const probe = Math.max(0, ...(await longTasks()));
  await page.context().close();
  return { transfer, total, renderer, baseline, steps, tasks, max: Math.max(0, ...tasks), work, maxWork: Math.max(0, ...work.map((w) => w.ms)), probe };
}

import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PRIORITY_LAYER_IDS } from "@/app/_map/layers/priorities";
import { TELECOM_LAYER_IDS } from "@/app/_map/layers/telecom";
import { SCREENSHOTS, setupE2E } from "./support/harness";

// Needs `npm run build` first. Screenshots go to tests/e2e/screenshots/ (git-ignored): look at them.
const DBD = "unit=d-101&structure=pre2025&date=2023-11-06";

const e2e = setupE2E({ name: "gap" });

describe("priorities page", () => {
  it("moving a weight slider reorders the table, and the map's highlight follows the table's page", async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${e2e.app.url}/priorities?${DBD}&preset=mobileTeams`);
    await waitForMap(page, "__gapmapPriorities");

    const before = await tableIds(page);
    expect(before).toHaveLength(20);
    expect(await ranks(page)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await highlighted(page, PRIORITY_LAYER_IDS.page)).toEqual([...before].sort());
    expect(await page.getByRole("button", { name: "Tổ lưu động" }).getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: path.join(SCREENSHOTS, "priorities-mobile-teams.png") });

    // Distance 3 → -5 with the keyboard, as a person would: hamlets near the commune centre now come first.
    const slider = page.getByTestId("weight-distance");
    await slider.focus();
    await page.keyboard.press("Home");
    expect(await slider.inputValue()).toBe("-5");
    await page.waitForFunction((ids) => {
      const now = [...document.querySelectorAll("[data-testid=ranking-table] tbody tr")].map((tr) => tr.getAttribute("data-id"));
      return now.join() !== ids.join();
    }, before);
    const after = await tableIds(page);
    expect(after).toHaveLength(20);
    expect(after).not.toEqual(before);
    expect(await ranks(page)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The preset is no longer selected, the URL carries the custom weights, and the label shows the inverse factor.
    expect(await page.getByRole("button", { name: "Tổ lưu động" }).getAttribute("aria-pressed")).toBe("false");
    expect(new URL(page.url()).searchParams.get("w")).toContain("distance:-5");
    await page.getByText("Gần trung tâm xã").first().waitFor();
    // The map's highlight follows: exactly the new page's hamlets are ringed.
    expect(await highlighted(page, PRIORITY_LAYER_IDS.page)).toEqual([...after].sort());
    await page.screenshot({ path: path.join(SCREENSHOTS, "priorities-distance-negative.png") });

    // Selecting a row rings it on the map and explains its score; the contributions add up to it.
    await page.locator(`[data-testid=ranking-table] tbody tr[data-id="${after[3]}"] button`).click();
    expect(await highlighted(page, PRIORITY_LAYER_IDS.selected)).toEqual([after[3]]);
    const details = page.getByTestId("details-panel");
    await details.waitFor();
    const contributions = await page.$$eval("[data-testid=explanation-table] tbody td.contribution-cell .num", (els) =>
      els.map((e) => Number(e.textContent!.replace(",", "."))),
    );
    const total = Number((await page.locator("[data-testid=explanation-table] tfoot td").innerText()).replace(",", "."));
    expect(contributions).toHaveLength(8);
    expect(Math.abs(contributions.reduce((a, b) => a + b, 0) - total)).toBeLessThan(0.006);
    await page.screenshot({ path: path.join(SCREENSHOTS, "priorities-selected.png") });

    // Clicking a hamlet on the map selects it in the table.
    const target = await page.evaluate((layer) => {
      const map = window.__gapmapPriorities!.map;
      const f = map.queryRenderedFeatures({ layers: [layer] }).find((x) => x.properties.rank > 1 && x.properties.rank <= 20)!;
      const p = map.project((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
      const box = map.getCanvas().getBoundingClientRect();
      return { id: String(f.properties.id), x: box.left + p.x, y: box.top + p.y };
    }, PRIORITY_LAYER_IDS.page);
    await page.mouse.click(target.x, target.y);
    await page.locator(`[data-testid=ranking-table] tbody tr[aria-selected=true]`).waitFor();
    const selectedRow = await page.locator(`[data-testid=ranking-table] tbody tr[aria-selected=true]`).getAttribute("data-id");
    // Overlapping circles: the click may land on a neighbour drawn on top; it must be a hamlet of the map, selected in the table.
    expect(selectedRow).not.toBeNull();
    expect(await highlighted(page, PRIORITY_LAYER_IDS.selected)).toEqual([selectedRow]);

    // The Wi-Fi preset puts hamlets with fiber first: the top row changes again.
    await page.getByRole("button", { name: "Điểm Wi-Fi" }).click();
    await page.waitForFunction((first) => document.querySelector("[data-testid=ranking-table] tbody tr")?.getAttribute("data-id") !== first, after[0]);
    expect(await highlighted(page, PRIORITY_LAYER_IDS.page)).toEqual([...(await tableIds(page))].sort());
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("sorts, filters and paginates the table", async () => {
    const page = await newPage();
    await page.goto(`${e2e.app.url}/priorities?${DBD}`);
    await waitForMap(page, "__gapmapPriorities");
    await page.getByRole("button", { name: "Trang sau" }).click();
    expect(await ranks(page)).toEqual(Array.from({ length: 20 }, (_, i) => i + 21));
    expect(await highlighted(page, PRIORITY_LAYER_IDS.page)).toEqual([...(await tableIds(page))].sort());
    await page.locator('button[data-sort="remaining"]').click();
    const remaining = await page.$$eval("[data-testid=ranking-table] tbody tr td:nth-child(5)", (tds) =>
      tds.map((td) => Number(td.textContent!.replace(/\./g, ""))),
    );
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    await page.getByTestId("bottleneck-filter").selectOption("infrastructure");
    const status = await page.locator(".table-count").innerText();
    expect(status).toBe("40 bản");
    await page.getByTestId("bottleneck-filter").selectOption("");
    await page.getByTestId("hamlet-search").fill("hang pa");
    expect(await page.locator("[data-testid=ranking-table] tbody tr").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("[data-testid=ranking-table] tbody tr td:nth-child(2)").first().innerText()).toBe("Háng Pa");
    await page.context().close();
  });
});

describe("telecom page", () => {
  it("shows the province's 15 hamlets without 2G and 79 without 3G/4G on 15/09/2023; a dispute is kept and drawn on the map", async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${e2e.app.url}/telecom?unit=p-11&structure=pre2025&date=2023-09-15`);
    await waitForMap(page, "__gapmapTelecom");
    expect(await page.locator('[data-gap="no2g"] strong').innerText()).toBe("15");
    expect(await page.locator('[data-gap="noBroadband"] strong').innerText()).toBe("79");
    await page.screenshot({ path: path.join(SCREENSHOTS, "telecom-combined.png") });

    await page.getByRole("link", { name: "Viettel" }).click();
    await page.waitForURL(/op=viettel/);
    await waitForMap(page, "__gapmapTelecom");
    await page.getByTestId("gap-filter").selectOption("noBroadband");
    const first = page.locator("[data-testid=telecom-table] tbody tr").first();
    const id = (await first.getAttribute("data-id"))!;
    await first.locator("button").click();
    await page.getByTestId("review-dispute").click();
    await page.getByRole("textbox", { name: "Ghi chú" }).fill("Sóng 4G chập chờn ở cuối bản");
    await page.getByRole("button", { name: /Lưu/ }).click();
    await page.getByText("Đã lưu").waitFor();
    await page.getByTestId("review-history").getByText("Sóng 4G chập chờn ở cuối bản").waitFor();
    await page.locator(`[data-testid=telecom-table] tbody tr[data-id="${id}"] .review-status-disputed`).waitFor();
    await page.waitForFunction(() => window.__gapmapTelecom?.ready === true);
    await expect.poll(async () => highlighted(page, TELECOM_LAYER_IDS.disputed, "__gapmapTelecom"), { timeout: 20_000 }).toContain(id);
    await page.screenshot({ path: path.join(SCREENSHOTS, "telecom-disputed.png") });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

async function newPage(): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width: 1500, height: 1000 } });
  return context.newPage();
}

type MapKey = "__gapmapPriorities" | "__gapmapTelecom";

async function waitForMap(page: Page, key: MapKey): Promise<void> {
  await page.waitForFunction((k) => window[k as MapKey]?.ready === true, key, { timeout: 60_000 });
  await idle(page, key);
}

async function idle(page: Page, key: MapKey): Promise<void> {
  await page.evaluate(async (k) => {
    const map = window[k as MapKey]!.map;
    map.triggerRepaint();
    await new Promise((resolve) => map.once("idle", resolve));
  }, key);
}

const tableIds = (page: Page) => page.$$eval("[data-testid=ranking-table] tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-id")!));
const ranks = (page: Page) => page.$$eval("[data-testid=ranking-table] tbody tr td:first-child", (tds) => tds.map((td) => Number(td.textContent)));

/** Distinct hamlet ids a layer has drawn (what a person sees ringed), sorted. */
async function highlighted(page: Page, layer: string, key: MapKey = "__gapmapPriorities"): Promise<string[]> {
  await idle(page, key);
  return page.evaluate(
    ({ layer, k }) => {
      const map = window[k as MapKey]!.map;
      return [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.id)))].sort();
    },
    { layer, k: key },
  );
}

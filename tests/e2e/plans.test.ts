import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PLAN_LAYER_IDS } from "@/app/_map/layers/plans";
import { SCREENSHOTS, setupE2E, watchPage } from "./support/harness";

// Needs `npx next build` first. Screenshots (and the printed PDF) go to tests/e2e/screenshots/ (git-ignored): look at them.
const PLANS = "/plans?unit=d-101&structure=pre2025&date=2023-11-06";
/** Saving re-runs the planners on the server: allow for a loaded machine (expect.poll waits 1 s by default). */
const POLL = { timeout: 30_000, interval: 200 };

const e2e = setupE2E({ name: "plans" });

describe("plans page", () => {
  it("runs both planners on the demo: Wi-Fi sites with catchments and team routes on the map, tables, offline", async () => {
    const page = await newPage();
    const { external, pageErrors } = watchPage(page);
    await page.goto(`${e2e.app.url}${PLANS}`);
    await waitForDrawn(page, 1);

    expect(await page.getByTestId("plans-unit").innerText()).toContain("Điện Biên Đông");
    expect(await page.getByRole("link", { name: "Kế hoạch" }).isVisible()).toBe(true);
    const bound = await page.getByTestId("wifi-bound").innerText();
    expect(bound).toMatch(/^Kế hoạch này đạt ít nhất \d{1,3}(,\d)?\u00a0% mức tốt nhất có thể$/);
    const wifiRows = await page.locator("[data-testid=wifi-table] tbody tr").count();
    expect(wifiRows).toBe(5);
    const teamRows = await page.locator("[data-testid=teams-table] tbody tr:not(.day-total)").count();
    expect(teamRows).toBeGreaterThan(20);

    const drawn = await rendered(page);
    // every chosen site is drawn, each with its walking area; the base; hamlets of the district
    expect(drawn[PLAN_LAYER_IDS.wifi]!.ids).toBe(wifiRows);
    expect(drawn[PLAN_LAYER_IDS.catchments]!.ids).toBe(wifiRows);
    expect(drawn[PLAN_LAYER_IDS.base]!.count).toBeGreaterThanOrEqual(1);
    expect(drawn[PLAN_LAYER_IDS.hamlets]!.ids).toBeGreaterThan(150);
    // one route colour per team (3 teams), and as many day routes as team-days with visits
    expect(drawn[PLAN_LAYER_IDS.routes]!.colours).toHaveLength(3);
    expect(drawn[PLAN_LAYER_IDS.routes]!.count).toBeGreaterThanOrEqual(20);
    // hamlets visited are filled with their team's colour: the three route colours appear among hamlet fills
    for (const c of drawn[PLAN_LAYER_IDS.routes]!.colours) expect(drawn[PLAN_LAYER_IDS.hamlets]!.fills).toContain(c);
    await page.screenshot({ path: path.join(SCREENSHOTS, "plans-page.png"), fullPage: true });
    await page.locator(".plans-map").screenshot({ path: path.join(SCREENSHOTS, "plans-map.png") });
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("adds a candidate by clicking the map; the next run draws it", async () => {
    const page = await newPage();
    await page.goto(`${e2e.app.url}${PLANS}`);
    await waitForDrawn(page, 1);
    await page.getByRole("button", { name: "Thêm điểm ứng viên bằng cách bấm lên bản đồ" }).click();
    const box = (await page.locator(".plans-map").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.62, box.y + box.height * 0.4);
    await expect.poll(() => page.getByRole("list", { name: "Điểm ứng viên đã thêm" }).locator("li").count(), POLL).toBe(1);
    await page.getByRole("button", { name: "Lập kế hoạch" }).click();
    await waitForDrawn(page, 2);
    const added = await page.evaluate(
      (layer) => window.__plansMap!.map.queryRenderedFeatures({ layers: [layer] }).filter((f) => f.properties.added === true).length,
      PLAN_LAYER_IDS.candidates,
    );
    expect(added).toBe(1);
  });

  it("prints one A4 page per team, in Vietnamese, even from the English interface", async () => {
    const page = await newPage();
    await page.goto(`${e2e.app.url}${PLANS}&lang=en`);
    await waitForDrawn(page, 1);
    expect(await page.getByRole("heading", { name: "Wi-Fi points and mobile-team plans" }).isVisible()).toBe(true);
    expect(await page.locator(".print-page").first().isVisible()).toBe(false); // hidden on screen
    await page.emulateMedia({ media: "print" });
    const pages = page.locator(".print-page");
    expect(await pages.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await pages.nth(i).isVisible()).toBe(true);
      expect(await pages.nth(i).locator("h1").innerText()).toBe(`LỊCH TRÌNH TỔ LƯU ĐỘNG SỐ ${i + 1}`);
      expect(await pages.nth(i).locator("tbody tr").count()).toBeGreaterThan(5);
    }
    expect(await page.locator(".plans-form").isVisible()).toBe(false);
    expect(await page.locator(".topbar").isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, "plans-print.png"), fullPage: true });
    // The PDF Chromium prints: exactly one A4 page per team.
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    await writeFile(path.join(SCREENSHOTS, "plans-print.pdf"), pdf);
    const pdfPages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pdfPages).toHaveLength(3);
    const sizes = [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) expect(s).toEqual([595, 842]); // A4 in points
  });

  it("saves two scenarios and compares them side by side", async () => {
    const page = await newPage();
    await page.goto(`${e2e.app.url}${PLANS}`);
    await waitForDrawn(page, 1);
    await page.locator("input[name=scenarioName]").fill("Ba tổ, mười ngày");
    await page.getByRole("button", { name: "Lưu kịch bản" }).click();
    await expect.poll(() => page.getByTestId("scenario-list").locator("li").count(), POLL).toBe(1);
    await page.locator("input[name=teams]").fill("5");
    await page.locator("input[name=maxSites]").fill("8");
    await page.getByRole("button", { name: "Lập kế hoạch" }).click();
    await waitForDrawn(page, 2);
    await page.locator("input[name=scenarioName]").fill("Năm tổ, tám điểm Wi-Fi");
    await page.getByRole("button", { name: "Lưu kịch bản" }).click();
    await expect.poll(() => page.getByTestId("scenario-list").locator("li").count(), POLL).toBe(2);
    const compare = page.getByTestId("scenario-compare");
    await compare.waitFor();
    const headers = await compare.locator("thead th").allInnerTexts();
    expect(headers.slice(1).sort()).toEqual(["Ba tổ, mười ngày", "Năm tổ, tám điểm Wi-Fi"]);
    const siteRow = await compare.locator("tbody tr", { hasText: "Số điểm Wi-Fi" }).locator("td").allInnerTexts();
    expect(siteRow.sort()).toEqual(["5", "8"]);
    await expect.poll(() => compare.locator("svg .recharts-line").count(), POLL).toBe(2);
    await compare.screenshot({ path: path.join(SCREENSHOTS, "plans-compare.png") });
  });
});

async function newPage(): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "vi-VN" });
  return context.newPage();
}

/** Waits until the map has loaded and drawn `runs` planner results, then for an idle map. */
async function waitForDrawn(page: Page, runs: number): Promise<void> {
  await page.waitForFunction((n) => window.__plansMap?.ready === true && window.__plansMap.drawn >= n, runs, { timeout: 90_000 });
  await page.evaluate(async () => {
    const map = window.__plansMap!.map;
    map.triggerRepaint();
    await new Promise((resolve) => map.once("idle", resolve));
  });
}

/** Per layer: rendered features, distinct feature ids, and colours (line colour, circle fill). */
async function rendered(page: Page): Promise<Record<string, { count: number; ids: number; colours: string[]; fills: string[] }>> {
  return page.evaluate(
    (layers) => {
      const map = window.__plansMap!.map;
      const out: Record<string, { count: number; ids: number; colours: string[]; fills: string[] }> = {};
      for (const layer of layers) {
        const fs = map.queryRenderedFeatures({ layers: [layer] });
        const key = (f: (typeof fs)[number]) =>
          String(f.properties.id ?? f.properties.candidateId ?? f.properties.rank ?? `${f.properties.team}-${f.properties.date}`);
        const colour = (v: unknown) => {
          const c = v as { r: number; g: number; b: number } | undefined;
          return c
            ? `#${[c.r, c.g, c.b]
                .map((x) =>
                  Math.round(x * 255)
                    .toString(16)
                    .padStart(2, "0"),
                )
                .join("")}`
            : "";
        };
        out[layer] = {
          count: new Set(fs.map(key)).size,
          ids: new Set(fs.map(key)).size,
          colours: [...new Set(fs.map((f) => colour((f.layer.paint as Record<string, unknown>)["line-color"])).filter(Boolean))],
          fills: [...new Set(fs.map((f) => colour((f.layer.paint as Record<string, unknown>)["circle-color"])).filter(Boolean))],
        };
      }
      return out;
    },
    [PLAN_LAYER_IDS.wifi, PLAN_LAYER_IDS.catchments, PLAN_LAYER_IDS.base, PLAN_LAYER_IDS.hamlets, PLAN_LAYER_IDS.routes, PLAN_LAYER_IDS.candidates],
  );
}

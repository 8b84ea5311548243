import { writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { scenarios } from "@/db/schema";
import { briefingPdf } from "@/scripts/briefing-pdf";
import { REPO_ROOT, signIn } from "./support/app-server";
import { insertAccount } from "@/db/queries/accounts";
import { hashPassword } from "@/app/_auth/password";

const THANH_HOA = { email: "planner-p38@example.vn", password: "mat-khau-thanh-hoa-2025" };
import { setupE2E } from "./support/harness";
import { pdfImagesPerPage, pdfInfo, pdfPageTexts, pdfPageToPng } from "./support/pdf";
import { foreignMessagesOn } from "./support/untranslated";

// Needs `npx next build` first, Debian's chromium and poppler-utils. Screenshots and PDFs go to
// tests/e2e/screenshots/ (git-ignored): look at them.
const SCREENSHOTS = path.join(REPO_ROOT, "tests/e2e/screenshots");
const vi = (ns: "dashboard" | "briefing") => JSON.parse(readFileSync(path.join(REPO_ROOT, `app/_i18n/messages/vi/${ns}.json`), "utf8"));
const D = vi("dashboard");
const B = vi("briefing");
const SLIDE_TITLES: string[] = [B.slides.headline, B.slides.map, B.slides.priorities, B.slides.plan, B.slides.reasons, B.slides.changes];
const DASHBOARD_CHARTS = ["funnel", "progress", "rank-rate", "rank-remaining", "movers", "reasons", "infra"];
/** A saved plan for Na Son, in the shape app/_screens/briefing.ts summarisePlan reads. */
const PLAN = {
  name: "Kế hoạch thử Na Son",
  plan: {
    wifi: {
      sites: [
        { name: "Trường tiểu học Na Son", people: 212 },
        { name: "Nhà văn hóa bản Huổi Hoa", people: 97 },
      ],
    },
    teams: [{ name: "Tổ 1", days: [1, 2, 3], hamlets: 6, peopleServed: 180 }],
  },
};

const e2e = setupE2E({
  name: "progress",
  prepare: async (pgliteDir) => {
    // A saved scenario for Na Son, so that slide 4 has a plan to show (the app's own copy of the database).
    const o = await openDb({ pgliteDir, migrate: false });
    await o.db.insert(scenarios).values({ unitId: "c19-03205", structure: "pre2025", name: PLAN.name, plan: PLAN.plan });
    // A planner of Thanh Hóa (p-38), for the district Thường Xuân there (the demo planner sees only Điện Biên).
    await insertAccount({
      db: o.db,
      email: THANH_HOA.email,
      name: "Cán bộ kế hoạch Thanh Hóa (thử)",
      passwordHash: await hashPassword(THANH_HOA.password),
      binding: { role: "planner", unitId: "p-38", structure: "pre2025", operator: null, provinces: [] },
    });
    await o.close();
  },
});

describe("progress dashboard", () => {
  it("renders every chart for the province, with captions giving the date and the source", async () => {
    const page = await newPage(1400, 3200);
    const errors = watchErrors(page);
    await page.goto(`${e2e.app.url}/dashboard?unit=p-11&structure=pre2025&date=2023-09`);
    await expectCharts(page, DASHBOARD_CHARTS, "15/09/2023");
    const funnel = await page.locator('[data-chart="funnel"]').innerText();
    expect(funnel).toContain("374.051");
    expect(funnel).toContain("312.190");
    // 10 districts ranked; the target was met on a report before 15/09/2023.
    expect(await page.locator('[data-chart="rank-rate"] .recharts-bar-rectangle').count()).toBe(10);
    expect(await page.locator('[data-chart="progress"] [data-forecast="met"]').innerText()).toContain("Đã đạt chỉ tiêu thu nhận (357.950)");
    // People per bottleneck come from the gap analysis: drawn as bars, not the "not available" text.
    expect(await page.locator('[data-chart="bottlenecks"]').innerText()).not.toContain(D.noBottlenecks);
    expect(await page.locator('[data-chart="bottlenecks"] .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-province.png") });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("renders every chart for a commune, ranking its hamlets", async () => {
    const page = await newPage(1400, 3200);
    const errors = watchErrors(page);
    await page.goto(`${e2e.app.url}/dashboard?unit=c19-03205&structure=pre2025&date=2023-11-06`);
    await expectCharts(page, DASHBOARD_CHARTS, "06/11/2023");
    const hamlets = await page.locator(".progress-children tbody tr").count();
    expect(hamlets).toBeGreaterThan(3);
    expect(await page.locator('[data-chart="rank-remaining"] .recharts-bar-rectangle').count()).toBe(Math.min(15, hamlets));
    expect(await page.locator('[data-chart="rank-rate"] figcaption').innerText()).toContain(`${D.levels.hamlet} thuộc Xã Na Son`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-commune.png") });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("draws the forecast line and band when a target is not met yet (Thường Xuân, 20/11/2022)", async () => {
    const page = await newPage(1400, 1600, await signIn(e2e.app.url, THANH_HOA.email, THANH_HOA.password));
    await page.goto(`${e2e.app.url}/dashboard?unit=d-396&structure=pre2025&date=2022-11-20`);
    await expectCharts(page, ["progress"], "20/11/2022");
    const text = await page.locator('[data-chart="progress"] figcaption').innerText();
    expect(text).toMatch(/không đạt chỉ tiêu thu nhận trước hạn 31\/12\/2022/);
    expect(text).toContain("Cách tính: đường thẳng khớp");
    // Three lines (received, activated, forecast) and the band.
    expect(await page.locator('[data-chart="progress"] .recharts-line-curve').count()).toBe(3);
    expect(await page.locator('[data-chart="progress"] .recharts-area-area').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-forecast.png") });
    await page.context().close();
  });

  it("says what is wrong with a bad URL, and when the unit is not in the structure", async () => {
    const page = await newPage(1200, 800);
    await page.goto(`${e2e.app.url}/dashboard?unit=%3Cb%3E&date=2023-13`);
    const alert = await page.locator(".progress-problem").innerText();
    expect(alert).toContain("“unit”");
    expect(alert).toContain("“date”");
    // A unit that is not in the structure is, like one outside the viewer's scope, a page not found.
    const missing = await page.goto(`${e2e.app.url}/dashboard?unit=d-101&structure=post2025`);
    expect(missing?.status()).toBe(404);
    await page.context().close();
  });
});

describe("briefing mode", () => {
  it("goes through all six slides by keyboard, and Esc leaves for the dashboard", async () => {
    const page = await newPage(1366, 860);
    const errors = watchErrors(page);
    await page.goto(`${e2e.app.url}/briefing?unit=d-101&structure=pre2025&date=2023-11-06`);
    await page.waitForFunction(() => window.__briefing?.total === 6, null, { timeout: 60_000 });
    await waitForMaps(page);
    for (let k = 1; k <= 6; k++) {
      await expectSlide(page, k);
      await page.screenshot({ path: path.join(SCREENSHOTS, `briefing-slide-${k}.png`) });
      await page.keyboard.press("ArrowRight");
    }
    await expectSlide(page, 6); // stays on the last
    await page.keyboard.press("Home");
    await expectSlide(page, 1);
    await page.keyboard.press("End");
    await expectSlide(page, 6);
    await page.keyboard.press("ArrowLeft");
    await expectSlide(page, 5);
    await page.keyboard.press("PageUp");
    await expectSlide(page, 4);
    // Slide 1 shows the published figure (> 44,000 received); slide 3 ranks the top 10 hamlets with the
    // gap analysis, each with a bottleneck and a recommended action in Vietnamese.
    expect(numberIn((await page.locator('[data-slide="1"] [data-step="received"] .headline-value').textContent()) ?? "")).toBeGreaterThan(44_000);
    const top = page.locator('[data-slide="3"] tbody tr');
    expect(await top.count()).toBe(10);
    const actions = Object.values(B.actions) as string[];
    for (const row of await top.all()) expect(actions).toContain((await row.locator("td.text").last().textContent())?.trim());
    expect(await page.locator('[data-not-available="plan"]').textContent()).toBe(B.plan.notAvailable);
    await page.keyboard.press("Escape");
    await page.waitForURL(/\/dashboard\?unit=d-101&structure=pre2025&date=2023-11-06/, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows the unit's latest saved plan on slide 4", async () => {
    const page = await newPage(1366, 860);
    await page.goto(`${e2e.app.url}/briefing?unit=c19-03205&structure=pre2025&date=2023-11-06`);
    await page.waitForFunction(() => window.__briefing?.total === 6, null, { timeout: 60_000 });
    for (let k = 1; k < 4; k++) await page.keyboard.press("ArrowRight");
    await expectSlide(page, 4);
    const slide = await page.locator('[data-slide="4"]').innerText();
    expect(slide).toContain(PLAN.name);
    expect(slide).toContain("Trường tiểu học Na Son");
    expect(slide).toContain("212");
    await page.screenshot({ path: path.join(SCREENSHOTS, "briefing-plan.png") });
    await page.context().close();
  });

  it("prints an A4 PDF pack: 6 landscape pages, titles, page numbers, unit, date, synthetic label, maps as images", async () => {
    const file = path.join(SCREENSHOTS, "briefing-dien-bien-dong-2023-11.pdf");
    await writeFile(file, await briefingPdf(e2e.browser, { url: e2e.app.url, unit: "d-101", structure: "pre2025", date: "2023-11" }));
    const info = await pdfInfo(file);
    expect(info.pages).toBe(6);
    // A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt.
    expect(info.width).toBeCloseTo(841.9, 0);
    expect(info.height).toBeCloseTo(595.3, -1);
    const pages = await pdfPageTexts(file);
    expect(pages).toHaveLength(6);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(SLIDE_TITLES[i]);
      expect(text, `page ${i + 1}`).toContain(`Trang ${i + 1}/6`);
      expect(text, `page ${i + 1}`).toContain("Huyện Điện Biên Đông");
      expect(text, `page ${i + 1}`).toContain("06/11/2023");
      expect(text, `page ${i + 1}`).toContain(B.footer.synthetic);
      // Printed by the demo planner at the default threshold: exact counts, and the footer says so.
      expect(text, `page ${i + 1}`).toContain(B.footer.exactCounts);
    });
    // Headline: received > 44,000 (DBD-02), as printed on page 1.
    expect(receivedOnPage(pages[0]!)).toBeGreaterThan(44_000);
    // The two maps are raster images on page 2.
    expect((await pdfImagesPerPage(file)).get(2) ?? 0).toBeGreaterThanOrEqual(2);
    // Page 1 as a picture: landscape, with drawn content (not blank), saved to look at.
    const png = await pdfPageToPng(file, 1, path.join(SCREENSHOTS, "briefing-pdf-page1"));
    const stats = await imageStats(png);
    expect(stats.width / stats.height).toBeCloseTo(297 / 210, 1);
    expect(stats.inkShare).toBeGreaterThan(0.03);
    expect(stats.inkShare).toBeLessThan(0.6);
    expect(stats.colours).toBeGreaterThan(20);
  });

  it("prints the province pack at 2023-09 with the published 374,051 received and 312,190 activated", async () => {
    const file = path.join(SCREENSHOTS, "briefing-dien-bien-2023-09.pdf");
    await writeFile(file, await briefingPdf(e2e.browser, { url: e2e.app.url, unit: "p-11", structure: "pre2025", date: "2023-09-15" }));
    const pages = await pdfPageTexts(file);
    expect(pages).toHaveLength(6);
    expect(pages[0]).toContain("Tỉnh Điện Biên");
    expect(pages[0]).toContain("374.051");
    expect(pages[0]).toContain("312.190");
  });

  it('withholds counts below the chosen threshold in the pack (threshold 50 → "<50")', async () => {
    const file = path.join(SCREENSHOTS, "briefing-na-son-threshold-50.pdf");
    await writeFile(file, await briefingPdf(e2e.browser, { url: e2e.app.url, unit: "c19-03205", structure: "pre2025", date: "2023-11-06", threshold: 50 }));
    const text = (await pdfPageTexts(file)).join("\n");
    expect(text).toContain("<50");
    // A threshold chosen above 5 withholds for the planner too (app/_auth/counts.ts countsForView).
    expect(text).toContain("Số từ 1 đến 49 được ẩn (<50)");
    expect(text).not.toContain(B.footer.exactCounts);
    // Page 3's priority table: the people-remaining cell ending each ranked row is "<50" or at least 50.
    const page3 = (await pdfPageTexts(file))[2]!;
    const cells = [...page3.matchAll(/^\s*\d+ .+\s(\S+)\s*$/gm)].map((m) => m[1]!);
    expect(cells.length).toBeGreaterThan(3);
    for (const c of cells) expect(c === "<50" || numberIn(c) >= 50, c).toBe(true);
    expect(cells).toContain("<50");
  });
});

describe("no untranslated English in Vietnamese mode", () => {
  const PAGES = [
    "/",
    "/dashboard?unit=p-11&structure=pre2025&date=2023-09-15",
    "/dashboard?unit=c19-03205&structure=pre2025&date=2023-11-06",
    "/dashboard?unit=d-396&structure=pre2025&date=2022-11-20",
    "/dashboard?unit=nope",
    "/briefing?unit=d-101&structure=pre2025&date=2023-11-06",
    "/briefing?unit=c19-03205&structure=pre2025&date=2023-11-06",
  ];

  it.each(PAGES)("%s shows no English message", async (url) => {
    // Thường Xuân (Thanh Hóa) as the planner of Thanh Hóa; the rest as the demo planner of Điện Biên.
    const page = await newPage(1366, 900, url.includes("d-396") ? await signIn(e2e.app.url, THANH_HOA.email, THANH_HOA.password) : undefined);
    await page.goto(`${e2e.app.url}${url}${url.includes("?") ? "&" : "?"}lang=vi`);
    await settle(page, url);
    expect(await foreignMessagesOn(page, "en")).toEqual([]);
    await page.context().close();
  });

  it("the check can fail: the same pages in English do show English messages", async () => {
    const page = await newPage(1366, 900);
    await page.goto(`${e2e.app.url}/briefing?unit=d-101&structure=pre2025&date=2023-11-06&lang=en`);
    await settle(page, "/briefing");
    const found = await foreignMessagesOn(page, "en");
    expect(found.some((f) => f.startsWith("briefing.slides.headline:"))).toBe(true);
    expect(found.some((f) => f.startsWith("dashboard.steps.received:"))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "briefing-en.png") });
    await page.context().close();
  });
});

async function newPage(width: number, height: number, cookie?: string): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width, height } });
  if (cookie) {
    // Another account than the harness's: its session cookie instead.
    await context.clearCookies();
    const eq = cookie.indexOf("=");
    await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: e2e.app.url, httpOnly: true, sameSite: "Lax" }]);
  }
  return context.newPage();
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Each chart has an SVG with drawn marks and a caption naming the as-of date and the source. */
async function expectCharts(page: Page, ids: string[], date: string) {
  for (const id of ids) {
    const fig = page.locator(`figure[data-chart="${id}"]`);
    await fig.locator("svg.recharts-surface").first().waitFor({ state: "visible", timeout: 60_000 });
    const marks = await fig.locator(".recharts-bar-rectangle, .recharts-line-curve").count();
    expect(marks, `${id}: drawn marks`).toBeGreaterThan(0);
    const caption = await fig.locator("figcaption").innerText();
    expect(caption, `${id}: caption date`).toContain(date);
    expect(caption, `${id}: caption source`).toContain("Nguồn:");
  }
}

async function expectSlide(page: Page, k: number) {
  await page.waitForFunction((k) => window.__briefing?.slide === k, k, { timeout: 10_000 });
  const visible = await page
    .locator(".slide")
    .evaluateAll((els) => els.filter((e) => getComputedStyle(e).visibility === "visible").map((e) => e.getAttribute("data-slide")));
  expect(visible).toEqual([String(k)]);
  expect(await page.locator(`[data-slide="${k}"] h2`).first().innerText()).toBe(SLIDE_TITLES[k - 1]);
}

async function waitForMaps(page: Page) {
  await page.waitForFunction(() => window.__briefingMaps?.activation === "image" && window.__briefingMaps?.infra === "image", null, { timeout: 90_000 });
}

async function settle(page: Page, url: string) {
  if (url === "/") await page.waitForFunction(() => window.__gapmap?.ready === true, null, { timeout: 60_000 });
  else if (url.startsWith("/briefing")) await waitForMaps(page);
  else await page.waitForLoadState("networkidle");
}

/** "44.126" → 44126 (vi-VN thousands separator). */
function numberIn(text: string): number {
  return Number(text.replace(/[^\d]/g, ""));
}

/** The received count on the headline page: the number under the card titled "Đã thu nhận hồ sơ". */
function receivedOnPage(text: string): number {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.includes("Đã thu nhận hồ sơ"));
  const col = lines[i]!.indexOf("Đã thu nhận hồ sơ");
  for (const l of lines.slice(i + 1)) {
    const m = /^\s*(\d{1,3}(\.\d{3})+)/.exec(l.slice(col));
    if (m) return numberIn(m[1]!);
  }
  return NaN;
}

/** Size, share of non-white pixels and number of distinct colours of a PNG, read by the browser. */
async function imageStats(file: string) {
  const page = await newPage(800, 600);
  const data = `data:image/png;base64,${readFileSync(file).toString("base64")}`;
  const stats = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i]! < 240 || px[i + 1]! < 240 || px[i + 2]! < 240) ink++;
      colours.add((px[i]! >> 4) * 256 + (px[i + 1]! >> 4) * 16 + (px[i + 2]! >> 4));
    }
    return { width: c.width, height: c.height, inkShare: ink / (px.length / 4), colours: colours.size };
  }, data);
  await page.context().close();
  return stats;
}

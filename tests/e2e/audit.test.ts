// In a browser: the demo planner of Điện Biên writes (a coverage review, through the API with their
// session), then opens /audit and sees that row, filtered by action; the CSV link carries the
// filters. (Who may read which rows is tested in tests/api/audit-log.test.ts.) Needs `npx next build`
// first. Screenshot in tests/e2e/screenshots/audit.png.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, setupE2E } from "./support/harness";

const e2e = setupE2E({ name: "audit", role: "planner" });

describe("the audit log page", () => {
  it("the planner sees their own write on /audit, newest first, and can filter and export it", async () => {
    const { app, browser } = e2e;
    const comment = `e2e audit ${Date.now()}`; // the review's comment (not in the audit summary)
    const review = {
      unit: "c19-03205",
      structure: "pre2025",
      hamletId: "h-03205-01",
      operator: "vnpt",
      kind: "3g",
      status: "disputed",
      comment,
      asOf: "2023-11-06",
      reviewedBy: "VNPT Điện Biên",
    };
    const res = await app.fetch("/api/coverage-reviews", {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify(review),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { review: saved } = (await res.json()) as { review: { id: number } };

    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/audit`);
    await page.getByRole("heading", { name: "Nhật ký thay đổi" }).waitFor();
    // The top bar links to it for the planner.
    expect(await page.locator(".topbar-nav a[href='/audit']").count()).toBe(1);
    const first = page.locator(".audit-table tbody tr").first();
    await expect.poll(() => first.textContent()).toContain("Xác nhận vùng phủ");
    const text = (await first.textContent()) ?? "";
    expect(text).toContain("h-03205-01");
    expect(text).toContain(String(saved.id));
    expect(text).toContain('"status":"disputed"');
    // (Who wrote it: today app/api/_lib/actor.ts names the reviewer; with the route wrapper, the session's user.)
    // dd/MM/yyyy HH:mm (Vietnam time).
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    // Filter by action through the form: the URL carries it, the export link too.
    await page.getByLabel("Thao tác").selectOption("coverage_review.add");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("action") === "coverage_review.add"), page.getByRole("button", { name: "Lọc" }).click()]);
    const actions = await page.locator(".audit-table tbody tr td:nth-child(4)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["Xác nhận vùng phủ"]));
    const href = await page.getByRole("link", { name: /Tải CSV/ }).getAttribute("href");
    expect(href).toMatch(/^\/api\/audit\?.*action=coverage_review\.add.*format=csv|^\/api\/audit\?.*format=csv.*action=coverage_review\.add/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "audit.png"), fullPage: false });

    const csv = await (await app.fetch(href!)).text();
    const line = csv.split("\r\n").find((l) => l.includes(`"[${saved.id}]"`) || l.includes(`[${saved.id}]`));
    expect(line).toBeDefined();
    expect(line).toContain("coverage_review.add");
    expect(line).toContain("h-03205-01");
    await context.close();
  });
});

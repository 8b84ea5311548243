// In a browser: a page without a session goes to the login page; the demo chief of Điện Biên Đông
// signs in and lands back on the page asked for, with the map drawn and no CSP violation; sign-out
// goes back to the login page. Needs `npx next build` first. Screenshots in tests/e2e/screenshots/.
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo/accounts";
import { SCREENSHOTS, setupE2E } from "./support/harness";

const e2e = setupE2E({ name: "auth", role: null });

/** Console messages and page errors that are CSP violations (Chromium logs "Refused to …" and fires securitypolicyviolation). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|create|connect)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  return violations;
}

describe("sign-in in the browser", () => {
  it("/?unit=d-101… → login page → sign in as the demo chief → back on that view with the map drawn, no CSP violation → sign out → login page", async () => {
    const { app, browser } = e2e;
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    const view = "/?unit=d-101&structure=pre2025";
    await page.goto(`${app.url}${view}`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe(view);
    await page.getByLabel("Địa chỉ thư điện tử").waitFor();
    expect(await page.locator(".topbar-nav a").count()).toBe(0); // no sections before signing in
    await page.screenshot({ path: path.join(SCREENSHOTS, "auth-login.png") });

    // A wrong password first: the message, still on the login page.
    await page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    await page.waitForFunction(() => !(document.querySelector("button[type=submit]") as HTMLButtonElement).disabled);
    await page.getByLabel("Địa chỉ thư điện tử").fill(DEMO_ACCOUNTS.chief.email);
    await page.getByLabel("Mật khẩu").fill("khong-dung-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect.poll(() => page.locator(".auth-error").textContent()).toContain("Sai địa chỉ thư hoặc mật khẩu");

    await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Đăng nhập" }).click()]);
    expect(new URL(page.url()).search).toBe("?unit=d-101&structure=pre2025");
    await page.waitForFunction(() => window.__gapmap?.ready === true && !!window.__explorer?.view && !window.__explorer.loading, null, { timeout: 90_000 });
    const drawn = await page.evaluate(async () => {
      const map = window.__gapmap!.map;
      map.triggerRepaint();
      await new Promise((resolve) => map.once("idle", resolve));
      const features = map.queryRenderedFeatures({ layers: ["hamlet-circle", "hamlet-fill"].filter((l) => map.getLayer(l)) });
      return new Set(features.map((f) => String(f.properties.id))).size;
    });
    expect(drawn).toBeGreaterThan(50);
    const who = await page.getByTestId("signed-in-as").textContent();
    expect(who).toContain(DEMO_ACCOUNTS.chief.name);
    expect(who).toContain("Trưởng ban chỉ đạo");
    expect(await page.locator(".topbar-nav a").count()).toBeGreaterThan(3);
    // The session cookie is HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("session_token");
    await page.screenshot({ path: path.join(SCREENSHOTS, "auth-signed-in-map.png") });

    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.getByRole("button", { name: "Đăng xuất" }).click()]);
    await page.getByLabel("Mật khẩu").waitFor();
    // Signed out for good: the map page sends back to the login page.
    await page.goto(`${app.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.screenshot({ path: path.join(SCREENSHOTS, "auth-signed-out.png") });
    expect(violations).toEqual([]);
    await context.close();
  });

  it("in English (?lang=en survives the redirect): the administrator signs in and the accounts screen lists the demo accounts", async () => {
    const { app, browser } = e2e;
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${app.url}/admin/users?lang=en`);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/admin/users?lang=en");
    await page.waitForFunction(() => !(document.querySelector("button[type=submit]") as HTMLButtonElement).disabled);
    await page.getByLabel("Email address").fill(DEMO_ACCOUNTS.administrator.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/admin/users"), page.getByRole("button", { name: "Sign in" }).click()]);
    for (const a of Object.values(DEMO_ACCOUNTS)) expect(await page.locator(`tr[data-email="${a.email}"]`).count(), a.email).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "auth-admin-users.png"), fullPage: true });
    expect(violations).toEqual([]);
    await context.close();
  });
});

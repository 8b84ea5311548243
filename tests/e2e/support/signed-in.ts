import type { Browser } from "playwright-core";
import type { App } from "./app-server";

/**
 * Every context this browser opens (browser.newContext, browser.newPage) carries the app's session
 * cookie, so pages open signed in as in a person's browser after the login page. startE2E does it
 * for its browser; a test that launches one of its own calls it.
 */
export function signInBrowser(browser: Browser, app: Pick<App, "url" | "cookie">): void {
  if (!app.cookie) return;
  const eq = app.cookie.indexOf("=");
  const cookie = { name: app.cookie.slice(0, eq), value: app.cookie.slice(eq + 1), url: app.url, httpOnly: true, sameSite: "Lax" as const };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addCookies([cookie]);
    return context;
  };
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.once("close", () => void context.close());
    return page;
  };
}

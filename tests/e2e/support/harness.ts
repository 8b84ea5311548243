import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { REPO_ROOT, startApp, type App, type DemoRole } from "./app-server";
import { launchChromium } from "./browser";
import { signInBrowser } from "./signed-in";

export { signInBrowser };

/** Where browser tests save their screenshots (git-ignored): look at them. */
export const SCREENSHOTS = path.join(REPO_ROOT, "tests/e2e/screenshots");
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface E2E {
  app: App;
  browser: Browser;
  /** The test's own temp folder (deleted by dispose). */
  workDir: string;
  /** The app's private copy of the seeded database. */
  pgliteDir: string;
  dispose(): Promise<void>;
}

/**
 * One browser-test file's world: a private copy of the seeded database (the app writes to it —
 * never to the shared seeded directory), optionally prepared, the built app served on it, and
 * Debian's Chromium. Call in beforeAll; call dispose() in afterAll. Every browser context starts
 * signed in as the app's demo account (the planner of Điện Biên unless `role` says otherwise; null: signed out).
 */
export async function startE2E(opts: {
  name: string;
  prepare?(pgliteDir: string): Promise<void>;
  env?(workDir: string): Record<string, string>;
  role?: DemoRole | null;
}): Promise<E2E> {
  const seeded = inject("seededPgliteDir");
  if (!seeded) throw new Error("seededPgliteDir was not provided: tests/support/global-setup.ts must provide() it");
  const workDir = await mkdtemp(path.join(tmpdir(), `gapmap-e2e-${opts.name}-`));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  const pgliteDir = path.join(workDir, "pglite");
  try {
    await cp(seeded, pgliteDir, { recursive: true });
    await opts.prepare?.(pgliteDir);
    await mkdir(SCREENSHOTS, { recursive: true });
  } catch (err) {
    await removeWorkDir();
    throw err;
  }
  const { app, browser } = await startAppAndBrowser({ PGLITE_DIR: pgliteDir, ...opts.env?.(workDir) }, opts.role).catch(async (err: unknown) => {
    await removeWorkDir();
    throw err;
  });
  signInBrowser(browser, app);
  return {
    app,
    browser,
    workDir,
    pgliteDir,
    dispose: async () => {
      try {
        await browser.close();
      } finally {
        await app.stop();
        await removeWorkDir();
      }
    },
  };
}

/**
 * startE2E for the enclosing file or block: started in beforeAll, disposed in afterAll. Its fields
 * are read inside hooks and tests (before beforeAll has run there is nothing to read).
 */
export function setupE2E(opts: Parameters<typeof startE2E>[0]): Omit<E2E, "dispose"> {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E(opts);
  });
  afterAll(async () => {
    await e2e?.dispose();
  });
  const started = () => {
    if (!e2e) throw new Error(`the ${opts.name} browser test's app is started in beforeAll: read it inside a hook or a test`);
    return e2e;
  };
  return {
    get app() {
      return started().app;
    },
    get browser() {
      return started().browser;
    },
    get workDir() {
      return started().workDir;
    },
    get pgliteDir() {
      return started().pgliteDir;
    },
  };
}

/** Collects what a page asks of hosts other than the app's (the app works offline: none) and its uncaught errors. */
export function watchPage(page: Page): { external: string[]; pageErrors: string[] } {
  const external: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (/^(https?|wss?):$/.test(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) external.push(req.url());
  });
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return { external, pageErrors };
}

/**
 * The built app (`next start`) and Chromium, started together. If either fails to start, the
 * other is ended before the error is thrown: the caller has nothing to stop then, and with
 * Promise.all a server that did start would be left running (its test's afterAll never gets it).
 */
async function startAppAndBrowser(env: Record<string, string>, role?: DemoRole | null): Promise<{ app: App; browser: Browser }> {
  const [app, browser] = await Promise.allSettled([startApp(env, { role }), launchChromium()]);
  if (app.status === "fulfilled" && browser.status === "fulfilled") return { app: app.value, browser: browser.value };
  await Promise.allSettled([app.status === "fulfilled" ? app.value.stop() : undefined, browser.status === "fulfilled" ? browser.value.close() : undefined]);
  throw app.status === "rejected" ? app.reason : (browser as PromiseRejectedResult).reason;
}

import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { REPO_ROOT, startApp, type App, type DemoRole } from "./app-server";
import { launchChromium } from "./browser";
import { signInBrowser } from "./signed-in";

export { signInBrowser };

/** Where browser tests save their screenshots (git-ignored): look at them. */
export const SCREENSHOTS = path.join(REPO_ROOT, "tests/e2e/screenshots");

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
export async function startE2E(opts: { name: string; prepare?(pgliteDir: string): Promise<void>; env?(workDir: string): Record<string, string>; role?: DemoRole | null }): Promise<E2E> {
  const seeded = inject("seededPgliteDir");
  if (!seeded) throw new Error("seededPgliteDir was not provided: tests/support/global-setup.ts must provide() it");
  const workDir = await mkdtemp(path.join(tmpdir(), `gapmap-e2e-${opts.name}-`));
  const pgliteDir = path.join(workDir, "pglite");
  await cp(seeded, pgliteDir, { recursive: true });
  await opts.prepare?.(pgliteDir);
  await mkdir(SCREENSHOTS, { recursive: true });
  const [app, browser] = await Promise.all([startApp({ PGLITE_DIR: pgliteDir, ...opts.env?.(workDir) }, { role: opts.role }), launchChromium()]);
  signInBrowser(browser, app);
  return {
    app, browser, workDir, pgliteDir,
    dispose: async () => {
      await browser.close();
      await app.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (apt): playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Headless Chromium with software WebGL (SwiftShader), so MapLibre really renders, and a fresh
 * profile directory that is deleted when the browser closes. The flags are those of STACK.md:
 * Playwright accepts --user-data-dir only with ignoreDefaultArgs, which then needs the pipe flag.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's package (sudo apt-get install chromium fonts-dejavu-core)`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), "gapmap-chromium-"));
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      ignoreDefaultArgs: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-unsafe-swiftshader",
        "--remote-debugging-pipe",
        "--no-startup-window",
        `--user-data-dir=${userDataDir}`,
      ],
    })
    .catch(async (err: unknown) => {
      await removeProfile(userDataDir);
      throw err;
    });
  // close() resolves once Chromium has exited; only then is the profile no longer being written.
  const close = browser.close.bind(browser);
  browser.close = async (options) => {
    try {
      await close(options);
    } finally {
      await removeProfile(userDataDir);
    }
  };
  browser.on("disconnected", () => void removeProfile(userDataDir)); // a crash, or close() above
  return browser;
}

function removeProfile(dir: string): Promise<void> {
  // Chromium's helper processes can still be flushing files for a moment: retry ENOTEMPTY/EBUSY.
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch((err: unknown) => {
    console.warn(`could not remove Chromium profile ${dir}:`, err);
  });
}

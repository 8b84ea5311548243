import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (apt): playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export interface ChromiumOptions {
  /**
   * How pages are composited. WebGL runs on SwiftShader (software) in Chromium's GPU process either way.
   * - "software" (default, the flags of docs/DEVELOPING.md, "Headless Chromium"): `--disable-gpu`, i.e. `gpu_compositing: disabled_software`.
   *   A WebGL canvas must then be read back into a software bitmap for every frame, synchronously on
   *   the renderer's main thread (GLES2::ReadPixels inside the commit, waiting for the GPU process to
   *   finish drawing that frame): each map frame becomes a main-thread task of ≈ 75–150 ms here.
   * - "gpu": `--use-angle=swiftshader` instead, i.e. `gpu_compositing: enabled`, as in a real user's
   *   Chrome with a GPU: the canvas is handed to the compositor as a texture and nothing waits for
   *   its pixels on the main thread. The drawing itself is as slow as above, but happens in the GPU
   *   process. Use it to measure main-thread responsiveness (long tasks); launchChromium checks
   *   nothing here, the caller should (SystemInfo.getInfo, see tests/e2e/explorer.test.ts).
   */
  compositing?: "software" | "gpu";
}

/**
 * Headless Chromium with software WebGL (SwiftShader), so MapLibre really renders, and a fresh
 * profile directory that is deleted when the browser closes. The flags are those of docs/DEVELOPING.md, "Headless Chromium":
 * Playwright accepts --user-data-dir only with ignoreDefaultArgs, which then needs the pipe flag.
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run \`node scripts/ensure-test-tools.mjs\` (as root it installs what the tests need; otherwise it prints the apt-get command)`,
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), "gapmap-chromium-"));
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      ignoreDefaultArgs: true,
      args: [
        "--headless",
        "--no-sandbox",
        ...(options.compositing === "gpu" ? ["--use-angle=swiftshader"] : ["--disable-gpu"]),
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

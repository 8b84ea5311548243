// Main-thread long tasks and data transferred in the explorer's province view (issue: "no
// main-thread task over 100 ms for the province", measured with the Performance API), in headless
// Chromium against a private copy of the seeded database. A measurement, so this file runs alone:
// it is the "measurements" project of vitest.config.ts (*.sequential.test.ts), which starts after
// every other test file has finished — other files' browsers and databases on the same two cores
// would otherwise be measured too. Needs `npm run build` first. Output: tests/e2e/screenshots/.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser";
import { measureSwitching, newExplorerPage } from "./support/explorer-page";
import { SCREENSHOTS, signInBrowser, setupE2E } from "./support/harness";

const e2e = setupE2E({ name: "explorer-perf" });

describe("map explorer, province view", () => {
  it("measures the data transferred and the main-thread long tasks while switching indicators and filtering", async () => {
    // Measured twice, in two browsers that differ in one flag (tests/e2e/support/browser.ts):
    // - "gpu" compositing (--use-angle=swiftshader instead of --disable-gpu), as a real user's Chrome
    //   composites: the WebGL canvas goes to the compositor as a texture. This is the figure the
    //   issue asks for ("no main-thread task over 100 ms"), and it is asserted.
    // - the suite's usual "software" compositing (--disable-gpu), reported only: there Chromium reads
    //   every WebGL frame back on the renderer's main thread (GLES2::ReadPixels in the commit, waiting
    //   for SwiftShader to finish the frame in the GPU process), so even a repaint with nothing
    //   changed is a ≈ 100 ms task — a cost of this headless set-up that no user's Chrome pays.
    // WebGL itself is SwiftShader (software) in both, on a shared 2-core machine.
    const gpuBrowser = await launchChromium({ compositing: "gpu" });
    signInBrowser(gpuBrowser, e2e.app);
    try {
      const gpu = await measureSwitching(await newExplorerPage(gpuBrowser), e2e.app.url, "gpu-compositing");
      const software = await measureSwitching(await newExplorerPage(e2e.browser), e2e.app.url, "software-compositing");
      const system = (await (await gpuBrowser.newBrowserCDPSession()).send("SystemInfo.getInfo")) as { gpu: { featureStatus: Record<string, string> } };
      const { transfer, total } = gpu;
      const report = {
        transfer: { totalBytes: total, requests: transfer },
        gpuCompositing: {
          featureStatus: { gpu_compositing: system.gpu.featureStatus.gpu_compositing, webgl: system.gpu.featureStatus.webgl },
          renderer: gpu.renderer,
          longTasks: { count: gpu.tasks.length, maxMs: Math.round(gpu.max), all: gpu.tasks.map(Math.round), steps: gpu.steps },
          idleRepaintLongTasks: gpu.baseline.map(Math.round),
          explorerWork: { maxMs: Math.round(gpu.maxWork * 10) / 10, entries: gpu.work.map((w) => `${w.name} ${w.ms.toFixed(1)}`) },
        },
        softwareCompositing: {
          renderer: software.renderer,
          longTasks: { count: software.tasks.length, maxMs: Math.round(software.max), all: software.tasks.map(Math.round) },
          idleRepaintLongTasks: software.baseline.map(Math.round),
          explorerWork: { maxMs: Math.round(software.maxWork * 10) / 10 },
        },
        note: "WebGL on SwiftShader (no GPU) on a shared 2-core machine. With --disable-gpu (software compositing) every WebGL frame is read back synchronously on the main thread, so each map frame is itself a long task there; the asserted figure is the one with GPU compositing, as in a real user's Chrome",
      };
      await writeFile(path.join(SCREENSHOTS, "explorer-perf.json"), JSON.stringify(report, null, 2));
      console.log(
        `[province view] ${transfer.length} API requests, ${(total / 1024).toFixed(0)} KB transferred (gzip)\n` +
          `[long tasks, GPU compositing] switching indicators/filters: ${gpu.tasks.length}, max ${Math.round(gpu.max)} ms (${gpu.tasks.map(Math.round).join(", ")}); idle repaints alone: ${gpu.baseline.map(Math.round).join(", ") || "none"}\n` +
          `[long tasks, software compositing] switching: ${software.tasks.length}, max ${Math.round(software.max)} ms; idle repaints alone: ${software.baseline.map(Math.round).join(", ") || "none"} (ms)\n` +
          `[explorer work] computing the view and applying feature state: max ${gpu.maxWork.toFixed(1)} ms over ${gpu.work.length} measures (software compositing: ${software.maxWork.toFixed(1)} ms)`,
      );
      expect(system.gpu.featureStatus.gpu_compositing).toBe("enabled");
      expect(gpu.probe, "the long-task observer works").toBeGreaterThanOrEqual(100);
      expect(gpu.renderer).toMatch(/SwiftShader/);
      expect(transfer.length).toBeGreaterThanOrEqual(5);
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(1024 * 1024);
      expect(gpu.work.length).toBeGreaterThanOrEqual(2 * gpu.steps.length);
      // The app's own work per switch stays far under the 100 ms budget…
      expect(gpu.maxWork).toBeLessThan(100);
      // …and so does every main-thread task while switching and filtering (the criterion).
      expect(gpu.max).toBeLessThanOrEqual(100);
    } finally {
      await gpuBrowser.close();
    }
  });
});

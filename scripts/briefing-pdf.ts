// The briefing pack as an A4 PDF, printed by Chromium from a running app — the same print
// stylesheet a person gets with the "In / lưu PDF" button (window.print()).
//
//   npx tsx scripts/briefing-pdf.ts --url http://127.0.0.1:3000 --unit d-101 --structure pre2025 \
//     --date 2023-11-06 --out docs/briefings/dien-bien-dong-2023-11.pdf [--lang vi] [--threshold 5]
//
// Needs Debian's Chromium (/usr/bin/chromium); the app must be running (`npm run demo`). It signs in
// first: --email (or GAPMAP_EMAIL; default the demo planner) with the password in GAPMAP_PASSWORD
// (default the demo accounts' password).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { z } from "zod";
import { launchChromium } from "../tests/e2e/support/browser";
import { signIn } from "../tests/e2e/support/app-server";
import { signInBrowser } from "../tests/e2e/support/signed-in";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../db/demo/accounts";

export const briefingPdfOptions = z.object({
  url: z.url({ message: "must be the running app's base URL, e.g. http://127.0.0.1:3000" }),
  unit: z.string().min(1),
  structure: z.enum(["pre2025", "post2025"]),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be YYYY-MM-DD or YYYY-MM"),
  lang: z.enum(["vi", "en"]).default("vi"),
  threshold: z.coerce.number().int().min(5).optional(),
});
export type BriefingPdfOptions = z.input<typeof briefingPdfOptions>;

/** How long the maps may take to draw (software WebGL on 2 cores). */
const MAP_TIMEOUT_MS = 90_000;

/**
 * Opens /briefing for the unit and date, waits until both maps have become images, and prints
 * the page to PDF with the page's own @page size (A4 landscape) and backgrounds.
 */
export async function briefingPdf(browser: Browser, options: BriefingPdfOptions): Promise<Buffer> {
  const o = briefingPdfOptions.parse(options);
  const q = new URLSearchParams({ unit: o.unit, structure: o.structure, date: o.date, lang: o.lang });
  if (o.threshold) q.set("threshold", String(o.threshold));
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${o.url.replace(/\/$/, "")}/briefing?${q}`, { waitUntil: "load" });
    if (res?.status() !== 200) throw new Error(`GET /briefing?${q} answered ${res?.status() ?? "nothing"}`);
    if ((await page.locator(".deck").count()) === 0) {
      throw new Error(`/briefing?${q} shows no briefing: ${(await page.locator("main").innerText()).slice(0, 300)}`);
    }
    await page.waitForFunction(
      () => {
        const maps = (window as unknown as { __briefingMaps?: Record<string, string> }).__briefingMaps;
        return maps?.activation === "image" && maps?.infra === "image";
      },
      null,
      { timeout: MAP_TIMEOUT_MS },
    );
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await context.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://127.0.0.1:3000" },
      unit: { type: "string" },
      structure: { type: "string" },
      date: { type: "string" },
      lang: { type: "string" },
      threshold: { type: "string" },
      out: { type: "string" },
      email: { type: "string" },
    },
  });
  if (!values.out) throw new Error("--out <file.pdf> is required");
  const { email, out: _out, ...rest } = values;
  const options = briefingPdfOptions.parse(rest);
  const cookie = await signIn(
    options.url.replace(/\/$/, ""),
    email ?? process.env.GAPMAP_EMAIL ?? DEMO_ACCOUNTS.planner.email,
    process.env.GAPMAP_PASSWORD ?? DEMO_PASSWORD,
  );
  const browser = await launchChromium();
  signInBrowser(browser, { url: options.url.replace(/\/$/, ""), cookie });
  try {
    const pdf = await briefingPdf(browser, options);
    await mkdir(path.dirname(values.out), { recursive: true });
    await writeFile(values.out, pdf);
    console.log(`${values.out}: ${pdf.length} bytes (${options.unit} ${options.structure} ${options.date}, ${options.lang ?? "vi"})`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof z.ZodError ? z.prettifyError(err) : err);
    process.exit(1);
  });
}

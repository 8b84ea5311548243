import http from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, type App } from "./support/app-server";
import { startE2E, type E2E } from "./support/harness";

// Needs `npx next build` first. Screenshots go to tests/e2e/screenshots/ (git-ignored): look at them.
const SCREENSHOTS = path.join(REPO_ROOT, "tests/e2e/screenshots");
const FIX = path.join(REPO_ROOT, "tests/ingest/fixtures");
const MESSY = path.join(FIX, "muong-luan-2026-01.xlsx");

let app: App;
let browser: Browser;
let workDir: string;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ name: "import",
    env: (workDir) => ({ IMPORT_UPLOAD_DIR: path.join(workDir, "uploads") }), });
  ({ app, browser, workDir } = e2e);
});

afterAll(async () => {
  await e2e?.dispose();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  return context.newPage();
}

async function uploadAndDryRun(page: Page, file: string) {
  await page.locator('input[name="file"]').setInputFiles(file);
  await page.locator('input[name="importedBy"]').fill("Cán bộ Công an xã Mường Luân");
  await page.getByRole("button", { name: "Tải lên và kiểm tra thử" }).click();
  await page.getByTestId("preview-summary").waitFor({ state: "visible", timeout: 120_000 });
}

/** Picks, for each row naming "Ten Chải", one of the two hamlets of that name (their order in the list). */
async function resolveTenChai(page: Page) {
  const selects = page.locator('select[data-testid^="resolve-row:"]');
  expect(await selects.count()).toBe(2);
  for (let i = 0; i < 2; i++) {
    const options = await selects.nth(i).locator("option").allTextContents();
    expect(options.filter((o) => o.startsWith("Bản Ten Chải"))).toHaveLength(2);
    await selects.nth(i).selectOption({ index: 1 + i });
  }
  await page.getByRole("button", { name: "Kiểm tra lại", exact: true }).click();
  await page.getByTestId("preview-summary").filter({ hasText: "Cần xử lý: 0" }).waitFor({ timeout: 120_000 });
}

async function snapshotsOnJan31(): Promise<number> {
  const res = await fetch(`${app.url}/api/import/export?unit=c25-03214&structure=post2025&date=2026-01-31`);
  const text = await res.text();
  return text.trim().split("\r\n").length - 1;
}

describe("import page", () => {
  it("a commune officer's messy TCVN3 sheet: preview with conversions and matches, resolve, commit; a second import changes nothing; undo restores", async () => {
    const page = await newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/import`);
    await expect(page.getByRole("heading", { name: "Nhập dữ liệu từ tệp" }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole("link", { name: "Nhập dữ liệu" }).isVisible()).toBe(true);
    expect(await snapshotsOnJan31()).toBe(0);

    await uploadAndDryRun(page, MESSY);
    const summary = page.getByTestId("preview-summary");
    expect(await summary.innerText()).toContain("Thêm mới: 43");
    expect(await summary.innerText()).toContain("Cần xử lý: 2");
    // What was converted: the TCVN3 header and names, shown before → after.
    const conversions = page.getByTestId("conversions");
    expect(await conversions.innerText()).toContain("Tªn b¶n");
    expect(await conversions.innerText()).toContain("Tên bản");
    expect(await conversions.innerText()).toContain("H¸ng Pa");
    expect(await conversions.innerText()).toContain("Háng Pa");
    // The title gave the month and the commune; names matched to the gazetteer.
    expect(await page.getByText("Ngày báo cáo: 31/01/2026 (đọc từ tiêu đề)").isVisible()).toBe(true);
    const matches = page.getByTestId("matches");
    expect(await matches.innerText()).toContain("NÀ PÚA");
    expect(await matches.innerText()).toContain("Trùng tên — hãy chọn");
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-preview.png") });
    await conversions.screenshot({ path: path.join(SCREENSHOTS, "import-conversions.png") });
    await matches.screenshot({ path: path.join(SCREENSHOTS, "import-matches.png") });

    await resolveTenChai(page);
    expect(await summary.innerText()).toContain("Thêm mới: 45");
    await page.getByTestId("matches").screenshot({ path: path.join(SCREENSHOTS, "import-resolved-matches.png") });
    await page.getByTestId("commit").click();
    const outcome = page.getByTestId("import-outcome");
    await outcome.filter({ hasText: "Đã ghi xong" }).waitFor({ timeout: 120_000 });
    const importId = Number(/lần nhập số (\d+)/.exec(await outcome.innerText())![1]);
    expect(await snapshotsOnJan31()).toBe(45);
    await page.getByTestId(`import-${importId}`).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-committed.png") });

    // The same file again: the preview says so, nothing is new or changed, the commit writes nothing.
    await uploadAndDryRun(page, MESSY);
    expect(await page.getByText(`Tệp này đã được nhập (lần nhập số ${importId}`).first().isVisible()).toBe(true);
    await resolveTenChai(page);
    expect(await summary.innerText()).toContain("Thêm mới: 0 · Thay đổi: 0 · Không đổi: 45");
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    expect(await snapshotsOnJan31()).toBe(45);
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-again.png") });

    // Undo from the history: the January rows are gone again.
    await page.getByTestId(`import-${importId}`).getByRole("button", { name: "Hoàn tác" }).click();
    await page.getByTestId("history-message").filter({ hasText: `Đã hoàn tác lần nhập số ${importId}` }).waitFor({ timeout: 60_000 });
    expect(await snapshotsOnJan31()).toBe(0);
    await page.getByTestId(`import-${importId}`).filter({ hasText: "Đã hoàn tác" }).waitFor();
    await page.getByTestId("history").screenshot({ path: path.join(SCREENSHOTS, "import-undone.png") });
    expect(dialogs).toEqual([`Hoàn tác lần nhập số ${importId}? Mọi dòng sẽ trở lại đúng như trước khi nhập.`]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it("bad values are listed with row, column, value and message; a script tag in a name is shown as text", async () => {
    const page = await newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.url}/import?lang=en`);
    await page.locator('input[name="file"]').setInputFiles(path.join(FIX, "bad/bad-values.csv"));
    await page.getByRole("button", { name: "Upload and dry run" }).click();
    await page.getByTestId("preview-summary").waitFor({ timeout: 120_000 });
    const problems = page.getByTestId("problems");
    const text = await problems.innerText();
    expect(text).toContain("Row 2, column \"Đủ điều kiện\": a negative number (-5)");
    expect(text).toContain("activated (");
    expect(text).toContain("<script>alert(1)</script>");
    expect(await page.locator("script", { hasText: "alert(1)" }).count()).toBe(0);
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    expect(dialogs).toEqual([]);
    await problems.screenshot({ path: path.join(SCREENSHOTS, "import-bad-values.png") });
    await page.context().close();
  });

  it("a 200 MB upload is refused at once with a clear message, declared or not", async () => {
    const declared = await rawUpload({ "content-length": String(200 * 1024 * 1024) }, 50);
    expect(declared.status).toBe(413);
    expect(declared.body).toContain("too large");
    expect(declared.sentMb).toBeLessThan(50); // answered before the body was read
    // Chunked, no declared size: cut off once it passes the limit (the client stops sending then).
    const streamed = await rawUpload({ "transfer-encoding": "chunked" }, 200);
    expect(streamed.status).toBe(413);
    expect(streamed.sentMb).toBeLessThan(200);
  });
});

/** Sends up to `mb` MiB of zeros to the upload route, stopping as soon as the server answers. */
function rawUpload(headers: Record<string, string>, mb: number): Promise<{ status: number; body: string; sentMb: number }> {
  const url = new URL(`${app.url}/api/import/upload?name=huge.csv`);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentMb: sent });
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(1024 * 1024);
    const pump = () => {
      while (!answered && sent < mb) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

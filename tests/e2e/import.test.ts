import http from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, type App } from "./support/app-server";
import { SCREENSHOTS, startE2E, type E2E } from "./support/harness";

// Needs `npm run build` first. Screenshots go to tests/e2e/screenshots/ (git-ignored): look at them.
const FIX = path.join(REPO_ROOT, "tests/ingest/fixtures");
const MESSY = path.join(FIX, "muong-luan-2026-01.xlsx");
/** Xã Mường Luân (post-2025), the commune of most fixtures. */
const MUONG_LUAN = "c25-03214";

let app: App;
let browser: Browser;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ name: "import", env: (workDir) => ({ IMPORT_UPLOAD_DIR: path.join(workDir, "uploads") }) });
  ({ app, browser } = e2e);
});

afterAll(async () => {
  await e2e?.dispose();
});

/**
 * The import page (in Vietnamese unless `query` says otherwise), its confirm dialogs accepted and
 * recorded; close() checks that the page's scripts threw nothing and closes it.
 */
async function openImportPage(query = ""): Promise<{ page: Page; dialogs: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${app.url}/import${query}`);
  const close = async () => {
    expect(pageErrors, "errors thrown by the page's scripts").toEqual([]);
    await context.close();
  };
  return { page, dialogs, close };
}

/** Coverage layer tags as a person picks them under the file: the kind of layer, the operator and the date it holds from. */
type LayerChoice = { kind: string; operator: string; asOf: string };

/** Chooses the kind of data (and for a coverage layer its kind, operator and date) and the file, then uploads it and waits for the dry run. */
async function uploadAndDryRun(page: Page, file: string, kind = "indicators", layer?: LayerChoice) {
  await page.locator('select[name="kind"]').selectOption(kind);
  if (layer) {
    await page.getByLabel("Loại vùng phủ").selectOption(layer.kind);
    await page.getByLabel("Nhà mạng").selectOption(layer.operator);
    await page.getByLabel("Ngày hiệu lực").fill(layer.asOf);
  }
  await page.locator('input[name="file"]').setInputFiles(file);
  // No "imported by" field: who imports is the signed-in user (the harness's demo planner).
  expect(await page.locator('input[name="importedBy"]').count()).toBe(0);
  await page.getByRole("button", { name: "Tải lên và kiểm tra thử" }).click();
  await page.getByTestId("preview-summary").waitFor({ state: "visible", timeout: 120_000 });
}

/** Runs the dry run again with the choices made in the preview and waits until the summary shows `expected`. */
async function recheck(page: Page, expected: string) {
  await page.getByRole("button", { name: "Kiểm tra lại", exact: true }).click();
  await page.getByTestId("preview-summary").filter({ hasText: expected }).waitFor({ timeout: 120_000 });
}

/** Clicks "Ghi vào cơ sở dữ liệu", waits for the result line and the new history row; answers the import's number and what it wrote. */
async function commit(page: Page): Promise<{ importId: number; written: string }> {
  await page.getByTestId("commit").click();
  const outcome = page.getByTestId("import-outcome");
  await outcome.filter({ hasText: "Đã ghi xong" }).waitFor({ timeout: 120_000 });
  const [, id, written] = /lần nhập số (\d+)\): (.*)\.$/.exec(await outcome.innerText())!;
  await page.getByTestId(`import-${id}`).waitFor();
  return { importId: Number(id), written: written! };
}

/** Undoes an import from the history list (the confirm dialog is accepted) and waits until the list says so. */
async function undoFromHistory(page: Page, importId: number) {
  await page.getByTestId(`import-${importId}`).getByRole("button", { name: "Hoàn tác" }).click();
  await page
    .getByTestId("history-message")
    .filter({ hasText: `Đã hoàn tác lần nhập số ${importId}` })
    .waitFor({ timeout: 60_000 });
  await page.getByTestId(`import-${importId}`).filter({ hasText: "Đã hoàn tác" }).waitFor();
}

/** The problem lines as a person reads them: severity | row or feature | value | message. */
async function problemLines(page: Page): Promise<string[]> {
  return page
    .getByTestId("problems")
    .locator("tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll("td")]
          .slice(0, 4)
          .map((td) => (td.textContent ?? "").trim())
          .join(" | "),
      ),
    );
}

/** The decision select of a problem's row (or feature) in the preview. */
function decisionFor(page: Page, row: number) {
  return page.getByTestId("problems").getByLabel(`Quyết định ${row}`, { exact: true });
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await app.fetch(pathAndQuery);
  expect(res.status, pathAndQuery).toBe(200);
  return (await res.json()) as T;
}

type Unit = {
  id: string;
  level: string;
  name: string;
  parentId: string | null;
  labelLon: number | null;
  labelLat: number | null;
  bbox: [number, number, number, number] | null;
};

/** The units of the province (post-2025 structure) as the explorer gets them. */
async function units(): Promise<Unit[]> {
  return (await api<{ units: Unit[] }>("/api/explorer/units?unit=p-11&structure=post2025")).units;
}

/** A hamlet of xã Mường Luân by name (undefined when there is none). */
async function muongLuanHamlet(name: string): Promise<Unit | undefined> {
  return (await units()).find((u) => u.level === "hamlet" && u.name === name && u.parentId === MUONG_LUAN);
}

/** Every hamlet's infrastructure status at a date (grid, fiber, signal per operator and technology) as the explorer shows it. */
async function hamletStatusAt(date: string): Promise<Map<string, string>> {
  const a = await api<{ hamlets: { ids: string[]; columns: Record<string, (number | null)[]> } }>(
    `/api/explorer/attributes?unit=p-11&structure=post2025&date=${date}`,
  );
  const cols = Object.keys(a.hamlets.columns).filter((c) => c === "grid" || c === "fiber" || c.startsWith("sig_"));
  return new Map(a.hamlets.ids.map((id, i) => [id, cols.map((c) => `${c}=${a.hamlets.columns[c]![i]}`).join(" ")]));
}

/**
 * Checks the preview's layer line ("Lớp phủ: 3 vùng (2 vùng đã sửa, 1 vùng bị loại) · Số bản đổi
 * trạng thái: 1186") and answers the number of hamlets whose status it says will change.
 */
async function layerLine(page: Page, areas: { kept: number; repaired: number; rejected: number }): Promise<number> {
  const text = await page.getByText(/^Lớp phủ: /).innerText();
  expect(text).toMatch(
    new RegExp(`^Lớp phủ: ${areas.kept} vùng \\(${areas.repaired} vùng đã sửa, ${areas.rejected} vùng bị loại\\) · Số bản đổi trạng thái: \\d+$`),
  );
  return Number(/(\d+)$/.exec(text)![1]);
}

const changedBetween = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((id) => a.get(id) !== b.get(id)).length;

type Site = { properties: { kind: string; name: string; power: string; backhaul: string }; geometry: { coordinates: [number, number] } };
async function muongLuanSites(): Promise<Site[]> {
  return (await api<{ features: Site[] }>(`/api/explorer/sites?unit=${MUONG_LUAN}&structure=post2025`)).features;
}

/** The received target (chỉ tiêu thu nhận) of each commune in effect at a date, by commune id. */
async function receivedTargetsAt(date: string): Promise<Map<string, number | null>> {
  const a = await api<{ units: { ids: string[]; columns: { target: (number | null)[] } } }>(
    `/api/explorer/attributes?unit=p-11&structure=post2025&date=${date}`,
  );
  return new Map(a.units.ids.map((id, i) => [id, a.units.columns.target[i]!]));
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
  await recheck(page, "Cần xử lý: 0");
}

/** Rows of xã Mường Luân's figures on 31/01/2026, from the page's own CSV export. */
async function snapshotsOnJan31(): Promise<number> {
  const res = await app.fetch(`/api/import/export?unit=${MUONG_LUAN}&structure=post2025&date=2026-01-31`);
  const text = await res.text();
  return text.trim().split("\r\n").length - 1;
}

describe("import page", () => {
  it("a commune officer's messy TCVN3 sheet: preview with conversions and matches, resolve, commit; a second import changes nothing; undo restores", async () => {
    const { page, dialogs, close } = await openImportPage();
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
    const { importId } = await commit(page);
    expect(await snapshotsOnJan31()).toBe(45);
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
    await undoFromHistory(page, importId);
    expect(await snapshotsOnJan31()).toBe(0);
    await page.getByTestId("history").screenshot({ path: path.join(SCREENSHOTS, "import-undone.png") });
    expect(dialogs).toEqual([`Hoàn tác lần nhập số ${importId}? Mọi dòng sẽ trở lại đúng như trước khi nhập.`]);
    await close();
  });

  it("bad values are listed with row, column, value and message; a script tag in a name is shown as text", async () => {
    const { page, dialogs, close } = await openImportPage("?lang=en");
    await page.locator('input[name="file"]').setInputFiles(path.join(FIX, "bad/bad-values.csv"));
    await page.getByRole("button", { name: "Upload and dry run" }).click();
    await page.getByTestId("preview-summary").waitFor({ timeout: 120_000 });
    const problems = page.getByTestId("problems");
    const text = await problems.innerText();
    expect(text).toContain('Row 2, column "Đủ điều kiện": a negative number (-5)');
    expect(text).toContain("activated (");
    expect(text).toContain("<script>alert(1)</script>");
    expect(await page.locator("script", { hasText: "alert(1)" }).count()).toBe(0);
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    expect(dialogs).toEqual([]);
    await problems.screenshot({ path: path.join(SCREENSHOTS, "import-bad-values.png") });
    await close();
  });

  it("coverage layers: kind, operator and date chosen in the page; repaired/rejected features listed by index; a rejected feature skipped; hamlet coverage recomputed; undo restores", async () => {
    const { page, close } = await openImportPage();
    const date = "2026-01-15";
    const before = await hamletStatusAt(date);
    const hoHong = (await muongLuanHamlet("Ho Hồng"))!;

    // A 4G layer of Viettel as GeoJSON: two features repaired, a Point rejected — each by its feature index.
    await uploadAndDryRun(page, path.join(FIX, "coverage-4g.geojson"), "coverage", { kind: "4g", operator: "viettel", asOf: date });
    const hamletsChanged = await layerLine(page, { kept: 3, repaired: 2, rejected: 1 });
    expect(hamletsChanged).toBeGreaterThan(0);
    expect(await page.getByTestId("problems").locator("th").nth(1).innerText()).toBe("Đối tượng");
    expect(await problemLines(page)).toEqual([
      "Lỗi | 3 | Point | Đối tượng số 3: là Point, không phải vùng (Polygon) — bị loại.",
      "Lưu ý | 1 |  | Đối tượng số 1: hình đã được sửa (selfIntersection).",
      "Lưu ý | 2 |  | Đối tượng số 2: hình đã được sửa (closedRing).",
    ]);
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Cần xử lý: 1");
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    await screenshot(page, "import-coverage-4g");

    // The person leaves the Point out, checks again, and commits.
    await decisionFor(page, 3).selectOption({ label: "Bỏ qua dòng" });
    await recheck(page, "Bỏ qua: 1 · Cần xử lý: 0");
    const layer = await commit(page);
    expect(layer.written).toMatch(/^Lớp phủ sóng\/điện\/cáp: 1, Vùng phủ: 3, Hạ tầng thôn\/bản: [\d.]+$/);
    // The explorer shows the recomputed status: as many hamlets changed as the preview said; Ho Hồng, under the "good" area, has good Viettel 4G.
    const after = await hamletStatusAt(date);
    expect(changedBetween(before, after)).toBe(hamletsChanged);
    expect(after.get(hoHong.id)).toContain("sig_viettel_4g=2");
    await undoFromHistory(page, layer.importId);
    expect(await hamletStatusAt(date)).toEqual(before);

    // Fiber of Viettel as a zipped Shapefile in UTM metres: reprojected, nothing to repair, committed, undone.
    await uploadAndDryRun(page, path.join(FIX, "coverage-fiber-utm.zip"), "coverage", { kind: "fiber", operator: "viettel", asOf: date });
    expect(await page.getByText(/^Tệp: /).innerText()).toBe("Tệp: coverage-fiber-utm.zip — ZIP, Shapefile");
    const fiberChanged = await layerLine(page, { kept: 1, repaired: 0, rejected: 0 });
    expect(fiberChanged).toBeGreaterThan(0);
    expect(await page.getByTestId("problems").innerText()).toContain("Không có vấn đề nào.");
    await screenshot(page, "import-coverage-fiber-shapefile");
    const fiber = await commit(page);
    expect(fiber.written).toMatch(/^Lớp phủ sóng\/điện\/cáp: 1, Vùng phủ: 1, Hạ tầng thôn\/bản: [1-9][\d.]*$/);
    const withFiber = await hamletStatusAt(date);
    expect(changedBetween(before, withFiber)).toBe(fiberChanged);
    expect(withFiber.get(hoHong.id)).toContain("fiber=1"); // the fiber area is drawn around Ho Hồng
    await undoFromHistory(page, fiber.importId);
    expect(await hamletStatusAt(date)).toEqual(before);
    await close();
  });

  it("sites from CSV (a swapped lat/lon row corrected, a row outside the province skipped) and from GeoJSON: stored where the file says; undo removes them", async () => {
    const { page, close } = await openImportPage();
    const before = await muongLuanSites();

    await uploadAndDryRun(page, path.join(FIX, "sites.csv"), "sites");
    expect(await page.getByTestId("preview-summary").innerText()).toBe("Tổng số dòng: 3 · Thêm mới: 2 · Thay đổi: 0 · Không đổi: 0 · Bỏ qua: 0 · Cần xử lý: 1");
    expect(await problemLines(page)).toEqual([
      "Lỗi | 4 | 10.77, 106.7 | Dòng 4: vị trí 10.77, 106.7 nằm ngoài tỉnh Điện Biên.",
      "Lưu ý | 3 | 103.38877792577485, 21.292651574722314 | Dòng 3: tọa độ 103.38877792577485, 21.292651574722314 ghi ngược (kinh độ trước), đã đảo lại.",
    ]);
    // The swapped row is shown with its corrected coordinates.
    expect(await page.getByTestId("sample").innerText()).toContain("Kinh độ: — → 103.388778; Vĩ độ: — → 21.292652");
    await decisionFor(page, 4).selectOption({ label: "Bỏ qua dòng" });
    await recheck(page, "Tổng số dòng: 3 · Thêm mới: 2 · Thay đổi: 0 · Không đổi: 0 · Bỏ qua: 1 · Cần xử lý: 0");
    // The skipped row stays listed with the person's decision, which they could still change.
    expect((await problemLines(page))[0]).toMatch(/^Lỗi \| 4 \| /);
    expect(await decisionFor(page, 4).locator("option:checked").innerText()).toBe("Bỏ qua dòng");
    await screenshot(page, "import-sites-csv");
    const csv = await commit(page);
    expect(csv.written).toBe("Điểm (trường, nhà văn hóa…): 2");
    const stored = (await muongLuanSites()).filter((s) => !before.some((b) => b.properties.name === s.properties.name));
    expect(stored.map((s) => [s.properties.kind, s.properties.name, s.geometry.coordinates, s.properties.power, s.properties.backhaul])).toEqual([
      ["wifi_point", "Điểm Wi-Fi bản Ho Hồng", [103.39955, 21.29184], "grid", "fiber"],
      ["cultural_house", "Nhà văn hóa bản Nà Púa", [103.388778, 21.292652], "solar", "4g"],
    ]);

    // GeoJSON points: properties mapped like column headers, the rows numbered as features.
    await uploadAndDryRun(page, path.join(FIX, "sites.geojson"), "sites");
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Thêm mới: 2 · Thay đổi: 0 · Không đổi: 0 · Bỏ qua: 0 · Cần xử lý: 0");
    expect(await page.getByTestId("problems").innerText()).toContain("Không có vấn đề nào.");
    expect(await page.getByTestId("sample").locator("th").first().innerText()).toBe("Đối tượng");
    expect(await page.getByTestId("mapping").locator("tbody tr").allInnerTexts()).toHaveLength(4); // loai, ten, dien, ket_noi
    await screenshot(page, "import-sites-geojson");
    const gj = await commit(page);
    expect(gj.written).toBe("Điểm (trường, nhà văn hóa…): 2");
    expect((await muongLuanSites()).map((s) => s.properties.name)).toEqual(
      expect.arrayContaining(["Điểm trường bản Ho Hồng (mới)", "Trạm y tế xã (điểm mới)"]),
    );

    await undoFromHistory(page, gj.importId);
    await undoFromHistory(page, csv.importId);
    expect(await muongLuanSites()).toEqual(before);
    await close();
  });

  it('targets for 2026 per commune ("12.000" read as twelve thousand): committed, shown by the explorer, undone', async () => {
    const { page, close } = await openImportPage();
    const midYear = "2026-06-30";
    const before = await receivedTargetsAt(midYear);
    const tuaChua = (await units()).find((u) => u.level === "commune" && u.name === "Tủa Chùa")!;

    await uploadAndDryRun(page, path.join(FIX, "targets-2026.csv"), "targets");
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Thêm mới: 4 · Thay đổi: 0 · Không đổi: 0 · Bỏ qua: 0 · Cần xử lý: 0");
    const matches = await page.getByTestId("matches").innerText();
    expect(matches).toContain("Xã Mường Luân (theo tên)");
    expect(matches).toContain("Xã Tủa Chùa (theo tên)");
    expect(await page.getByTestId("sample").innerText()).toContain("— → 12000");
    await screenshot(page, "import-targets");
    const t = await commit(page);
    expect(t.written).toBe("Chỉ tiêu: 4");
    const after = await receivedTargetsAt(midYear);
    expect([after.get(MUONG_LUAN), after.get(tuaChua.id)]).toEqual([9000, 12000]);
    await undoFromHistory(page, t.importId);
    expect(await receivedTargetsAt(midYear)).toEqual(before);
    await close();
  });

  it("hamlet geometry: a point from CSV and outlines from GeoJSON (one outside the province listed by its feature and skipped); undo restores", async () => {
    const { page, close } = await openImportPage();
    const hoHong = (await muongLuanHamlet("Ho Hồng"))!;
    const hoXuan = (await muongLuanHamlet("Hô Xuân"))!;

    await uploadAndDryRun(page, path.join(FIX, "hamlet-points.csv"), "hamlets");
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Thêm mới: 0 · Thay đổi: 1 · Không đổi: 0 · Bỏ qua: 0 · Cần xử lý: 0");
    expect(await page.getByTestId("sample").innerText()).toContain(`Kinh độ: ${hoHong.labelLon} → 103.40055; Vĩ độ: ${hoHong.labelLat} → 21.29284`);
    await screenshot(page, "import-hamlet-point");
    const point = await commit(page);
    expect(point.written).toMatch(/^Đơn vị hành chính: 1(,|$)/);
    expect(await muongLuanHamlet("Ho Hồng")).toMatchObject({ labelLon: 103.40055, labelLat: 21.29284 });
    await undoFromHistory(page, point.importId);
    expect(await muongLuanHamlet("Ho Hồng")).toEqual(hoHong);

    await uploadAndDryRun(page, path.join(FIX, "hamlet-polygons.geojson"), "hamlets");
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Thêm mới: 0 · Thay đổi: 2 · Không đổi: 0 · Bỏ qua: 0 · Cần xử lý: 1");
    expect(await problemLines(page)).toEqual([
      "Lỗi | 2 | 105.846, 21.026 … 105.854, 21.034 | Đối tượng số 2: vị trí 105.846, 21.026 … 105.854, 21.034 nằm ngoài tỉnh Điện Biên.",
    ]);
    // The new outline is shown (by its bounding box) for the hamlet it replaces.
    expect(await page.getByTestId("sample").innerText()).toContain("→ 103.39555, 21.28784 … 103.40355, 21.29584");
    await page.getByLabel("Bỏ qua mọi dòng có lỗi").check();
    await recheck(page, "Bỏ qua: 1 · Cần xử lý: 0");
    await screenshot(page, "import-hamlet-polygons");
    const outlines = await commit(page);
    expect(outlines.written).toMatch(/^Đơn vị hành chính: 2(,|$)/);
    expect((await muongLuanHamlet("Ho Hồng"))!.bbox).toEqual([103.39555, 21.28784, 103.40355, 21.29584]);
    expect(await muongLuanHamlet("Hô Xuân")).toEqual(hoXuan); // the outline outside the province was left out
    await undoFromHistory(page, outlines.importId);
    expect(await muongLuanHamlet("Ho Hồng")).toEqual(hoHong);
    await close();
  });

  it("an unknown hamlet name resolved in the page by creating a new hamlet with a point: committed with its figures, undone from the history", async () => {
    const { page, close } = await openImportPage();
    expect(await muongLuanHamlet("Không Có Bản Này")).toBeUndefined();

    await uploadAndDryRun(page, path.join(FIX, "tricky-names.csv"));
    expect(await page.getByTestId("preview-summary").innerText()).toContain("Cần xử lý: 2");
    const matchRow = (name: string) => page.getByTestId("matches").locator("tbody > tr", { hasText: name });
    const unknown = matchRow("Không Có Bản Này");
    expect(await unknown.innerText()).toContain("Không tìm thấy — hãy chọn");
    await unknown.getByRole("combobox").selectOption({ label: "Tạo bản mới" });
    // The new hamlet's name and commune come from the file; the type and the point are the person's.
    expect(await unknown.getByLabel("Tên bản").inputValue()).toBe("Không Có Bản Này");
    expect(await unknown.getByLabel("Thuộc xã").locator("option:checked").innerText()).toBe("xã Mường Luân");
    await unknown.getByLabel("Loại").selectOption("bản");
    // The ward-style name found in many communes is skipped.
    await matchRow("Tổ dân phố 2").getByRole("combobox").selectOption({ label: "Bỏ qua các dòng này" });
    // Checked before the point is given: refused, at the row of the name.
    await recheck(page, "Cần xử lý: 1");
    expect(await problemLines(page)).toContain("Lỗi | 4 | 0, 0 | Dòng 4: vị trí 0, 0 nằm ngoài tỉnh Điện Biên.");
    expect(await page.getByTestId("commit").isDisabled()).toBe(true);
    await unknown.getByLabel("Vĩ độ").fill("21.3");
    await unknown.getByLabel("Kinh độ").fill("103.4");
    await recheck(page, "Thêm mới: 2 · Thay đổi: 0 · Không đổi: 0 · Bỏ qua: 1 · Cần xử lý: 0");
    // The new hamlet's figures are shown under its name, counted in the commune chosen for it.
    expect(await page.getByTestId("sample").locator("tbody tr", { hasText: "bản Không Có Bản Này" }).innerText()).toContain("Mới");
    expect(await page.getByTestId("preview").locator("table").first().innerText()).toContain("xã Mường Luân\t2\t0\t0\t0");
    await screenshot(page, "import-create-hamlet");
    const created = await commit(page);
    expect(created.written).toBe("Đơn vị hành chính: 1, Số liệu thôn/bản: 2");
    expect(await muongLuanHamlet("Không Có Bản Này")).toMatchObject({ labelLon: 103.4, labelLat: 21.3 });
    expect(await snapshotsOnJan31()).toBe(2);

    await undoFromHistory(page, created.importId);
    expect(await muongLuanHamlet("Không Có Bản Này")).toBeUndefined();
    expect(await snapshotsOnJan31()).toBe(0);
    await page.getByTestId("history").screenshot({ path: path.join(SCREENSHOTS, "import-create-hamlet-undone.png") });
    await close();
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
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers: { ...headers, cookie: app.cookie ?? "" } },
      (res) => {
        answered = true;
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, sentMb: sent });
        });
      },
    );
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

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { commitImport, dryRun } from "@/db/ingest/run";
import { rowsOf } from "@/db/queries/scope";
import { MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_PROPERTY_DEPTH } from "@/db/ingest/limits";
import { drivers, setupSeeded } from "../support/seeded-db";
import { inRollback, request } from "../support/import-helpers";
import { testActor } from "../support/actor";

// Hostile input at the import's boundary: each case ends as a problem saying what and where, never
// as a crash, a frozen server or a commit that fails after a dry run that passed.
const tmp = mkdtempSync(path.join(tmpdir(), "gapmap-import-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const SITES_HEADER = "Loại điểm,Tên điểm,Vĩ độ,Kinh độ,Nguồn điện,Kết nối\n";
const site = (name: string) => `Điểm Wi-Fi,${name},21.29184,103.39955,Điện lưới,Cáp quang\n`;

describe.each(drivers())("hostile imports on %s", (driver) => {
  const o = setupSeeded(driver);

  it("a NUL after the first 4 KB of a sites CSV: removed with a note at its row and column; the dry run and the commit store the same text", async () => {
    // Padding rows first (a comment column the mapping ignores), so the NUL is far past the sniffer's 4 KB.
    const filler = Array.from(
      { length: 60 },
      (_, i) => `Trường,Điểm trường số ${i + 1} ${"x".repeat(60)},21.29${String(i).padStart(3, "0")},103.39955,Điện lưới,4G\n`,
    ).join("");
    const p = file("sites-nul.csv", SITES_HEADER + filler + site("Điểm Wi-Fi bản\u0000 Ho Hồng"));
    await inRollback(o.db, async (db) => {
      const req = request(p, { kind: "sites" });
      const dry = await dryRun({ db, req });
      const note = dry.problems.find((x) => x.code === "controlChars");
      expect(note).toMatchObject({ row: 62, column: "B", value: "Điểm Wi-Fi bản Ho Hồng", params: { chars: "U+0000" } });
      expect(dry.canCommit).toBe(true);
      const c = await commitImport({ db, req, actor: testActor() });
      expect(c.status).toBe("committed");
      const names = rowsOf<{ name: string }>(await db.execute(sql`select name from sites where import_id = ${c.importId} and name like '%Ho Hồng%'`)).map(
        (r) => r.name,
      );
      expect(names).toEqual(["Điểm Wi-Fi bản Ho Hồng"]);
    });
  });

  it("a cell longer than a spreadsheet cell can be refuses the file at its row and column, with a preview", async () => {
    const p = file("sites-long-cell.csv", `${SITES_HEADER + site("Trạm A")}Điểm Wi-Fi,Trạm B,21.29,103.39,${"đ".repeat(MAX_CELL_CHARS + 10)},4G\n`);
    const dry = await dryRun({ db: o.db, req: request(p, { kind: "sites" }) });
    const pr = dry.problems.find((x) => x.code === "cellTooLong");
    expect(pr).toMatchObject({ row: 3, column: "E", params: { length: MAX_CELL_CHARS + 10, max: MAX_CELL_CHARS } });
    expect(pr!.value!.startsWith("đđđ")).toBe(true);
    expect(pr!.value!.length).toBeLessThan(100);
    expect(dry.canCommit).toBe(false);
  });

  it("a hamlet name of 30,000 characters is a problem at its row (not matched, no edit distance over it), and the row blocks the commit", async () => {
    const long = "Bản Ho Hồng ".repeat(2500);
    const p = file(
      "long-name.csv",
      `commune,hamlet,date,eligible,received,activated,level 2\nMường Luân,Nà Púa,2026-01-31,285,285,285,269\nMường Luân,${long},2026-01-31,271,271,270,256\n`,
    );
    const dry = await dryRun({ db: o.db, req: request(p) });
    const pr = dry.problems.find((x) => x.code === "nameTooLong");
    expect(pr).toMatchObject({ row: 3, column: "hamlet", params: { length: long.trim().length, max: MAX_NAME_CHARS } });
    expect(pr!.value!.length).toBeLessThan(100);
    expect(dry.summary.blocking).toBeGreaterThan(0);
    expect(dry.canCommit).toBe(false);
  }, 20_000);

  it("GeoJSON properties nested 100,000 deep: a problem at the feature (coverage), or the file refused naming the feature (sites)", async () => {
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [103.39, 21.28],
          [103.41, 21.28],
          [103.41, 21.3],
          [103.39, 21.3],
          [103.39, 21.28],
        ],
      ],
    };
    // The file is written by hand: JSON.stringify itself cannot go 100,000 deep.
    const nested = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const cov = file(
      "deep.geojson",
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ten":"ok"},"geometry":${JSON.stringify(square)}},{"type":"Feature","properties":${nested},"geometry":${JSON.stringify(square)}}]}`,
    );
    const dc = await dryRun({ db: o.db, req: request(cov, { kind: "coverage", coverage: { kind: "4g", operator: "viettel", asOf: "2026-01-15" } }) });
    expect(dc.problems.find((x) => x.code === "nestedTooDeep")).toMatchObject({ row: 1, column: "properties", params: { max: MAX_PROPERTY_DEPTH } });
    expect(dc.coverage).toMatchObject({ features: 1, rejected: 1 });
    const sites = file(
      "deep-sites.geojson",
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"Tên điểm":"A","Loại điểm":"Trường"},"geometry":{"type":"Point","coordinates":[103.4,21.29]}},{"type":"Feature","properties":{"Tên điểm":${nested}},"geometry":{"type":"Point","coordinates":[103.4,21.29]}}]}`,
    );
    const ds = await dryRun({ db: o.db, req: request(sites, { kind: "sites" }) });
    expect(ds.problems.find((x) => x.code === "nestedTooDeep")).toMatchObject({ row: 1, column: "properties" });
    expect(ds.canCommit).toBe(false);
  });
});

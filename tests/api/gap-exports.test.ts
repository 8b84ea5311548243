// Exports of the priorities and telecom tables (CSV, XLSX, GeoJSON) and the coverage-review route,
// called directly on a private copy of the seeded PGlite database in which some hamlet names are
// formula-injection strings and one hamlet has fewer than 5 people left to activate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it, expect, beforeAll } from "vitest";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { openDb } from "../../db/client";
import { priorityHamlets } from "../../db/queries/priorities";
import { gapRows, rankRows } from "@/app/_screens/priorities";
import { neutraliseText, exportCell, exportFileName } from "../../app/api/_lib/export";
import { PRIORITY_PRESETS } from "../../geo";
import { setupRouteEnv, type Handler } from "../support/route-env";
import { scopeOf } from "@/db/queries/scope";
import { findSoffice } from "../support/soffice";

const env = setupRouteEnv();
let exportGET: Handler;
let plannerExportGET: Handler;
let reviewsGET: Handler;
let reviewsPOST: Handler;

const SCOPE = "unit=d-101&structure=pre2025&date=2023-11-06";
/** Hamlet names that a spreadsheet would execute, stored in the copy (one per hamlet of Na Son). */
const INJECTIONS = [
  '=HYPERLINK("http://evil.example","Bản Nà")',
  "+84 cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "Bản A;=7*8*1000003;b",
  "Bản B,=6*7*1000003,c",
];
/** Each injection as exported: every piece that could start a formula (at the start, after , ; tab CR LF) has a leading quote. */
const NEUTRAL: Record<string, string> = {
  [INJECTIONS[0]!]: `'${INJECTIONS[0]}`,
  [INJECTIONS[1]!]: `'${INJECTIONS[1]}`,
  [INJECTIONS[2]!]: `'${INJECTIONS[2]}`,
  [INJECTIONS[3]!]: `'${INJECTIONS[3]}`,
  "\t=1+1": "'\t'=1+1",
  "\r=1+1": "'\r'=1+1",
  "Bản A;=7*8*1000003;b": "Bản A;'=7*8*1000003;b",
  "Bản B,=6*7*1000003,c": "Bản B,'=6*7*1000003,c",
};
/** What the formulas hidden in the last two injections evaluate to, were they run. */
const EVALUATED = ["56000168", "42000126"];
let injected: string[] = [];
let small = "";
let expected: ReturnType<typeof rankRows>;

beforeAll(async () => {
  const o = await openDb({ pgliteDir: env.dir, migrate: false });
  const ids = (await o.db.execute(sql`select id from admin_units where id like 'h-03205-%' order by id`)) as unknown as { rows: { id: string }[] };
  injected = ids.rows.slice(0, INJECTIONS.length).map((r) => r.id);
  for (const [i, id] of injected.entries()) await o.db.execute(sql`update admin_units set name = ${INJECTIONS[i]!} where id = ${id}`);
  // One hamlet with 3 people left to activate (all "other"): its counts must be withheld as <5.
  small = ids.rows[ids.rows.length - 1]!.id;
  await o.db.execute(sql`
    update hamlet_snapshots set activated = eligible - 3, received = greatest(received, eligible - 3), level2 = least(level2, eligible - 3),
      reason_away = 0, reason_elderly_sick = 0, reason_no_phone_number = 0, reason_sim_not_own = 0, reason_no_smartphone = 0,
      reason_handset_2g = 0, reason_no_signal = 0, reason_other = 3
    where hamlet_id = ${small} and as_of = '2023-11-06'`);
  expected = rankRows(
    gapRows((await priorityHamlets({ db: o.db, scope: scopeOf("d-101", "pre2025"), date: "2023-11-06" })).hamlets),
    PRIORITY_PRESETS.wifiPoints,
  );
  await o.close();
  // Exports are read as the chief of Điện Biên Đông (d-101): small counts are withheld for a chief,
  // while a planner (the demo planner of Điện Biên, p-11) gets exact counts (the policy's EXACT_COUNTS), checked below.
  exportGET = await env.handler("export", "GET", "chief");
  plannerExportGET = await env.handler("export", "GET");
  reviewsGET = await env.handler("coverage-reviews", "GET");
  reviewsPOST = await env.handler("coverage-reviews", "POST");
});

const get = (query: string) => exportGET(new Request(`http://x/api/export?${query}`));
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
/** XML (hence XLSX) reads a carriage return back as a line feed (XML 1.0 §2.11 end-of-line handling). */
const xml = (s: string) => s.replace(/\r\n?/g, "\n");

async function xlsxRows(res: Response): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe("neutralising formula injection", () => {
  it.each([["=1+1"], ["+1"], ["-1"], ["@A1"], ["\tx"], ["\rx"]])("a text starting like %j gets a leading quote", (s) => {
    expect(neutraliseText(s)).toBe(`'${s}`);
    expect(exportCell(s)).toBe(`'${s}`);
  });
  it.each([
    ["a;=7*8;b", "a;'=7*8;b"],
    ["x,+1", "x,'+1"],
    ["ghi chú\n@SUM(A1)", "ghi chú\n'@SUM(A1)"],
    ["a\t-1", "a\t'-1"],
    ['a;"=1+1"', `a;'"=1+1"`],
    ["=1;=2", "'=1;'=2"],
    ["a,\t=1", "a,'\t'=1"],
  ])("any piece that could start a formula after a separator (, ; tab line break) gets a leading quote: %j", (s, out) => {
    expect(neutraliseText(s)).toBe(out);
    expect(exportCell(s)).toBe(out);
  });
  it("leaves ordinary text, numbers and negative numbers alone", () => {
    for (const s of ["Điện Biên Đông", "a=b", " =x", "Bản Nà 1", "", "'quoted", "a; b", "1,5", "Tổ 3, khu 2", 'a,"b"']) expect(neutraliseText(s)).toBe(s);
    expect(exportCell(-3, "number")).toBe(-3);
    expect(exportCell(0.25, "rate")).toBe(0.25);
  });
  it("withholds counts of 1–4 as <5 and keeps 0 and 5", () => {
    expect([1, 4, 0, 5, null].map((v) => exportCell(v, "count"))).toEqual(["<5", "<5", 0, 5, null]);
    expect(exportCell(3, "number")).toBe(3);
  });
  it("names files after the table, the unit and the date, in ASCII", () => {
    expect(exportFileName("uu-tien", { id: "d-101", name: "Điện Biên Đông" }, "2023-11-06", "xlsx")).toBe(
      "gapmap06_uu-tien_d-101_dien-bien-dong_2023-11-06.xlsx",
    );
  });
});

describe("GET /api/export: the priorities table", () => {
  it("XLSX opened with exceljs equals the ranking computed directly, Vietnamese names intact, injections neutralised, small counts withheld", async () => {
    const res = await get(`table=priorities&format=xlsx&${SCOPE}&preset=wifiPoints`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toContain('filename="gapmap06_uu-tien_d-101_dien-bien-dong_2023-11-06.xlsx"');
    const rows = await xlsxRows(res);
    const header = rows[0] as string[];
    expect(header.slice(0, 7)).toEqual(["Hạng", "Mã bản", "Bản", "Xã", "Huyện", "Ngày số liệu", "Điểm ưu tiên"]);
    const body = rows.slice(1);
    expect(body).toHaveLength(198);
    expect(body.map((r) => r[1])).toEqual(expected.map((r) => r.id));
    const col = (name: string) => header.indexOf(name);
    body.forEach((r, i) => {
      const e = expected[i]!;
      expect(r[col("Hạng")]).toBe(e.rank);
      expect(r[col("Điểm ưu tiên")]).toBeCloseTo(e.score, 4);
      expect(r[col("Xã")]).toBe(e.communeName);
      const name = NEUTRAL[e.name] ?? e.name;
      expect(r[col("Bản")]).toBe(xml(name));
    });
    // Vietnamese names survive byte for byte (NFC).
    const names = body.map((r) => r[col("Bản")] as string);
    expect(names).toContain("Háng Pa");
    expect(names.every((n) => n === n.normalize("NFC"))).toBe(true);
    // Every injection string is there, neutralised; no cell is a formula.
    for (const s of INJECTIONS) expect(names).toContain(xml(NEUTRAL[s]!));
    expect(body.flat().some((v) => typeof v === "object" && v !== null && "formula" in (v as object))).toBe(false);
    // The hamlet with 3 people left: "<5" in every count column that is 1–4.
    const smallRow = body.find((r) => r[1] === small)!;
    expect(smallRow[col("Chưa kích hoạt")]).toBe("<5");
    // Its 3 people are all "other": process, or infrastructure where it has no 3G/4G; every other cause 0.
    const causes = header
      .map((h, j) => [h, smallRow[j]] as const)
      .filter(([h]) => h.startsWith("Nguyên nhân: "))
      .map(([, v]) => v);
    expect(causes.sort()).toEqual([0, 0, 0, 0, "<5"]);
    expect(smallRow[col("Nguyên nhân: Vắng mặt")]).toBe(0);
  });

  it("CSV has the same cells (UTF-8 with BOM), in English with lang=en", async () => {
    const [csvRes, xlsxRes] = await Promise.all([
      get(`table=priorities&format=csv&${SCOPE}&preset=wifiPoints&lang=en`),
      get(`table=priorities&format=xlsx&${SCOPE}&preset=wifiPoints&lang=en`),
    ]);
    expect(csvRes.headers.get("content-disposition")).toContain("gapmap06_uu-tien_d-101_dien-bien-dong_2023-11-06.csv");
    const buf = await bytes(csvRes);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parse(buf.toString("utf8").slice(1), { relax_column_count: false }) as string[][];
    const xlsx = await xlsxRows(xlsxRes);
    expect(csv[0]).toEqual(xlsx[0]);
    expect(csv[0]!.slice(0, 3)).toEqual(["Rank", "Hamlet id", "Hamlet"]);
    expect(csv.length).toBe(xlsx.length);
    csv.slice(1).forEach((r, i) => {
      const x = xlsx[i + 1]!;
      r.forEach((cell, j) => expect(xml(cell), `row ${i + 1} col ${csv[0]![j]}`).toBe(x[j] === null || x[j] === undefined ? "" : String(x[j])));
    });
    const names = csv.slice(1).map((r) => r[2]);
    for (const s of INJECTIONS) expect(names).toContain(NEUTRAL[s]);
    expect(names).toContain("Háng Pa");
  });

  it("the semicolon CSV (sep=semicolon) has the same cells, with decimal commas", async () => {
    const [semi, comma] = await Promise.all([
      get(`table=priorities&format=csv&${SCOPE}&preset=wifiPoints&sep=semicolon`),
      get(`table=priorities&format=csv&${SCOPE}&preset=wifiPoints`),
    ]);
    expect(semi.status).toBe(200);
    const a = parse((await bytes(semi)).toString("utf8").slice(1), { delimiter: ";" }) as string[][];
    const b = parse((await bytes(comma)).toString("utf8").slice(1)) as string[][];
    expect(a.length).toBe(b.length);
    const col = b[0]!.indexOf("Điểm ưu tiên");
    a.slice(1).forEach((r, i) => {
      expect(r[col]).toBe(b[i + 1]![col]!.replace(".", ","));
      expect(r[2]).toBe(b[i + 1]![2]);
    });
    expect(a.slice(1).some((r) => /^\d+,\d+$/.test(r[col]!))).toBe(true);
    expect((await get(`table=priorities&format=csv&${SCOPE}&sep=tab`)).status).toBe(400);
  });

  it("LibreOffice opening either CSV with either separator (, or ;) evaluates no formula", async () => {
    const soffice = findSoffice();
    const work = mkdtempSync(path.join(tmpdir(), "gapmap-lo-"));
    const opened: { as: string; cells: string[] }[] = [];
    try {
      for (const sep of ["comma", "semicolon"] as const) {
        const file = path.join(work, `uu-tien-${sep}.csv`);
        writeFileSync(file, await bytes(await get(`table=priorities&format=csv&${SCOPE}&preset=wifiPoints&sep=${sep}`)));
        for (const [openAs, code] of [
          [",", 44],
          [";", 59],
        ] as const) {
          // Opened as a person would (double-click: formulas evaluated), written back out as tab-separated values of what the cells show.
          const out = path.join(work, `out-${sep}-${code}`);
          execFileSync(
            soffice,
            [
              `-env:UserInstallation=file://${path.join(work, "profile")}`,
              "--headless",
              `--infilter=CSV:${code},34,76,1`,
              "--convert-to",
              "csv:Text - txt - csv (StarCalc):9,34,76,1",
              "--outdir",
              out,
              file,
            ],
            { stdio: "pipe", timeout: 120_000 },
          );
          const cells = (
            parse(readFileSync(path.join(out, `uu-tien-${sep}.csv`), "utf8"), { delimiter: "\t", relax_column_count: true, relax_quotes: true }) as string[][]
          ).flat();
          opened.push({ as: `${sep} CSV opened with "${openAs}"`, cells });
        }
      }
      // No formula ran: none of the hidden formulas' results, no formula error, in any of the four.
      expect(
        opened.map((o) => ({
          as: o.as,
          evaluated: EVALUATED.filter((v) => o.cells.includes(v)),
          errors: o.cells.filter((c) => /^(Err:\d+|#NAME\?|#REF!|#VALUE!)$/.test(c)),
        })),
      ).toEqual(opened.map((o) => ({ as: o.as, evaluated: [], errors: [] })));
      for (const o of opened) {
        expect(o.cells.length, o.as).toBeGreaterThan(198);
        // The neutralised pieces are there, as text.
        expect(
          o.cells.some((c) => c.includes("'=7*8*1000003")),
          o.as,
        ).toBe(true);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);

  it("GeoJSON carries every hamlet's polygon, score and explanation; small counts are null and named", async () => {
    const res = await get(`table=priorities&format=geojson&${SCOPE}&w=remaining:4,noFiber:-2`);
    expect(res.headers.get("content-disposition")).toContain("gapmap06_uu-tien_d-101_dien-bien-dong_2023-11-06.geojson");
    const fc = (await res.json()) as {
      features: { geometry: { type: string }; properties: Record<string, unknown> }[];
      meta: { weights: Record<string, number> };
    };
    expect(fc.features).toHaveLength(198);
    expect(fc.meta.weights).toMatchObject({ remaining: 4, noFiber: -2, distance: 0 });
    expect(fc.features.every((f) => f.geometry.type === "Polygon" || f.geometry.type === "MultiPolygon")).toBe(true);
    for (const f of fc.features) {
      const c = f.properties.contributions as Record<string, number>;
      expect(Object.values(c).reduce((a, b) => a + b, 0)).toBeCloseTo(f.properties.score as number, 10);
    }
    const s = fc.features.find((f) => f.properties.id === small)!.properties;
    expect(s.remaining).toBeNull();
    expect(s.suppressed).toContain("remaining");
  });

  it("a planner of the province gets the same table with exact counts: nothing withheld", async () => {
    const res = await plannerExportGET(new Request(`http://x/api/export?table=priorities&format=geojson&${SCOPE}&w=remaining:4,noFiber:-2`));
    expect(res.status).toBe(200);
    const fc = JSON.parse(await res.text()) as { features: { properties: Record<string, unknown> }[] };
    const s = fc.features.find((f) => f.properties.id === small)!.properties;
    expect(s.remaining).toBe(3);
    expect(s.suppressed ?? []).toEqual([]);
  });

  it("the bottleneck table sums the hamlets' people", async () => {
    const rows = await xlsxRows(await get(`table=bottlenecks&format=xlsx&${SCOPE}`));
    const total = rows.find((r) => r[2] === "Tổng")!;
    expect(total[3]).toBe(198);
    const byBottleneck = rows.slice(1, 7);
    expect(byBottleneck.reduce((s, r) => s + (r[3] as number), 0)).toBe(198);
    expect(byBottleneck.map((r) => r[0])).toEqual(["Hạ tầng", "Thiết bị, SIM", "Khó tiếp cận", "Thủ tục", "Vắng mặt", "Không đáng kể"]);
  });

  it.each([
    ["format", `table=bottlenecks&format=geojson&${SCOPE}`],
    ["w", `table=priorities&format=csv&w=remaining:9&${SCOPE}`],
    ["w", `table=priorities&format=csv&w=bogus:1&${SCOPE}`],
    ["table", `table=people&format=csv&${SCOPE}`],
    ["date", "table=priorities&format=csv&unit=d-101&structure=pre2025&date=06/11/2023"],
  ])("400 naming %s", async (param, query) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues.map((i) => i.path)).toContain(param);
  });

  it("404 for a unit not in the structure", async () => {
    expect((await get("table=priorities&format=csv&unit=d-101&structure=post2025")).status).toBe(404);
  });
});

describe("coverage reviews and the telecom exports", () => {
  const post = (body: unknown) =>
    reviewsPOST(new Request("http://x/api/coverage-reviews", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
  const review = () => ({
    unit: "d-101",
    structure: "pre2025",
    hamletId: injected[0],
    operator: "viettel",
    kind: "4g",
    status: "disputed",
    comment: "=cmd|' /C calc'!A0 sóng yếu",
    asOf: "2023-11-06",
    reviewedBy: "Viettel Điện Biên",
  });

  it("POST appends a review (201), refuses a dispute without comment (400) and a hamlet outside the scope (404)", async () => {
    const ok = await post(review());
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { review: { status: string } }).review.status).toBe("disputed");
    const noComment = await post({ ...review(), comment: "  " });
    expect(noComment.status).toBe(400);
    expect(((await noComment.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["comment"]);
    const bad = await post({ ...review(), operator: "fpt" });
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["operator"]);
    expect((await post({ ...review(), unit: "d-103" })).status).toBe(404);
    expect((await reviewsPOST(new Request("http://x/api/coverage-reviews", { method: "POST", body: "{" }))).status).toBe(400);
    await post({ ...review(), status: "confirmed", comment: "" });
    const hist = (await (await reviewsGET(new Request(`http://x/api/coverage-reviews?unit=d-101&structure=pre2025&hamlet=${injected[0]}`))).json()) as {
      reviews: { status: string }[];
    };
    expect(hist.reviews.map((r) => r.status)).toEqual(["confirmed", "disputed"]);
  });

  it("the telecom counts table has every view and gap, combined matching the cards", async () => {
    // The whole province: the planner's (the chief's would be cut down to the chief's district).
    const rows = await xlsxRows(
      await plannerExportGET(new Request(`http://x/api/export?table=telecomCounts&format=xlsx&unit=p-11&structure=pre2025&date=2023-09-15`)),
    );
    expect(rows[0]).toEqual(["Nhà mạng", "Thiếu", "Số bản thiếu", "Tổng số bản", "Người bị ảnh hưởng (dân số)", "Chưa kích hoạt", "Cần SIM"]);
    expect(rows).toHaveLength(1 + 4 * 4);
    const combined = Object.fromEntries(rows.slice(1, 5).map((r) => [r[1], r[2]]));
    expect(combined).toEqual({ "Chưa có 2G": 15, "Chưa có 3G/4G": 79, "Chưa có cáp quang": 165, "Chưa có điện lưới": 129 });
    expect(rows.slice(1).every((r) => r[3] === 1448)).toBe(true);
  });

  it("the reviews and telecom exports neutralise the comment and the names, and show the latest review", async () => {
    const reviews = await xlsxRows(await get(`table=reviews&format=xlsx&${SCOPE}`));
    const comments = reviews.slice(1).map((r) => r[7]);
    expect(comments).toContain("'=cmd|' /C calc'!A0 sóng yếu");
    const tRes = await get(`table=telecom&format=csv&${SCOPE}&view=viettel`);
    expect(tRes.headers.get("content-disposition")).toContain("gapmap06_vien-thong-viettel_d-101_dien-bien-dong_2023-11-06.csv");
    const csv = parse((await bytes(tRes)).toString("utf8").slice(1)) as string[][];
    expect(csv[0]!.slice(0, 5)).toEqual(["Mã bản", "Bản", "Xã", "Huyện", "Nhà mạng"]);
    expect(csv.slice(1).every((r) => r[4] === "Viettel")).toBe(true);
    const geo = (await (await get(`table=telecom&format=geojson&${SCOPE}&view=combined`)).json()) as {
      features: { properties: Record<string, unknown> }[];
      meta: { counts: Record<string, number> };
    };
    expect(geo.meta.counts.noBroadband).toBe(40);
    expect(geo.features.filter((f) => f.properties.noBroadband)).toHaveLength(40);
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTable, type SourceRow } from "@/db/ingest/read-table";
import { headerScoreFor, readSheet } from "@/db/ingest/sheet";
import type { Problem } from "@/db/ingest/problems";
import { findSoffice } from "../support/soffice";

const FIX = path.resolve(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(path.join(tmpdir(), "gapmap-xlsx-sheets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A workbook of `count` sheets as a district office sends them: a cover sheet, notes, charts'
 * data … and the table of hamlet figures on sheet `tableAt` (1-based), with shared strings.
 */
async function manySheets(count: number, tableAt: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (let i = 1; i <= count; i++) {
    const ws = wb.addWorksheet(i === tableAt ? "Số liệu bản" : `Trang ${i}`);
    if (i === tableAt) {
      ws.addRow(["BÁO CÁO THÁNG 01/2026 - XÃ MƯỜNG LUÂN"]);
      ws.addRow([]);
      ws.addRow(["STT", "Tên bản", "Số nhân khẩu đủ điều kiện", "Đã thu nhận", "Đã kích hoạt"]);
      ws.addRow([1, "Ho Hồng", 271, 271, 270]);
      ws.addRow([2, "Nà Púa", 285, 285, 285]);
    } else {
      ws.addRow([`Ghi chú ${i}`, "Người lập biểu", "Ngày 31 tháng 01 năm 2026"]);
      for (let r = 0; r < 30; r++) ws.addRow([r, `dòng ${r} của trang ${i}`, r * i]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readAll(file: string, sheet?: string) {
  const problems: Problem[] = [];
  const src = await openTable(file, "xlsx", { sheet, headerScore: headerScoreFor("indicators") });
  const s = await readSheet({ kind: "indicators", rows: src.rows, encoding: src.encoding, problems, sheet: src.sheet });
  const data: unknown[] = [];
  for await (const d of s.data) data.push(d);
  return { sheet: src.sheet, headerRows: s.layout.headerRows, fields: s.layout.columns.map((c) => c.field), data, problems };
}

describe("workbooks with many sheets", () => {
  let files: Record<string, string>;
  beforeAll(async () => {
    files = {};
    for (const [n, at] of [
      [12, 7],
      [20, 15],
    ] as const) {
      files[`${n}`] = path.join(tmp, `${n}-sheets.xlsx`);
      writeFileSync(files[`${n}`]!, await manySheets(n, at));
    }
  });

  it.each([
    ["12", 11],
    ["20", 19],
  ])("a %s-sheet workbook (exceljs writes xl/workbook.xml last): the sheet with the header is read, the others are listed", async (n, others) => {
    const r = await readAll(files[n]!);
    expect(r.sheet?.name).toBe("Số liệu bản");
    expect(r.sheet?.others).toHaveLength(others);
    expect(r.headerRows).toEqual([3]);
    expect(r.fields.slice(1)).toEqual(["hamlet", "eligible", "received", "activated"]);
    expect(r.data).toHaveLength(2);
    expect(r.problems.find((p) => p.code === "sheetChosen")?.params).toMatchObject({
      sheet: "Số liệu bản",
      others: expect.stringContaining("Trang 1, Trang 2"),
    });
  });

  it("the user can name the sheet; a name that is not there is a problem listing the sheets", async () => {
    const src = await openTable(files["12"]!, "xlsx", { sheet: "Trang 3", headerScore: headerScoreFor("indicators") });
    expect(src.sheet?.name).toBe("Trang 3");
    const first = (await src.rows[Symbol.asyncIterator]().next()).value as SourceRow;
    expect(first.cells[0]).toBe("Ghi chú 3");
    await expect(readAll(files["12"]!, "Không có")).rejects.toMatchObject({ code: "sheetNotFound", params: { sheet: "Không có" } });
  });

  it("the same workbook saved by LibreOffice (its own part order) reads the same", async () => {
    const soffice = findSoffice();
    const out = path.join(tmp, "lo");
    execFileSync(
      soffice,
      [
        `-env:UserInstallation=file://${path.join(tmp, "lo-profile")}`,
        "--headless",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        out,
        files["12"]!,
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    const saved = path.join(out, "12-sheets.xlsx");
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved).equals(readFileSync(files["12"]!))).toBe(false);
    const r = await readAll(saved);
    expect(r.sheet?.name).toBe("Số liệu bản");
    expect(r.data).toHaveLength(2);
  }, 180_000);

  it("the project's fixture read 50 times gives 50 identical results (the streaming reader's race is gone)", async () => {
    const first = JSON.stringify(await readAll(path.join(FIX, "muong-luan-2026-01.xlsx")));
    const results = new Set<string>();
    for (let i = 0; i < 50; i++) {
      // Other work between reads and inside them, as in a server (the race showed when the consumer awaited).
      const r = await readAll(path.join(FIX, "muong-luan-2026-01.xlsx"));
      results.add(JSON.stringify(r));
    }
    expect([...results]).toEqual([first]);
    expect(JSON.parse(first).data.length).toBeGreaterThan(40);
  });
});

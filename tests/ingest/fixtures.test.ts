// The bad-input corpus (tests/ingest/fixtures/bad/, made by make-fixtures.ts): each file with its
// expected outcome — the problem codes (at their rows) — and the database unchanged after a commit
// attempt. Runs on a private copy of the seeded PGlite database.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { commitImport, dryRun } from "@/db/ingest/run";
import { CommitRefused, type ImportKind, type Preview } from "@/db/ingest/types";
import { rowsOf } from "@/db/queries/scope";
import { snapshotsCsv } from "@/db/ingest/export";
import { setupSeeded } from "../support/seeded-db";
import { ACTOR, digest, inRollback, request } from "../support/import-helpers";

const o = setupSeeded("pglite");

const COVERAGE = { kind: "4g" as const, operator: "viettel" as const, asOf: "2026-01-15" };
/** file, kind, the problem codes expected (as code@row; row omitted for file-level problems). */
const CORPUS: [string, ImportKind, string[]][] = [
  ["bad/empty.csv", "indicators", ["emptyFile"]],
  ["bad/report.pdf.xlsx", "indicators", ["wrongType"]],
  ["bad/old-format.xls", "indicators", ["xlsOld"]],
  ["bad/corrupt.xlsx", "indicators", ["corruptXlsx"]],
  ["bad/wrong-encoding.csv", "indicators", ["notText"]],
  ["bad/missing-columns.csv", "indicators", ["missingColumns"]],
  ["bad/no-header.csv", "indicators", ["noHeader"]],
  ["bad/shapefile-without-shp.zip", "coverage", ["shapefileIncomplete"]],
  ["muong-luan-2026-01.xlsx", "coverage", ["wrongType"]],
  ["coverage-4g.geojson", "indicators", ["wrongType"]],
  ["bad/formula-cells.xlsx", "indicators", ["formulaCell@2"]],
  [
    "bad/bad-values.csv",
    "indicators",
    [
      "negative@2",
      "notANumber@3",
      "activatedOverReceived@4",
      "receivedOverEligible@5",
      "futureDate@6",
      "duplicateRow@8",
      "duplicateConflict@10",
      "unknownUnit@11",
      "formulaText@12",
      "formulaLikeName@13",
      "unknownUnit@13",
      "markupInName@14",
      "unknownUnit@14",
      "notADate@15",
      "notInteger@16",
    ],
  ],
];

describe("bad input: a clear message each, and the database unchanged", () => {
  it.each(CORPUS)("%s (%s)", async (file, kind, expected) => {
    await inRollback(o.db, async (db) => {
      const before = await digest(db, true);
      const req = request(file, { kind, ...(kind === "coverage" ? { coverage: COVERAGE } : {}) });
      const p: Preview = await dryRun({ db, req });
      const got = p.problems
        .filter(
          (x) => x.severity === "error" || x.severity === "flag" || x.code === "formulaLikeName" || x.code === "markupInName" || x.code === "duplicateRow",
        )
        .map((x) => (x.row === null ? x.code : `${x.code}@${x.row}`));
      expect(got.sort()).toEqual([...expected].sort());
      expect(p.canCommit).toBe(false);
      // Every problem has its row, column and value where it has one.
      for (const x of p.problems.filter((y) => y.row !== null && y.code !== "unknownUnit")) expect(x.column, x.code).toBeTruthy();
      const attempt = await commitImport({ db, actor: ACTOR, req }).catch((e: unknown) => e);
      expect(attempt).toBeInstanceOf(CommitRefused);
      expect(await digest(db, true)).toEqual(before);
    });
  });

  it("a formula cell is imported only when the user accepts its saved result", async () => {
    await inRollback(o.db, async (db) => {
      const req = request("bad/formula-cells.xlsx");
      expect((await dryRun({ db, req })).canCommit).toBe(false);
      const accepted = await dryRun({ db, req: { ...req, decisions: { "2": "accept" } } });
      expect(accepted.canCommit).toBe(true);
      expect(accepted.problems.find((x) => x.code === "formulaCell")?.column).toBe("Đã thu nhận");
    });
  });

  it("received > eligible is the user's decision: skip the row, or accept (eligible raised to received)", async () => {
    await inRollback(o.db, async (db) => {
      const req = request("bad/bad-values.csv", { skipInvalid: true, resolutions: {} });
      const p = await dryRun({ db, req });
      expect(p.summary.blocking).toBeGreaterThan(0); // the flag still waits (and the unknown names)
      const groups = Object.fromEntries(p.matches.filter((m) => !m.unitId).map((m) => [m.key, { action: "skip" as const }]));
      const skipped = await dryRun({ db, req: { ...req, resolutions: groups, decisions: { "5": "skip" } } });
      expect(skipped.summary.blocking).toBe(0);
      const accepted = await dryRun({ db, req: { ...req, resolutions: groups, decisions: { "5": "accept" } } });
      expect(accepted.summary.new).toBe(skipped.summary.new + 1);
      const row5 = accepted.sample.find((r) => r.row === 5)!;
      const received5 = Number(readFileSync(req.filePath, "utf8").split("\n")[4]!.split(",")[4]);
      expect(row5.changes.eligible![1]).toBe(received5);
    });
  });

  it("names with a script tag or a leading '=' are stored as plain text when the user creates the hamlet, and exported defused", async () => {
    await inRollback(o.db, async (db) => {
      const req0 = request("bad/bad-values.csv", { skipInvalid: true });
      const p = await dryRun({ db, req: req0 });
      const resolutions = Object.fromEntries(
        p.matches
          .filter((m) => !m.unitId)
          .map((m) => [
            m.key,
            m.hamlet?.startsWith("<") || m.hamlet?.startsWith("=")
              ? { action: "create" as const, name: m.hamlet!, type: "bản" as const, communeId: "c25-03214", lon: 103.4, lat: 21.3 }
              : { action: "skip" as const },
          ]),
      );
      const c = await commitImport({ db, actor: ACTOR, req: { ...req0, resolutions, decisions: { "5": "skip" } } });
      expect(c.status).toBe("committed");
      const names = rowsOf<{ name: string }>(await db.execute(sql`select name from admin_units where source like 'import:%' order by name`)).map((r) => r.name);
      expect(names).toEqual(["<script>alert(1)</script>", '=HYPERLINK("http://x")']);
      const csv = snapshotsCsv([{ hamletCode: "x", commune: "c", hamlet: names[1]!, asOf: "2026-01-31", counts: {} }]);
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    });
  });
});

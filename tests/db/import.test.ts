import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { commitImport, dryRun } from "@/db/ingest/run";
import { CommitRefused, type Preview } from "@/db/ingest/types";
import { listImports, snapshotsForExport, undoImport } from "@/db/queries/imports";
import { rowsOf, scopeOf, type Scope } from "@/db/queries/scope";
import { copyRows } from "@/db/queries/copy";
import { snapshotsCsv } from "@/db/ingest/export";
import { SNAPSHOT_COLUMNS } from "@/db/ingest/indicators";
import { drivers, setupSeeded } from "../support/seeded-db";
import { ACTOR, digest, inRollback, request, SCOPE } from "../support/import-helpers";

const FIX = path.resolve(import.meta.dirname, "../ingest/fixtures");
const tmp = mkdtempSync(path.join(tmpdir(), "gapmap-import-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The two rows of the messy sheet naming "Ten Chải" (two hamlets of that name in xã Mường Luân since the 2025 merger). */
function tenChai(p: Preview) {
  const g = p.matches.find((m) => m.status === "ambiguous")!;
  return {
    group: g,
    resolutions: {
      [`row:${g.rows[0]}`]: { action: "unit" as const, unitId: g.candidates[0]!.id },
      [`row:${g.rows[1]}`]: { action: "unit" as const, unitId: g.candidates[1]!.id },
    },
  };
}

describe.each(drivers())("imports on %s", (driver) => {
  const o = setupSeeded(driver);

  it(
    "a commune officer's messy sheet (TCVN3, title rows, merged header, totals row): " +
      "dry run, resolve, commit, re-import changes nothing, undo restores exactly",
    async () => {
      await inRollback(o.db, async (db) => {
        const before = await digest(db);
        const req = request("muong-luan-2026-01.xlsx");
        const p1 = await dryRun({ db, req });
        expect(await digest(db)).toEqual(before); // a dry run writes nothing
        // Read from the title: the month and the commune.
        expect(p1.context).toMatchObject({ asOf: "2026-01-31", asOfSource: "title", communeId: "c25-03214", communeSource: "title" });
        expect(p1.encoding).toContain("TCVN3");
        expect(p1.conversions.some((c) => c.kind === "tcvn3" && c.from === "Tªn b¶n" && c.to === "Tên bản")).toBe(true);
        expect(p1.conversionCounts.tcvn3).toBeGreaterThan(45);
        // Header found under the title, with the merged "Lý do chưa kích hoạt" group.
        expect(p1.headerRows).toEqual([5, 6]);
        const field = (h: string) => p1.columns.find((c) => c.header.endsWith(h))?.field;
        expect([
          field("Tên bản"),
          field("Số nhân khẩu đủ điều kiện"),
          field("Đã thu nhận"),
          field("Đã kích hoạt"),
          field("Vắng mặt"),
          field("Khác"),
          field("Tỷ lệ kích hoạt (%)"),
        ]).toEqual(["hamlet", "eligible", "received", "activated", "reasonAway", "reasonOther", "_rate"]);
        expect(Object.keys(p1.problemCounts).sort()).toEqual(["ambiguousUnit", "carriedForward", "columnNumbersRow", "sectionRow", "totalsRow"]);
        // Names written "Bản Ho Hồng", "NÀ PÚA" (.VnTimeH) and with doubled spaces all matched by name.
        const byFile = (n: string) => p1.matches.find((m) => m.hamlet === n);
        expect(byFile("NÀ PÚA")).toMatchObject({ status: "matched", how: "name" });
        expect(p1.matches.filter((m) => m.status === "matched")).toHaveLength(43);
        // Two hamlets named Ten Chải since the merger: listed for the user, not guessed; nothing can be written yet.
        const { group, resolutions } = tenChai(p1);
        expect(group.candidates).toHaveLength(2);
        expect(p1.summary).toMatchObject({ new: 43, changed: 0, blocking: 2 });
        expect(p1.canCommit).toBe(false);
        await expect(commitImport({ db, actor: ACTOR, req })).rejects.toBeInstanceOf(CommitRefused);
        expect(await digest(db)).toEqual(before);

        // The user picks the two hamlets; now all 45 rows are new for January 2026.
        const p2 = await dryRun({ db, req: { ...req, resolutions } });
        expect(p2.summary).toMatchObject({ rows: 45, new: 45, changed: 0, unchanged: 0, blocking: 0 });
        expect(p2.canCommit).toBe(true);
        const c1 = await commitImport({ db, actor: ACTOR, req: { ...req, resolutions } });
        expect(c1).toMatchObject({ status: "committed", counts: { hamlet_snapshots: 45 } });
        // The stored sums equal the sheet's own totals row (formulas' saved results).
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(req.filePath);
        const ws = wb.worksheets[0]!;
        let totals: ExcelJS.Row | null = null;
        ws.eachRow((r) => {
          if (String(r.getCell(2).value ?? "").startsWith("Tæng")) totals = r;
        });
        const cached = (c: number) => Number(((totals as unknown as ExcelJS.Row).getCell(c).value as { result: number }).result);
        const sums = rowsOf<{ e: number; r: number; a: number; l2: number }>(
          await db.execute(sql`
        select sum(eligible)::int as e, sum(received)::int as r, sum(activated)::int as a, sum(level2)::int as l2 from hamlet_snapshots s
        join admin_parents p on p.child_id = s.hamlet_id and p.structure = 'post2025' and p.parent_id = 'c25-03214' where s.as_of = '2026-01-31'`),
        )[0]!;
        expect([Number(sums.e), Number(sums.r), Number(sums.a), Number(sums.l2)]).toEqual([cached(3), cached(4), cached(5), cached(6)]);
        const afterFirst = await digest(db);
        expect(afterFirst).not.toEqual(before);

        // Importing the same file again changes nothing — and the mapping is remembered.
        const p3 = await dryRun({ db, req: { ...req, resolutions } });
        expect(p3.summary).toMatchObject({ new: 0, changed: 0, unchanged: 45 });
        expect(p3.alreadyImported?.importId).toBe(c1.importId);
        expect(p3.mappingSource).toBe("remembered");
        expect(await commitImport({ db, actor: ACTOR, req: { ...req, resolutions } })).toEqual({ status: "nothing", importId: null, counts: {} });
        expect(await digest(db)).toEqual(afterFirst);

        // Undo restores exactly the previous state.
        expect(await undoImport({ db, scope: SCOPE, importId: c1.importId!, actor: ACTOR })).toEqual({ status: "undone", restored: 45 });
        expect(await digest(db)).toEqual(before);
        expect(await undoImport({ db, scope: SCOPE, importId: c1.importId!, actor: ACTOR })).toEqual({ status: "alreadyUndone" });
      });
    },
  );

  it("all or nothing: an import that fails after writing rows inside its transaction leaves the database unchanged", async () => {
    await inRollback(o.db, async (db) => {
      const file = await provinceExport(db, tmp, "2025-12-31", "31/01/2026", driver);
      const before = await digest(db, true);
      let written = 0;
      const failing = commitImport({
        db,
        actor: ACTOR,
        req: request(file),
        onProgress: (p) => {
          if (p.phase === "write") {
            written = p.done;
            throw new Error("killed after writing rows");
          }
        },
      });
      await expect(failing).rejects.toThrow("killed after writing rows");
      expect(written).toBeGreaterThan(1000); // rows really were written before the failure
      expect(await digest(db, true)).toEqual(before);
    });
  });

  it("round trip: an export imports back as the same data", async () => {
    await inRollback(o.db, async (db) => {
      // Exported and imported under the same date: nothing changes (withheld "<5" cells keep their values).
      const same = await provinceExport(db, tmp, "2025-12-31", null, driver, "c25-03214");
      const p = await dryRun({ db, req: request(same) });
      expect(p.summary).toMatchObject({ rows: 45, new: 0, changed: 0, unchanged: 45, blocking: 0 });
      expect(p.columns.filter((c) => c.field).length).toBe(24);
      // Imported under a new month: every column of every hamlet equals the exported month's.
      const next = await provinceExport(db, tmp, "2025-12-31", "31/01/2026", driver, "c25-03214");
      const c = await commitImport({ db, actor: ACTOR, req: request(next) });
      expect(c).toMatchObject({ status: "committed", counts: { hamlet_snapshots: 45 } });
      const cols = Object.values(SNAPSHOT_COLUMNS).join(", ");
      const diff = rowsOf<{ n: number }>(
        await db.execute(
          sql.raw(`
        select count(*)::int as n from (
          (select hamlet_id, ${cols} from hamlet_snapshots
           where as_of = '2025-12-31' and hamlet_id in (select child_id from admin_parents where structure = 'post2025' and parent_id = 'c25-03214')
           except select hamlet_id, ${cols} from hamlet_snapshots where as_of = '2026-01-31')
          union all
          (select hamlet_id, ${cols} from hamlet_snapshots where as_of = '2026-01-31'
           except select hamlet_id, ${cols} from hamlet_snapshots where as_of = '2025-12-31')
        ) d`),
        ),
      )[0]!;
      expect(Number(diff.n)).toBe(0);
    });
  });

  it.each([
    ["muong-luan-2026-01-vni.csv", { encodingHas: "VNI", new: 5 }],
    ["english-codes.csv", { encodingHas: "UTF-8", new: 4 }],
    ["nfd.csv", { encodingHas: "UTF-8", new: 3, nfc: true }],
  ] as const)("%s imports (legacy/English/NFD)", async (file, exp) => {
    await inRollback(o.db, async (db) => {
      const p = await dryRun({ db, req: request(file) });
      expect(p.encoding).toContain(exp.encodingHas);
      expect(p.summary).toMatchObject({ new: exp.new, blocking: 0 });
      if ("nfc" in exp) expect(p.conversionCounts.nfc).toBeGreaterThan(0);
      if (file.includes("english")) expect(p.matches.every((m) => m.how === "code")).toBe(true);
      expect(p.canCommit).toBe(true);
    });
  });

  it("tricky names: Háng Pa with its type word, a ward-style name found in many communes, an unknown name", async () => {
    const p = await dryRun({ db: o.db, req: request("tricky-names.csv") });
    const m = (n: string) => p.matches.find((x) => x.hamlet === n)!;
    expect(m("Bản Háng Pa")).toMatchObject({ status: "matched", unitName: "Bản Háng Pa" });
    expect(m("Tổ dân phố 2").status).toBe("ambiguous");
    expect(m("Tổ dân phố 2").candidates.length).toBeGreaterThan(5);
    expect(m("Không Có Bản Này")).toMatchObject({ status: "unmatched", unitId: null });
    expect(p.canCommit).toBe(false);
  });

  it("an unknown name resolved by creating a hamlet with a point; undo removes it", async () => {
    await inRollback(o.db, async (db) => {
      const before = await digest(db);
      const req0 = request("tricky-names.csv");
      const p = await dryRun({ db, req: req0 });
      const unknown = p.matches.find((x) => x.hamlet === "Không Có Bản Này")!;
      const tdp = p.matches.find((x) => x.hamlet === "Tổ dân phố 2")!;
      const create = { action: "create" as const, name: "Không Có Bản Này", type: "bản" as const, communeId: "c25-03214", lon: 103.4, lat: 21.3 };
      const req = { ...req0, resolutions: { [unknown.key]: create, [tdp.key]: { action: "skip" as const } } };
      // A point outside the province (the page's blank point is 0, 0) is refused at the name's row; its rows still block.
      const noPoint = { ...req, resolutions: { ...req.resolutions, [unknown.key]: { ...create, lon: 0, lat: 0 } } };
      const p0 = await dryRun({ db, req: noPoint });
      expect(p0.problems.find((x) => x.code === "outsideProvince")).toMatchObject({ row: unknown.rows[0], value: "0, 0" });
      expect(p0.summary).toMatchObject({ blocking: 1 });
      const p2 = await dryRun({ db, req });
      expect(p2.summary).toMatchObject({ rows: 3, new: 2, skipped: 1, blocking: 0 }); // Tổ dân phố 2's row is left out, and counted so
      // The hamlet to be created is shown by its name, under the commune chosen for it.
      expect(p2.sample.find((r) => r.row === unknown.rows[0])?.unitName).toBe("bản Không Có Bản Này");
      expect(p2.perUnit).toEqual([expect.objectContaining({ unitId: "c25-03214", new: 2 })]);
      const c = await commitImport({ db, actor: ACTOR, req });
      expect(c.counts).toMatchObject({ admin_units: 1, hamlet_snapshots: 2 });
      const created = rowsOf<{ id: string; name: string; parents: number; closure: number }>(
        await db.execute(sql`
        select u.id, u.name, (select count(*)::int from admin_parents p where p.child_id = u.id) as parents,
               (select count(*)::int from admin_closure c where c.descendant_id = u.id and c.ancestor_id = 'p-11') as closure
        from admin_units u where u.source like 'import:%'`),
      );
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ name: "Không Có Bản Này", parents: 2 });
      expect(Number(created[0]!.closure)).toBe(2); // under the province in both structures
      expect(await undoImport({ db, scope: SCOPE, importId: c.importId!, actor: ACTOR })).toMatchObject({ status: "undone" });
      expect(await digest(db)).toEqual(before);
    });
  });

  it("COPY (the bulk insert of new rows) stores text with tabs, newlines, backslashes, quotes and nulls exactly", async () => {
    await inRollback(o.db, async (db) => {
      await db.execute(sql`create temp table copy_check (id int, t text, d date, j jsonb) on commit drop`);
      const rows = [
        { id: 1, t: 'Bản\tHáng\nPa \\ "x" \r end', d: "2026-01-05", j: { a: "b\tc" } },
        { id: 2, t: null, d: null, j: null },
        { id: 3, t: "\\N", d: "2026-12-31", j: [1, 2] },
        { id: 4, t: "", d: "2026-02-01", j: {} },
      ];
      const progress: number[] = [];
      await copyRows({ db, table: "copy_check", columns: ["id", "t", "d", "j"], rows, chunkRows: 3, onChunk: (n) => void progress.push(n) });
      expect(progress).toEqual([3, 4]);
      const back = rowsOf<{ id: number; t: string | null; d: string | null; j: string | null }>(
        await db.execute(sql`select id, t, d::text as d, j::text as j from copy_check order by id`),
      );
      expect(back.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
        { id: 1, t: rows[0]!.t, d: "2026-01-05", j: '{"a": "b\\tc"}' },
        { id: 2, t: null, d: null, j: null },
        { id: 3, t: "\\N", d: "2026-12-31", j: "[1, 2]" },
        { id: 4, t: "", d: "2026-02-01", j: "{}" },
      ]);
      await expect(copyRows({ db, table: "copy_check; drop table x", columns: ["id"], rows: [{ id: 1 }] })).rejects.toThrow("not a plain identifier");
    });
  });

  it(
    "hamlet polygons from GeoJSON: the outline, bbox and label point replace the stored ones; " +
      "a polygon outside the province is rejected with its feature index; undo restores",
    async () => {
      await inRollback(o.db, async (db) => {
        const before = await digest(db);
        const fc = JSON.parse(readFileSync(path.join(FIX, "hamlet-polygons.geojson"), "utf8")) as {
          features: { properties: { ban: string }; geometry: { type: string; coordinates: unknown } }[];
        };
        const req = request("hamlet-polygons.geojson", { kind: "hamlets" });
        const p = await dryRun({ db, req });
        expect(p.format).toBe("geojson");
        const outside = p.problems.find((x) => x.code === "outsideProvince");
        expect(outside?.row).toBe(2); // the third feature (0-based feature index, as for coverage files)
        expect(p.summary).toMatchObject({ changed: 2, blocking: 1 });
        expect(p.sample.every((r) => "geometry" in r.changes)).toBe(true);
        const c = await commitImport({ db, actor: ACTOR, req: { ...req, skipInvalid: true } });
        expect(c).toMatchObject({ status: "committed", counts: { admin_units: 2 } });
        for (const f of fc.features.slice(0, 2)) {
          const [u] = rowsOf<{ geometry: unknown; w: number; s: number; e: number; n: number; lon: number; lat: number }>(
            await db.execute(sql`
          select geometry, bbox_west as w, bbox_south as s, bbox_east as e, bbox_north as n, label_lon as lon, label_lat as lat
          from admin_units a where a.level = 'hamlet' and a.name = ${f.properties.ban}
          and exists (select 1 from admin_parents p where p.child_id = a.id and p.parent_id = 'c25-03214')`),
          );
          const g = typeof u!.geometry === "string" ? JSON.parse(u!.geometry) : u!.geometry;
          expect(g).toEqual(f.geometry);
          const xs = JSON.stringify(f.geometry.coordinates)
            .match(/-?\d+\.\d+/g)!
            .map(Number);
          const lons = xs.filter((_, i) => i % 2 === 0),
            lats = xs.filter((_, i) => i % 2 === 1);
          expect([Number(u!.w), Number(u!.s), Number(u!.e), Number(u!.n)]).toEqual([
            Math.min(...lons),
            Math.min(...lats),
            Math.max(...lons),
            Math.max(...lats),
          ]);
          // The label point lies inside the outline's bbox.
          expect(Number(u!.lon)).toBeGreaterThanOrEqual(Number(u!.w));
          expect(Number(u!.lon)).toBeLessThanOrEqual(Number(u!.e));
          expect(Number(u!.lat)).toBeGreaterThanOrEqual(Number(u!.s));
          expect(Number(u!.lat)).toBeLessThanOrEqual(Number(u!.n));
        }
        expect(await commitImport({ db, actor: ACTOR, req: { ...req, skipInvalid: true } })).toMatchObject({ status: "nothing" });
        expect(await undoImport({ db, scope: SCOPE, importId: c.importId!, actor: ACTOR })).toMatchObject({ status: "undone" });
        expect(await digest(db)).toEqual(before);
      });
    },
  );

  it("undo refuses while a later import changed the same rows, then works in order", async () => {
    await inRollback(o.db, async (db) => {
      const before = await digest(db);
      const a = await commitImport({ db, actor: ACTOR, req: request("english-codes.csv") });
      const changed = path.join(tmp, `english-changed-${driver}.csv`);
      writeFileSync(
        changed,
        readFileSync(path.join(FIX, "english-codes.csv"), "utf8").replace(/,(\d+)\n/g, (_m, l2: string) => `,${Number(l2) - 1}\n`),
      );
      // a's rows are new: inserted by COPY, stamped with a's id, no per-row log (insertStamped).
      const logged = async (id: number) =>
        Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from import_changes where import_id = ${id}`))[0]!.n);
      expect(await logged(a.importId!)).toBe(0);
      expect((await listImports({ db, scope: SCOPE })).find((r) => r.id === a.importId)?.changes).toBe(4);
      const b = await commitImport({ db, actor: ACTOR, req: request(changed) });
      expect(b).toMatchObject({ status: "committed", counts: { hamlet_snapshots: 4 } });
      expect(await logged(b.importId!)).toBe(4); // b changed existing rows: logged before/after
      expect(await undoImport({ db, scope: SCOPE, importId: a.importId!, actor: ACTOR })).toEqual({ status: "conflict", rows: 4, laterImports: [b.importId] });
      // The history is the viewer's: Thanh Hóa's viewers neither see nor undo Điện Biên's imports;
      // the same province seen in the pre-2025 structure does see them.
      const seen = async (scope: Scope) => (await listImports({ db, scope })).map((r) => r.id);
      expect(await seen(scopeOf("p-38", "post2025"))).not.toContain(b.importId);
      expect(await seen(scopeOf("p-38", "post2025"))).toContain(1); // the demo data concern everyone
      expect(await seen(scopeOf("p-11", "pre2025"))).toEqual(expect.arrayContaining([a.importId, b.importId]));
      expect(await undoImport({ db, scope: scopeOf("p-38", "post2025"), importId: b.importId!, actor: ACTOR })).toEqual({ status: "notFound" });
      expect(await undoImport({ db, scope: SCOPE, importId: b.importId!, actor: ACTOR })).toMatchObject({ status: "undone" });
      expect(await undoImport({ db, scope: SCOPE, importId: a.importId!, actor: ACTOR })).toMatchObject({ status: "undone" });
      expect(await digest(db)).toEqual(before);
      expect(await undoImport({ db, scope: SCOPE, importId: 1, actor: ACTOR })).toEqual({ status: "notUndoable", reason: "demo" });
    });
  });

  it("coverage layers: GeoJSON repaired/rejected by feature index, KMZ, a UTM Shapefile reprojected; hamlet coverage recomputed; undo", async () => {
    await inRollback(o.db, async (db) => {
      const before = await digest(db);
      const tags = { kind: "4g" as const, operator: "viettel" as const, asOf: "2026-01-15" };
      const gj = request("coverage-4g.geojson", { kind: "coverage", coverage: tags });
      const p = await dryRun({ db, req: gj });
      expect(p.coverage).toMatchObject({ features: 3, repaired: 2, rejected: 1 });
      expect(p.problems.find((x) => x.code === "notPolygon")).toMatchObject({ row: 3, value: "Point" });
      expect(p.problems.filter((x) => x.code === "geometryRepaired").map((x) => x.row)).toEqual([1, 2]);
      expect(p.canCommit).toBe(false); // a rejected feature needs the user's "skip"
      // … for that feature (the preview's per-row decision) or for every rejected feature.
      const one = await dryRun({ db, req: { ...gj, decisions: { "3": "skip" } } });
      expect(one.summary).toMatchObject({ skipped: 1, blocking: 0 });
      expect(one.canCommit).toBe(true);
      expect((await dryRun({ db, req: { ...gj, decisions: { "2": "skip" } } })).summary).toMatchObject({ skipped: 0, blocking: 1 });
      const c = await commitImport({ db, actor: ACTOR, req: { ...gj, skipInvalid: true } });
      expect(c.counts).toMatchObject({ coverage_layers: 1, coverage_features: 3 });
      expect(c.counts.hamlet_infrastructure).toBeGreaterThan(0);
      const again = await dryRun({ db, req: { ...gj, skipInvalid: true } });
      expect(again.summary).toMatchObject({ new: 0, unchanged: 1 });
      expect(await undoImport({ db, scope: SCOPE, importId: c.importId!, actor: ACTOR })).toMatchObject({ status: "undone" });
      expect(await digest(db)).toEqual(before);

      const kmz = await dryRun({ db, req: request("coverage-3g.kmz", { kind: "coverage", coverage: { kind: "3g", operator: "vnpt", asOf: "2026-01-15" } }) });
      expect(kmz.coverage).toMatchObject({ features: 1, rejected: 0 });
      const shp = request("coverage-fiber-utm.zip", { kind: "coverage", coverage: { kind: "fiber", operator: "viettel", asOf: "2026-01-15" } });
      const ps = await dryRun({ db, req: shp });
      expect(ps.coverage).toMatchObject({ features: 1, rejected: 0 });
      // Each hamlet's stored status (grid, fiber from any operator, signal) in effect at the layer's date.
      const statusAt = async () =>
        new Map(
          rowsOf<{ id: string; s: string }>(
            await db.execute(sql`
        select distinct on (hamlet_id) hamlet_id as id, jsonb_build_array(grid, fiber, signal)::text as s
        from hamlet_infrastructure where as_of <= '2026-01-15' order by hamlet_id, as_of desc`),
          ).map((r) => [r.id, r.s]),
        );
      const statusBefore = await statusAt();
      const cs = await commitImport({ db, actor: ACTOR, req: shp });
      // The preview's "hamlets whose status changes" is what the commit changed (it counted per-operator fiber, which is not stored).
      const statusAfter = await statusAt();
      expect([...statusAfter].filter(([id, st]) => statusBefore.get(id) !== st).length).toBe(ps.coverage!.hamletsChanged);
      const bbox = rowsOf<{ w: number; s: number }>(
        await db.execute(sql`select bbox_west as w, bbox_south as s from coverage_features where import_id = ${cs.importId}`),
      )[0]!;
      // Reprojected from UTM 48N metres to degrees around the hamlet (≈ 103.38°E, 21.28°N).
      expect(Number(bbox.w)).toBeGreaterThan(103);
      expect(Number(bbox.w)).toBeLessThan(104);
      expect(Number(bbox.s)).toBeGreaterThan(21);
      expect(Number(bbox.s)).toBeLessThan(22);
    });
  });

  it("sites (lat/lon order checked against the province), targets and hamlet points: commit, same file again changes nothing, undo", async () => {
    await inRollback(o.db, async (db) => {
      const before = await digest(db);
      const sites = request("sites.csv", { kind: "sites" });
      const ps = await dryRun({ db, req: sites });
      expect(ps.problems.find((x) => x.code === "latLonSwapped")?.row).toBe(3);
      expect(ps.problems.find((x) => x.code === "outsideProvince")?.row).toBe(4);
      expect(ps.summary).toMatchObject({ new: 2, blocking: 1 });
      // The user leaves the row out: counted as skipped, its problem still listed (so the decision can be changed).
      const skip4 = await dryRun({ db, req: { ...sites, decisions: { "4": "skip" } } });
      expect(skip4.summary).toMatchObject({ rows: 3, new: 2, skipped: 1, blocking: 0 });
      expect(skip4.problems.find((x) => x.code === "outsideProvince")?.row).toBe(4);
      const gj = await dryRun({ db, req: request("sites.geojson", { kind: "sites" }) });
      expect(gj.summary).toMatchObject({ new: 2, blocking: 0 });
      expect(gj.columns.map((c) => c.field)).toEqual(["siteKind", "siteName", "power", "backhaul"]);
      expect(gj.sample.map((r) => r.key).sort()).toEqual(["health_station", "school"]);
      const targets = request("targets-2026.csv", { kind: "targets" });
      const points = request("hamlet-points.csv", { kind: "hamlets" });
      const ids: number[] = [];
      for (const r of [{ ...sites, skipInvalid: true }, targets, points]) {
        const c = await commitImport({ db, actor: ACTOR, req: r });
        expect(c.status, r.fileName).toBe("committed");
        ids.push(c.importId!);
        expect(await commitImport({ db, actor: ACTOR, req: r }), r.fileName).toMatchObject({ status: "nothing" });
      }
      const t = rowsOf<{ value: number }>(
        await db.execute(sql`select value from targets where unit_id = 'c25-03217' and metric = 'activated' and period_start = '2026-01-01'`),
      );
      expect(t.map((x) => Number(x.value))).toEqual([11500]);
      for (const id of ids.reverse()) expect(await undoImport({ db, scope: SCOPE, importId: id, actor: ACTOR })).toMatchObject({ status: "undone" });
      expect(await digest(db)).toEqual(before);
    });
  });
});

/** Writes an export of the scope's figures at a date, optionally re-dated, as an import file. */
async function provinceExport(db: Db, dir: string, date: string, newDate: string | null, driver: string, unitId = "p-11"): Promise<string> {
  const rows = await snapshotsForExport({ db, scope: scopeOf(unitId, "post2025"), date });
  let csv = snapshotsCsv(
    rows.map((r) => ({
      hamletCode: r.hamletCode,
      commune: r.commune,
      hamlet: r.hamlet,
      asOf: r.asOf,
      counts: Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([f, c]) => [f, Number(r.r[c])])),
    })),
  );
  const [y, m, d] = date.split("-");
  if (newDate) csv = csv.split(`${d}/${m}/${y}`).join(newDate);
  const file = path.join(dir, `export-${unitId}-${date}-${newDate?.replace(/\//g, "") ?? "same"}-${driver}.csv`);
  writeFileSync(file, csv);
  return file;
}

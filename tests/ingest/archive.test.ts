import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { zipSync, strToU8 } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { ARCHIVE_LIMITS, checkZipEntries, inflateZipEntries, zipEntriesOf } from "@/db/ingest/archive";
import { readCoverageFile } from "@/db/ingest/coverage";
import { IngestError } from "@/db/ingest/problems";

const tmp = mkdtempSync(path.join(tmpdir(), "gapmap-archive-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MB = 1024 * 1024;

/**
 * A ZIP written by hand (one or more deflated entries), so that a test can make the central
 * directory say what it likes: `declared` overrides an entry's stated inflated size.
 */
function zipOf(entries: { name: string; data?: Uint8Array; deflated?: Uint8Array; size?: number; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const comp = e.deflated ?? deflateRawSync(e.data!);
    const size = e.declared ?? e.size ?? e.data!.length;
    const name = Buffer.from(e.name, "utf8");
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(0, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, Buffer.from(comp));
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(0, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** `size` bytes of zeros, deflated (about 1000:1). */
function deflatedZeros(size: number): Uint8Array {
  return new Uint8Array(deflateRawSync(Buffer.alloc(size), { level: 9 }));
}

async function ingestError(p: Promise<unknown>): Promise<IngestError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

describe("archives: listed from the central directory, inflated only as needed, capped", () => {
  it("lists entries without inflating: names, methods, sizes as declared", () => {
    const z = zipSync({ "a.shp": new Uint8Array(1000), "thư mục/b.dbf": strToU8("xin chào") });
    const entries = zipEntriesOf(z);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ["a.shp", 1000],
      ["thư mục/b.dbf", 9],
    ]);
  });

  it("a zipped Shapefile whose .shp declares 200 MB of zeros (≈ 200 KB on disk) is refused by name and size before anything is inflated; memory stays flat", async () => {
    const zeros = deflatedZeros(200 * MB);
    expect(zeros.length).toBeLessThan(1 * MB);
    const file = path.join(tmp, "bomb.zip");
    writeFileSync(
      file,
      zipOf([
        { name: "vung_phu.shp", deflated: zeros, size: 200 * MB },
        { name: "vung_phu.dbf", data: new Uint8Array(100) },
      ]),
    );
    const rss = process.memoryUsage().rss;
    const err = await ingestError(readCoverageFile(file, "zip"));
    expect(err.code).toBe("archiveEntryTooLarge");
    expect(err.params).toMatchObject({ entry: "vung_phu.shp", declared: 200, max: 100 });
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MB);
  });

  it("a KMZ whose doc.kml inflates 1000:1 is refused for its ratio, naming the entry", async () => {
    const file = path.join(tmp, "bomb.kmz");
    writeFileSync(file, zipOf([{ name: "doc.kml", deflated: deflatedZeros(60 * MB), size: 60 * MB }]));
    const rss = process.memoryUsage().rss;
    const err = await ingestError(readCoverageFile(file, "kmz"));
    expect(err.code).toBe("archiveRatio");
    expect(err.params).toMatchObject({ entry: "doc.kml", declared: 60, max: ARCHIVE_LIMITS.maxRatio });
    expect(Number(err.params.ratio)).toBeGreaterThan(100);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MB);
  });

  it("an entry whose header lies (declares 1 KB, inflates to 50 MB) is stopped at the declared size", async () => {
    const file = path.join(tmp, "liar.kmz");
    writeFileSync(file, zipOf([{ name: "doc.kml", deflated: deflatedZeros(50 * MB), declared: 1024 }]));
    const rss = process.memoryUsage().rss;
    const err = await ingestError(readCoverageFile(file, "kmz"));
    expect(err.code).toBe("archiveSizeMismatch");
    expect(err.params).toEqual({ entry: "doc.kml", declared: 1024 });
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MB);
  });

  it("only the entries used are inflated: a 200 MB image beside the KML does not count", async () => {
    const kml =
      '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>103,21 103.1,21 103.1,21.1 103,21 </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>';
    const file = path.join(tmp, "with-image.kmz");
    writeFileSync(
      file,
      zipOf([
        { name: "files/anh.png", deflated: deflatedZeros(200 * MB), size: 200 * MB },
        { name: "doc.kml", data: strToU8(kml) },
      ]),
    );
    const features = await readCoverageFile(file, "kmz");
    expect(features).toHaveLength(1);
    expect(features[0]!.geometry?.type).toBe("Polygon");
  });

  it("too many entries, and too much in total, are refused with the counts", async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i <= ARCHIVE_LIMITS.maxEntries; i++) many[`f${i}.txt`] = new Uint8Array(0);
    const file = path.join(tmp, "many.zip");
    writeFileSync(file, zipSync(many));
    const err = await ingestError(readCoverageFile(file, "zip"));
    expect(err.code).toBe("archiveTooManyEntries");
    expect(err.params).toEqual({ count: ARCHIVE_LIMITS.maxEntries + 1, max: ARCHIVE_LIMITS.maxEntries });
    const entries = zipEntriesOf(zipSync({ "a.shp": new Uint8Array(3000), "a.dbf": new Uint8Array(3000) }));
    expect(() => checkZipEntries(entries, { ...ARCHIVE_LIMITS, maxTotalBytes: 5000 })).toThrow(/archiveTotalTooLarge.*"entry":"a.dbf"/);
  });

  it("inflates what passes the checks, byte for byte", async () => {
    const data = strToU8("Vùng phủ sóng 4G — Mường Luân ".repeat(1000));
    const z = zipOf([{ name: "doc.kml", data }]);
    const out = await inflateZipEntries(z, zipEntriesOf(z));
    expect(Buffer.from(out.get("doc.kml")!).equals(Buffer.from(data))).toBe(true);
  });

  it("the project's own KMZ and zipped Shapefile still read", async () => {
    const FIX = path.resolve(import.meta.dirname, "fixtures");
    expect(await readCoverageFile(path.join(FIX, "coverage-3g.kmz"), "kmz")).toHaveLength(1);
    const shp = await readCoverageFile(path.join(FIX, "coverage-fiber-utm.zip"), "zip");
    expect(shp).toHaveLength(1);
    expect(shp[0]!.properties).toEqual({ TEN: "Cap quang" });
    await expect(readCoverageFile(path.join(FIX, "bad/shapefile-without-shp.zip"), "zip")).rejects.toMatchObject({ code: "shapefileIncomplete" });
  });
});

import "server-only";
import { inflateRaw } from "node:zlib";
import { promisify } from "node:util";
import { IngestError } from "./problems";

const inflateRawAsync = promisify(inflateRaw) as (buf: Uint8Array, opts: { maxOutputLength: number }) => Promise<Buffer>;

/**
 * Limits on what a ZIP (a zipped Shapefile, a KMZ, an XLSX) may make us inflate. A ZIP states every
 * entry's sizes in its central directory at the end of the file: the entries are listed from there
 * without inflating anything, checked against these limits, and only the entries needed are
 * inflated — with the declared size as a hard cap, so an entry whose header lies stops there.
 */
export const ARCHIVE_LIMITS = {
  /** Entries in the archive (a Shapefile needs 3–5, a KMZ 1 plus images, an XLSX a few dozen). */
  maxEntries: 10_000,
  /** One entry, inflated: the upload limit (an archive can bring no more than a plain upload could). */
  maxEntryBytes: 100 * 1024 * 1024,
  /** All the entries inflated for one file. */
  maxTotalBytes: 200 * 1024 * 1024,
  /** Inflated : compressed, checked for entries above `ratioFrom` bytes (coordinates deflate about 3:1, repeated text 20–50:1). */
  maxRatio: 100,
  ratioFrom: 5 * 1024 * 1024,
} as const;
export type ArchiveLimits = { [K in keyof typeof ARCHIVE_LIMITS]: number };

/** One entry as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  /** Declared inflated size. */
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
}

const MB = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/**
 * The entries of a ZIP from its central directory (nothing inflated), checked against the limits
 * on their count. Throws an IngestError("corruptZip") when the archive cannot be read.
 * `read(offset, length)` gives bytes of the file (a Buffer's subarray, or a read from a file).
 */
export function listZipEntries(size: number, read: (offset: number, length: number) => Uint8Array, limits: ArchiveLimits = ARCHIVE_LIMITS): ZipEntry[] {
  // End of central directory: 22 bytes + a comment of up to 65,535 bytes, at the very end.
  const tailLen = Math.min(size, 22 + 65_535);
  const tail = read(size - tailLen, tailLen);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new IngestError("corruptZip", { detail: "no central directory (not a ZIP, or cut short)" });
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator just before the EOCD points at the ZIP64 end record.
    const loc = eocd - 20;
    if (loc < 0 || tv.getUint32(loc, true) !== 0x07064b50) throw new IngestError("corruptZip", { detail: "ZIP64 without its locator" });
    const recOffset = Number(tv.getBigUint64(loc + 8, true));
    const rec = read(recOffset, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rec.length < 56 || rv.getUint32(0, true) !== 0x06064b50) throw new IngestError("corruptZip", { detail: "bad ZIP64 end record" });
    count = Number(rv.getBigUint64(32, true));
    cdSize = Number(rv.getBigUint64(40, true));
    cdOffset = Number(rv.getBigUint64(48, true));
  }
  if (count > limits.maxEntries) throw new IngestError("archiveTooManyEntries", { count, max: limits.maxEntries });
  if (cdOffset + cdSize > size) throw new IngestError("corruptZip", { detail: "central directory beyond the end of the file" });
  const cd = read(cdOffset, cdSize);
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder("utf-8");
  const cp437 = new TextDecoder("latin1");
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== 0x02014b50)
      throw new IngestError("corruptZip", { detail: `central directory entry ${i + 1} is damaged` });
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    let compressedSize = v.getUint32(p + 20, true);
    let usize = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true),
      extraLen = v.getUint16(p + 30, true),
      commentLen = v.getUint16(p + 32, true);
    let offset = v.getUint32(p + 42, true);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? utf8 : cp437).decode(nameBytes);
    // ZIP64 extra field (id 1): the 64-bit values of the fields that are 0xFFFFFFFF, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = v.getUint16(e, true),
        len = v.getUint16(e + 2, true);
      if (id === 1) {
        let q = e + 4;
        if (usize === 0xffffffff && q + 8 <= e + 4 + len) (usize = Number(v.getBigUint64(q, true))), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = Number(v.getBigUint64(q, true))), (q += 8);
        if (offset === 0xffffffff && q + 8 <= e + 4 + len) offset = Number(v.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size: usize, offset });
    p = eEnd + commentLen;
  }
  return entries;
}

/** The entries of a ZIP held in memory (see {@link listZipEntries}). */
export function zipEntriesOf(bytes: Uint8Array, limits: ArchiveLimits = ARCHIVE_LIMITS): ZipEntry[] {
  return listZipEntries(bytes.length, (o, l) => bytes.subarray(o, o + l), limits);
}

/**
 * Checks the entries that will be inflated against the limits — each entry's declared size, the
 * ratio of a large entry, the total — and throws an IngestError naming the entry and its declared
 * size when one is past them.
 */
export function checkZipEntries(entries: readonly ZipEntry[], limits: ArchiveLimits = ARCHIVE_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    if (e.size > limits.maxEntryBytes) throw new IngestError("archiveEntryTooLarge", { entry: e.name, declared: MB(e.size), max: MB(limits.maxEntryBytes) });
    if (e.size > limits.ratioFrom && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
      throw new IngestError("archiveRatio", {
        entry: e.name,
        declared: MB(e.size),
        compressed: MB(e.compressedSize),
        ratio: Math.round(e.size / Math.max(1, e.compressedSize)),
        max: limits.maxRatio,
      });
    }
    total += e.size;
    if (total > limits.maxTotalBytes) throw new IngestError("archiveTotalTooLarge", { entry: e.name, total: MB(total), max: MB(limits.maxTotalBytes) });
  }
}

/**
 * Inflates the given entries of a ZIP held in memory (after {@link checkZipEntries}), each with
 * its declared size as a hard cap: an entry that inflates to more than its central directory said
 * is refused (a lying header), having used no more memory than declared. The inflating runs on
 * Node's zlib thread pool, not on the event loop.
 */
export async function inflateZipEntries(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): Promise<Map<string, Uint8Array>> {
  checkZipEntries(entries, limits);
  const out = new Map<string, Uint8Array>();
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.offset + 30 > bytes.length || v.getUint32(e.offset, true) !== 0x04034b50)
      throw new IngestError("corruptZip", { detail: `${e.name}: no local header where the directory says` });
    const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
    if (start + e.compressedSize > bytes.length) throw new IngestError("corruptZip", { detail: `${e.name}: cut short` });
    const data = bytes.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new IngestError("archiveSizeMismatch", { entry: e.name, declared: e.size });
      out.set(e.name, data);
      continue;
    }
    if (e.method !== 8) throw new IngestError("corruptZip", { detail: `${e.name}: compression method ${e.method} is not supported (only deflate)` });
    let inflated: Buffer;
    try {
      // One byte over the declared size is enough to know that the header lied.
      inflated = await inflateRawAsync(data, { maxOutputLength: Math.max(1, e.size + 1) });
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new IngestError("archiveSizeMismatch", { entry: e.name, declared: e.size });
      throw new IngestError("corruptZip", { detail: `${e.name}: ${(err as Error).message.slice(0, 150)}` });
    }
    if (inflated.length !== e.size) throw new IngestError("archiveSizeMismatch", { entry: e.name, declared: e.size });
    out.set(e.name, inflated);
  }
  return out;
}

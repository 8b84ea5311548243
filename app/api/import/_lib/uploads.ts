import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Largest file accepted (bytes). A province's year of monthly hamlet rows is a few MB; 200 MB is refused. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Where uploads wait between the dry run and the commit (outside the build; removed after a day). */
const DIR = path.resolve(/*turbopackIgnore: true*/ process.env.IMPORT_UPLOAD_DIR ?? path.join(tmpdir(), "gapmap-uploads"));
const MAX_AGE_MS = 24 * 3600 * 1000;

export interface Upload {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  path: string;
  /** The user who uploaded it: only they may analyse or commit it. */
  owner: string | null;
}

export class UploadTooLarge extends Error {
  constructor(public readonly max: number) {
    super(`upload larger than ${max} bytes`);
  }
}

/**
 * Streams a request body to disk, hashing it on the way; stops (and deletes what was written) as
 * soon as it passes the size limit, so a 200 MB body never sits in memory or on disk.
 */
export async function saveUpload(
  body: ReadableStream<Uint8Array>,
  fileName: string,
  { max = MAX_UPLOAD_BYTES, owner = null }: { max?: number; owner?: string | null } = {},
): Promise<Upload> {
  await mkdir(DIR, { recursive: true });
  const id = randomUUID();
  const file = path.join(DIR, `${id}.bin`);
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new UploadTooLarge(max);
      }
      hash.update(value);
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    out.destroy();
    await rm(file, { force: true });
    throw err;
  }
  const upload: Upload = { id, fileName, size, sha256: hash.digest("hex"), path: file, owner };
  await writeFile(path.join(DIR, `${id}.json`), JSON.stringify(upload));
  void sweep();
  return upload;
}

/** An upload by id — null when there is none, or (`owner` given) when someone else uploaded it. */
export async function getUpload(id: string, owner?: string): Promise<Upload | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  try {
    const upload = JSON.parse(await readFile(path.join(DIR, `${id}.json`), "utf8")) as Upload;
    return owner === undefined || upload.owner === owner ? upload : null;
  } catch {
    return null;
  }
}

/** Removes uploads older than a day. */
async function sweep() {
  const { readdir, stat } = await import("node:fs/promises");
  for (const f of await readdir(DIR).catch(() => [] as string[])) {
    const p = path.join(DIR, f);
    const s = await stat(p).catch(() => null);
    if (s && Date.now() - s.mtimeMs > MAX_AGE_MS) await rm(p, { force: true });
  }
}

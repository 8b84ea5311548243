import "server-only";
import { log } from "@/server/log";
import { chunksUpTo } from "../../_lib/body-stream";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db";
import { forgetUploadsBefore, recordUpload, uploadById } from "@/db/queries/uploads";

/** Largest file accepted (bytes). A province's year of monthly hamlet rows is a few MB; 200 MB is refused. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * Where uploads wait between the dry run and the commit: IMPORT_UPLOAD_DIR, default `.data/uploads`
 * in the working directory (not the system's temp directory: every server process of a deployment
 * must see the same files — on several hosts, a shared volume mounted at the same path). The bytes
 * are there, the record (owner, name, hash) in the database's `uploads` table; both go after a day.
 */
export function uploadDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.IMPORT_UPLOAD_DIR || path.join(".data", "uploads"));
}

export interface Upload {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  /** The file's absolute path in this process's storage directory. */
  path: string;
  /** The user who uploaded it: only they may analyse or commit it. */
  owner: string;
}

export class UploadTooLarge extends Error {
  constructor(public readonly max: number) {
    super(`upload larger than ${max} bytes`);
  }
}

/**
 * Streams a request body to the storage directory, hashing it on the way; stops (and deletes what
 * was written) as soon as it passes the size limit, so a 200 MB body never sits in memory or on
 * disk. Then records it in the database.
 */
export async function saveUpload(
  db: Db,
  body: ReadableStream<Uint8Array>,
  fileName: string,
  { max = MAX_UPLOAD_BYTES, owner }: { max?: number; owner: string },
): Promise<Upload> {
  const dir = uploadDir();
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const storagePath = `${id}.bin`;
  const file = path.join(dir, storagePath);
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  let size = 0;
  try {
    for await (const value of chunksUpTo(body, max, () => new UploadTooLarge(max))) {
      size += value.byteLength;
      hash.update(value);
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const upload = { id, owner, fileName, size, sha256: hash.digest("hex"), storagePath };
    await recordUpload({ db, upload });
    void sweepUploads(db).catch((err: unknown) => log.error("uploads: the sweep of old uploads failed", { err }));
    return { ...upload, path: file };
  } catch (err) {
    out.destroy();
    await rm(file, { force: true });
    throw err;
  }
}

/** An upload by id — null when there is none, or (`owner` given) when someone else uploaded it. */
export async function getUpload(db: Db, id: string, owner?: string): Promise<Upload | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const row = await uploadById({ db, id, owner });
  return row
    ? { id: row.id, fileName: row.fileName, size: row.size, sha256: row.sha256, owner: row.owner, path: path.join(uploadDir(), row.storagePath) }
    : null;
}

/** Removes the uploads older than a day (their records and files) and files no record names that are as old. Whoever uploads runs it. */
export async function sweepUploads(db: Db, now = Date.now()): Promise<void> {
  const dir = uploadDir();
  for (const p of await forgetUploadsBefore({ db, before: new Date(now - MAX_AGE_MS) })) await rm(path.join(dir, p), { force: true });
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    const p = path.join(dir, f);
    const s = await stat(p).catch(() => null);
    if (s?.isFile() && now - s.mtimeMs > MAX_AGE_MS) await rm(p, { force: true });
  }
}

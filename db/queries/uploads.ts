import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../client";
import { uploads } from "../schema";

/** An uploaded file as recorded: its bytes are at `storagePath` under the storage directory (IMPORT_UPLOAD_DIR). */
export interface UploadRow {
  id: string;
  owner: string;
  fileName: string;
  size: number;
  sha256: string;
  storagePath: string;
  createdAt: Date;
}

/** Records an upload whose bytes are already on the storage directory. */
export async function recordUpload({ db, upload }: { db: Db; upload: Omit<UploadRow, "createdAt"> }): Promise<void> {
  await db.insert(uploads).values(upload);
}

/** An upload by id — null when there is none, or (`owner` given) when someone else uploaded it (the same answer). */
export async function uploadById({ db, id, owner }: { db: Db; id: string; owner?: string }): Promise<UploadRow | null> {
  const rows = await db
    .select()
    .from(uploads)
    .where(owner === undefined ? eq(uploads.id, id) : and(eq(uploads.id, id), eq(uploads.owner, owner)))
    .limit(1);
  return rows[0] ?? null;
}

/** Forgets the uploads recorded before `before`; answers their storage paths (for their files to be removed). */
export async function forgetUploadsBefore({ db, before }: { db: Db; before: Date }): Promise<string[]> {
  const rows = await db.delete(uploads).where(lt(uploads.createdAt, before)).returning({ storagePath: uploads.storagePath });
  return rows.map((r) => r.storagePath);
}

// For tests that call route handlers directly (no server): the app's getDb() opens a private copy of
// the seeded PGlite database (PGLITE_DIR; DATABASE_URL unset for the file), and everything is put
// back afterwards: the database closed, the environment restored, the copy removed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { OpenDb } from "../../db/client";
import { copySeededPglite } from "./seeded-db";

export interface AppDb {
  /** The private PGlite directory the app opens. */
  dir: string;
  /** A temporary directory of the file's own (uploads), when asked for. */
  uploads: string | null;
  close(): Promise<void>;
}

/**
 * Call in beforeAll (and `close()` in afterAll). `uploads: true` also points IMPORT_UPLOAD_DIR at a
 * temporary directory of this file's own.
 */
export function openAppDb({ uploads = false }: { uploads?: boolean } = {}): AppDb {
  const keys = ["PGLITE_DIR", "DATABASE_URL", "IMPORT_UPLOAD_DIR"] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  const dir = copySeededPglite(inject("seededPgliteDir"));
  const uploadDir = uploads ? mkdtempSync(path.join(tmpdir(), "gapmap-uploads-")) : null;
  process.env.PGLITE_DIR = dir;
  delete process.env.DATABASE_URL;
  if (uploadDir) process.env.IMPORT_UPLOAD_DIR = uploadDir;
  return {
    dir,
    uploads: uploadDir,
    async close() {
      const g = globalThis as unknown as { __gapmapDb?: Promise<OpenDb> };
      await (await g.__gapmapDb?.catch(() => undefined))?.close();
      g.__gapmapDb = undefined;
      for (const k of keys)
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      rmSync(dir, { recursive: true, force: true });
      if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

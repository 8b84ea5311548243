// Building and opening seeded test databases (PGlite always; PostgreSQL when TEST_DATABASE_URL is set).
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDb, MIGRATIONS_FOLDER, type Db, type OpenDb } from "../../db/client";
import { seedDemo } from "../../db/demo/seed";
import { seedDemoAccounts } from "../../db/demo/accounts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A key that changes whenever the migrations or the demo generator change. */
export function seedKey(): string {
  const h = createHash("sha256");
  for (const dir of [MIGRATIONS_FOLDER, path.join(ROOT, "db/demo"), path.join(ROOT, "db/schema"), path.join(ROOT, "geo")]) {
    for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
      const p = path.join(dir, f);
      if (/\.(ts|sql|json|geojson|csv)$/.test(f)) h.update(f).update(readFileSync(p));
    }
  }
  return h.digest("hex").slice(0, 16);
}

/** A migrated, seeded PGlite directory, built once per generator version and reused (.cache/). */
export async function ensureSeededPglite(): Promise<string> {
  const dir = path.join(ROOT, ".cache/test-db", seedKey());
  if (existsSync(path.join(dir, "PG_VERSION"))) {
    console.log(`[seed] PGlite: reusing ${path.relative(ROOT, dir)}`);
    return dir;
  }
  console.log(`[seed] PGlite: seeding ${path.relative(ROOT, dir)} (none cached yet for this generator and these migrations)`);
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const o = await openDb({ pgliteDir: tmp, migrate: true });
  await seedDemo({ db: o.db, importedBy: "tests" });
  await seedDemoAccounts({ db: o.db });
  await o.close();
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

/**
 * Creates a database of its own for this test run on the server of TEST_DATABASE_URL (so runs in
 * parallel cannot disturb each other), migrates and seeds it, and returns its URL and a dropper.
 */
export async function createSeededPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gapmap_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  console.log(`[seed] PostgreSQL: seeding ${name}`);
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    const o = await openDb({ url: url.toString(), migrate: true });
    await seedDemo({ db: o.db, importedBy: "tests" });
    await seedDemoAccounts({ db: o.db });
    await o.close();
  } catch (err) {
    await drop();
    throw err;
  }
  return { url: url.toString(), drop };
}

/** A private copy of the seeded PGlite directory (tests may write to it). */
export function copySeededPglite(seeded: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gapmap-pglite-"));
  cpSync(seeded, dir, { recursive: true });
  return dir;
}

export type Driver = "pglite" | "postgres";

/** The drivers to test on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function drivers(): Driver[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** Opens the seeded database for a driver (PGlite: a private copy). */
export async function openSeeded(driver: Driver, seededPglite: string): Promise<OpenDb & { cleanup(): Promise<void> }> {
  if (driver === "postgres") {
    const o = await openDb({ url: inject("seededPostgresUrl"), migrate: false });
    return { ...o, cleanup: () => o.close() };
  }
  const dir = copySeededPglite(seededPglite);
  const o = await openDb({ pgliteDir: dir, migrate: false });
  return {
    ...o,
    cleanup: async () => {
      await o.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The seeded database of a driver for the tests of the enclosing block (`describe.each(drivers())`):
 * opened in beforeAll, closed (and a PGlite copy removed) in afterAll. Read `.db` inside hooks and tests.
 */
export function setupSeeded(driver: Driver): { readonly db: Db } {
  let o: Awaited<ReturnType<typeof openSeeded>> | undefined;
  beforeAll(async () => {
    o = await openSeeded(driver, inject("seededPgliteDir"));
  });
  afterAll(async () => {
    await o?.cleanup();
  });
  return {
    get db() {
      if (!o) throw new Error(`the ${driver} database is opened in beforeAll: read db inside a hook or a test`);
      return o.db;
    },
  };
}

const ROLLBACK = new Error("rollback (test)");

/** Runs `fn` inside a transaction that is rolled back (tests on the shared PostgreSQL database must not leave writes). */
export async function inRollback(db: Db, fn: (tx: Db) => Promise<void>) {
  await db
    .transaction(async (tx) => {
      await fn(tx as unknown as Db);
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
}

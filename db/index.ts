import "server-only";
import { onShutdown } from "../server/shutdown";
import { openDbFromEnv, type Db, type OpenDb } from "./client";

// app/ takes the database's types from here (the Db handle, the schema's row types): db/client and
// db/schema are internal to db/ (biome.jsonc). `export type` keeps the tables themselves out of app/.
export type { Db, OpenDb } from "./client";
export type * from "./schema";

// One database per server process. PGlite allows a single open handle per directory, so the
// promise is kept on globalThis to survive Next.js dev-mode module reloads.
const g = globalThis as unknown as { __gapmapDb?: Promise<OpenDb> };

export function getDb(): Promise<Db> {
  if (!g.__gapmapDb) {
    const opening: Promise<OpenDb> = openDbFromEnv().catch((err) => {
      if (g.__gapmapDb === opening) g.__gapmapDb = undefined;
      throw err;
    });
    g.__gapmapDb = opening;
    // On SIGTERM, once the requests in flight and the other hooks are done: close the pool (PGlite: its
    // directory) — if it is still this process's database (a test may have closed and replaced it).
    opening.then(
      (o) =>
        onShutdown(
          "database",
          async () => {
            if (g.__gapmapDb !== opening) return;
            g.__gapmapDb = undefined;
            await o.close();
          },
          { last: true },
        ),
      () => {},
    );
  }
  return g.__gapmapDb.then((o) => o.db);
}

/** Which driver this process's database runs on (opens it if need be). */
export async function getDbDriver(): Promise<OpenDb["driver"]> {
  await getDb();
  return (await g.__gapmapDb!).driver;
}

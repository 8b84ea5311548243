// npm run db:migrate — applies the committed migrations to DATABASE_URL, or to the PGlite directory.
import { openDb } from "./client";
import { readEnv } from "./env";

const env = readEnv();
const t0 = performance.now();
const o = await openDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, migrate: true });
await o.close();
console.log(`migrations applied (${o.driver}) in ${Math.round(performance.now() - t0)} ms`);

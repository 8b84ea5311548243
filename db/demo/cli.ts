// npm run db:seed — seeds the demo data into DATABASE_URL or the embedded PGlite database (idempotent).
import { openDbFromEnv } from "../client";
import { seedDemo } from "./seed";

const t0 = performance.now();
const o = await openDbFromEnv();
try {
  const r = await seedDemo({ db: o.db });
  if (r.status === "seeded") console.log(`demo data seeded (${o.driver}) in ${r.ms} ms:`, r.counts);
  else console.log(`demo data already present (${o.driver}, import #${r.importId}); nothing to do`);
} finally {
  await o.close();
}
console.log(`done in ${Math.round(performance.now() - t0)} ms`);

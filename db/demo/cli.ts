// npm run db:seed — seeds the demo data into DATABASE_URL or the embedded PGlite database (idempotent).
import { openDbFromEnv } from "../client";
import { seedDemo } from "./seed";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "./accounts";

const t0 = performance.now();
const o = await openDbFromEnv();
try {
  const r = await seedDemo({ db: o.db });
  if (r.status === "seeded") console.log(`demo data seeded (${o.driver}) in ${r.ms} ms:`, r.counts);
  else console.log(`demo data already present (${o.driver}, import #${r.importId}); nothing to do`);
  // auth: one demo account per role (only in the demo database); printed so a person can sign in.
  const created = await seedDemoAccounts({ db: o.db });
  console.log(created.length > 0 ? `demo accounts created: ${created.length}` : "demo accounts already present");
  console.log(`demo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const a of Object.values(DEMO_ACCOUNTS)) {
    const scope = a.role === "telecom" ? `${a.operator} ${a.provinces.join(",")}` : a.unitId ? `${a.unitId} ${a.structure}` : "all";
    console.log(`  ${a.role.padEnd(13)} ${a.email.padEnd(22)} ${scope.padEnd(18)} ${a.name}`);
  }
} finally {
  await o.close();
}
console.log(`done in ${Math.round(performance.now() - t0)} ms`);

import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { insertAccount, type AccountBinding } from "../queries/accounts";
import { users } from "../schema";

/** Demo accounts live under this reserved domain (RFC 2606 .invalid): they can never be real addresses. */
export const DEMO_EMAIL_DOMAIN = "demo.invalid";

/** The demo accounts' one password (published: they exist only in the demo database). */
export const DEMO_PASSWORD = "gapmap-demo-2025";

/**
 * DEMO_PASSWORD hashed once, as app/_auth/password.ts hashes (argon2id, m=19456 t=2 p=1; the PHC
 * string carries its parameters, so sign-in verifies it like any other). Written out because db/
 * must not depend on app/ (and seeding skips five hashes); tests/db/accounts.test.ts checks that it
 * verifies and that its parameters are still ARGON2_PARAMS.
 */
export const DEMO_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pFhgxTlRoAOtkwHWdQldvA$vqDNI40amqvkIJB5NzFvnHZ0GqFdcUzsSrFrMqf/cOg";

export interface DemoAccount extends AccountBinding {
  email: string;
  name: string;
  password: string;
}

/**
 * One account per role, seeded with the demo data (npm run demo, the tests' seed). Tests import
 * this to sign in: `DEMO_ACCOUNTS.planner.email`, `DEMO_PASSWORD`.
 */
export const DEMO_ACCOUNTS = {
  administrator: {
    email: `admin@${DEMO_EMAIL_DOMAIN}`,
    name: "Quản trị viên (demo)",
    role: "administrator",
    unitId: null,
    structure: null,
    operator: null,
    provinces: [],
  },
  planner: {
    email: `planner@${DEMO_EMAIL_DOMAIN}`,
    name: "Cán bộ kế hoạch tỉnh Điện Biên (demo)",
    role: "planner",
    unitId: "p-11",
    structure: "post2025",
    operator: null,
    provinces: [],
  },
  chief: {
    email: `chief@${DEMO_EMAIL_DOMAIN}`,
    name: "Trưởng ban huyện Điện Biên Đông (demo)",
    role: "chief",
    unitId: "d-101",
    structure: "pre2025",
    operator: null,
    provinces: [],
  },
  telecom: {
    email: `viettel@${DEMO_EMAIL_DOMAIN}`,
    name: "Điều phối Viettel Điện Biên (demo)",
    role: "telecom",
    unitId: null,
    structure: null,
    operator: "viettel",
    provinces: ["p-11"],
  },
  viewer: {
    email: `viewer@${DEMO_EMAIL_DOMAIN}`,
    name: "Người xem tỉnh Điện Biên (demo)",
    role: "viewer",
    unitId: "p-11",
    structure: "post2025",
    operator: null,
    provinces: [],
  },
} as const satisfies Record<AccountBinding["role"], Omit<DemoAccount, "password">>;

export function isDemoEmail(email: string): boolean {
  return email.toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);
}

/**
 * Creates the demo accounts that are missing (idempotent: an existing email is left as it is).
 * Returns the accounts created. They share DEMO_PASSWORD_HASH (one published password).
 */
export async function seedDemoAccounts({ db }: { db: Db }): Promise<string[]> {
  const created: string[] = [];
  for (const a of Object.values(DEMO_ACCOUNTS)) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, a.email));
    if (existing) continue;
    const { email, name, ...binding } = a;
    await insertAccount({ db, email, name, passwordHash: DEMO_PASSWORD_HASH, binding: { ...binding, provinces: [...binding.provinces] } });
    created.push(email);
  }
  return created;
}

// Accounts on both drivers: the demo accounts and their bindings, argon2id hashes at OWASP's
// parameters, the binding CHECK, unit validation, sign-in through better-auth's drizzle adapter,
// disabling (sessions end at once) and the failed sign-in limits per account and per address.
// Writes happen inside a transaction that is rolled back (the PostgreSQL database is shared by the run).
import { describe, it, expect } from "vitest";
import { eq, sql } from "drizzle-orm";
import { users, accounts, sessions } from "../../db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH } from "../../db/demo/accounts";
import {
  bindingProblems,
  insertAccount,
  EmailTakenError,
  setAccountDisabled,
  setAccountPassword,
  countAccounts,
  listAccounts,
} from "../../db/queries/accounts";
import { testActor } from "../support/actor";
import { ARGON2_PARAMS, verifyPassword, hashPassword } from "../../app/_auth/password";
import { authFor } from "../../app/_auth/auth";
import { readAuthEnv } from "../../app/_auth/env";
import { loginLock, noteLoginFailure, clearLoginFailures, LOGIN_LIMITS } from "../../app/_auth/limits";
import { rowsOf } from "../../db/queries/scope";
import { drivers, inRollback, setupSeeded } from "../support/seeded-db";

const ENV = readAuthEnv({ BETTER_AUTH_SECRET: "x".repeat(40), NODE_ENV: "test" });

function signInRequest(email: string, password: string, address = "192.0.2.10") {
  return new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
}
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.includes("session_token="))!
    .split(";")[0]!;

describe.each(drivers())("accounts on %s", (driver) => {
  const o = setupSeeded(driver);

  it("the demo seed has one account per role, bound as documented, with argon2id hashes at m=19456 t=2 p=1", async () => {
    const all = await listAccounts({ db: o.db });
    for (const [role, a] of Object.entries(DEMO_ACCOUNTS)) {
      const u = all.find((x) => x.email === a.email);
      expect(u, a.email).toBeDefined();
      expect({ role: u!.role, unitId: u!.unitId, structure: u!.structure, operator: u!.operator, provinces: u!.provinces, disabled: u!.disabled }).toEqual({
        role,
        unitId: a.unitId,
        structure: a.structure,
        operator: a.operator,
        provinces: [...a.provinces],
        disabled: false,
      });
      const [acc] = await o.db.select({ password: accounts.password, providerId: accounts.providerId }).from(accounts).where(eq(accounts.userId, u!.id));
      expect(acc!.providerId).toBe("credential");
      expect(acc!.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword({ hash: acc!.password!, password: DEMO_PASSWORD })).toBe(true);
      expect(await verifyPassword({ hash: acc!.password!, password: `${DEMO_PASSWORD}x` })).toBe(false);
    }
    expect(await countAccounts({ db: o.db })).toBeGreaterThanOrEqual(5);
  });

  it("the demo accounts' stored hash is DEMO_PASSWORD's, at the parameters the app hashes with (ARGON2_PARAMS)", async () => {
    const { memoryCost: m, timeCost: t, parallelism: p } = ARGON2_PARAMS;
    expect(DEMO_PASSWORD_HASH.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`)).toBe(true);
    expect(await verifyPassword({ hash: DEMO_PASSWORD_HASH, password: DEMO_PASSWORD })).toBe(true);
    expect(await verifyPassword({ hash: DEMO_PASSWORD_HASH, password: DEMO_PASSWORD.toUpperCase() })).toBe(false);
  });

  it("bindingProblems: units must exist in their structure, provinces must be provinces", async () => {
    const b = (x: object) => ({ role: "planner" as const, unitId: null, structure: null, operator: null, provinces: [], ...x });
    expect(await bindingProblems({ db: o.db, binding: b({ unitId: "p-11", structure: "post2025" }) })).toEqual([]);
    expect(await bindingProblems({ db: o.db, binding: b({ unitId: "d-101", structure: "pre2025" }) })).toEqual([]);
    expect((await bindingProblems({ db: o.db, binding: b({ unitId: "d-101", structure: "post2025" }) })).map((p) => p.path)).toEqual(["unitId"]);
    expect((await bindingProblems({ db: o.db, binding: b({ unitId: "p-99", structure: "post2025" }) }))[0]!.message).toContain("p-99");
    const [commune] = rowsOf<{ id: string }>(
      await o.db.execute(sql`select id from admin_units where level = 'commune' and id like 'c25-%' order by id limit 1`),
    );
    expect(await bindingProblems({ db: o.db, binding: b({ unitId: commune!.id, structure: "post2025" }) })).toEqual([]);
    expect((await bindingProblems({ db: o.db, binding: b({ unitId: commune!.id, structure: "pre2025" }) })).length).toBe(1);
    const tel = { role: "telecom" as const, unitId: null, structure: null, operator: "vnpt" as const };
    expect(await bindingProblems({ db: o.db, binding: { ...tel, provinces: ["p-11"] } })).toEqual([]);
    expect((await bindingProblems({ db: o.db, binding: { ...tel, provinces: ["p-11", "p-98"] } }))[0]).toEqual({
      path: "provinces",
      message: "no province p-98",
    });
  });

  it("the database refuses a binding that does not fit the role (CHECK users_role_binding) and a second account with the same email", async () => {
    await inRollback(o.db, async (tx) => {
      await expect(
        tx.transaction(async (t) => {
          await t.insert(users).values({ id: "bad-1", email: "bad1@example.org", name: "x", role: "telecom", operator: "viettel", provinces: [] });
        }),
      ).rejects.toThrow();
      await expect(
        tx.transaction(async (t) => {
          await t.insert(users).values({ id: "bad-2", email: "bad2@example.org", name: "x", role: "planner" });
        }),
      ).rejects.toThrow();
      await expect(
        insertAccount({
          db: tx,
          email: DEMO_ACCOUNTS.viewer.email,
          name: "x",
          passwordHash: "h",
          binding: { role: "viewer", unitId: "p-11", structure: "post2025", operator: null, provinces: [] },
        }),
      ).rejects.toBeInstanceOf(EmailTakenError);
    });
  });

  it(
    "sign-in through better-auth's drizzle adapter, session lookup, " +
      "disabling ends the session and refuses the next sign-in, a reset password replaces the old",
    async () => {
      await inRollback(o.db, async (tx) => {
        const auth = authFor(tx, { env: ENV });
        const email = "disable-me@example.org";
        const admin = testActor("admin@example.org", { role: "administrator" });
        const { id } = await insertAccount({
          db: tx,
          email,
          name: "Người thử",
          passwordHash: await hashPassword("mot-mat-khau-dai"),
          binding: { role: "chief", unitId: "d-101", structure: "pre2025", operator: null, provinces: [] },
          actor: admin,
        });
        const ok = await auth.handler(signInRequest(email, "mot-mat-khau-dai"));
        expect(ok.status).toBe(200);
        const cookie = cookieOf(ok);
        const s = await auth.api.getSession({ headers: new Headers({ cookie }), query: { disableRefresh: true } });
        expect(s?.user).toMatchObject({ id, email, role: "chief", unitId: "d-101", structure: "pre2025", provinces: [], disabled: false });
        expect(await setAccountDisabled({ db: tx, id, disabled: true, actor: admin })).toBe(true);
        expect(await tx.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
        expect(await auth.api.getSession({ headers: new Headers({ cookie }), query: { disableRefresh: true } })).toBeNull();
        const refused = await auth.handler(signInRequest(email, "mot-mat-khau-dai"));
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { code: string }).code).toBe("ACCOUNT_DISABLED");
        await setAccountDisabled({ db: tx, id, disabled: false, actor: admin });
        expect(await setAccountPassword({ db: tx, id, passwordHash: await hashPassword("mat-khau-moi-hon"), actor: admin })).toBe(true);
        expect((await auth.handler(signInRequest(email, "mot-mat-khau-dai"))).status).toBe(401);
        expect((await auth.handler(signInRequest(email, "mat-khau-moi-hon"))).status).toBe(200);
        // Every account change left exactly one audit row, with the administrator who made it and no password in it.
        const audit = await tx.execute(
          sql`select action, user_email, summary::text as summary from audit_log where ${id} = any(select jsonb_array_elements_text(target_ids)) order by id`,
        );
        const rows = rowsOf<{ action: string; user_email: string; summary: string }>(audit);
        expect(rows.map((r) => r.action)).toEqual(["user.create", "user.disable", "user.enable", "user.reset_password"]);
        expect(rows.every((r) => r.user_email === admin.email && !/mat-khau|argon2/.test(r.summary))).toBe(true);
      });
    },
  );

  it(
    `failed sign-ins: ${LOGIN_LIMITS.perAccount} per account and ${LOGIN_LIMITS.perAddress} per address within ${LOGIN_LIMITS.windowMinutes} minutes lock; ` +
      "older ones do not count; success clears the account",
    async () => {
      await inRollback(o.db, async (tx) => {
        const t0 = new Date("2026-01-01T08:00:00Z");
        const at = (min: number) => new Date(t0.getTime() + min * 60_000);
        // Old failures (more than a window ago) count for nothing.
        for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
          await noteLoginFailure({ db: tx, account: "a@example.org", address: "198.51.100.1", now: at(-60 - i) });
        expect(await loginLock({ db: tx, account: "a@example.org", address: "198.51.100.1", now: t0 })).toBeNull();
        for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await noteLoginFailure({ db: tx, account: "a@example.org", address: "198.51.100.1", now: at(i) });
        expect(await loginLock({ db: tx, account: "a@example.org", address: "198.51.100.1", now: at(5) })).toBeNull();
        await noteLoginFailure({ db: tx, account: "a@example.org", address: "198.51.100.1", now: at(5) });
        // Locked until the oldest of the last five (at t0) is a window old: 15 − 6 = 9 minutes from at(6).
        expect(await loginLock({ db: tx, account: "a@example.org", address: "198.51.100.2", now: at(6) })).toEqual({ minutes: 9, scope: "account" });
        expect(await loginLock({ db: tx, account: "a@example.org", address: "198.51.100.2", now: at(15.5) })).toBeNull();
        // Another account from the same address is not locked by the account limit…
        expect(await loginLock({ db: tx, account: "b@example.org", address: "198.51.100.1", now: at(6) })).toBeNull();
        // …until the address has had its limit of failures, over any accounts: 5 at at(0…5) + 15 at at(6);
        // the 20th most recent is at(0), so from at(7) the address is locked for 15 − 7 = 8 minutes.
        for (let i = LOGIN_LIMITS.perAccount; i < LOGIN_LIMITS.perAddress; i++)
          await noteLoginFailure({ db: tx, account: `x${i}@example.org`, address: "198.51.100.1", now: at(6) });
        expect(await loginLock({ db: tx, account: "b@example.org", address: "198.51.100.1", now: at(7) })).toEqual({ minutes: 8, scope: "address" });
        expect(await loginLock({ db: tx, account: "b@example.org", address: "198.51.100.9", now: at(7) })).toBeNull();
        await clearLoginFailures({ db: tx, account: "a@example.org" });
        expect(await loginLock({ db: tx, account: "a@example.org", address: "198.51.100.2", now: at(7) })).toBeNull();
      });
    },
  );
});

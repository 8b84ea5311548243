import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Db } from "../client";
import { recordAudit, type Actor } from "./audit";
import { accounts, adminParents, adminUnits, loginFailures, sessions, users, verifications } from "../schema";

/** The tables better-auth's drizzle adapter reads and writes (app/_auth/auth.ts). */
export const AUTH_TABLES = { users, sessions, accounts, verifications } as const;

/** The demo accounts (they exist only in the demo database): the login page lists them, a production server refuses them. */
export { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoEmail } from "../demo/accounts";

/*
 * Accounts, sessions and failed sign-ins. better-auth reads and writes users/sessions/accounts
 * itself (through its drizzle adapter) for sign-in, sign-out and password change; the functions
 * here are what GapMap adds: creating accounts (user:add, the admin screen, the demo seed),
 * binding them to a role and unit, disabling them, and the failed sign-in counts.
 */

export interface AccountBinding {
  role: "administrator" | "planner" | "chief" | "telecom" | "viewer";
  unitId: string | null;
  structure: "pre2025" | "post2025" | null;
  operator: "viettel" | "vnpt" | "mobifone" | null;
  provinces: string[];
}

export interface AccountSummary extends AccountBinding {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  createdAt: Date;
  /** Sessions that have not expired. */
  activeSessions: number;
}

/** How many accounts exist (the login page explains `npm run user:add` when there are none). */
export async function countAccounts({ db }: { db: Db }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

export async function isAccountDisabled({ db, userId }: { db: Db; userId: string }): Promise<boolean> {
  const [row] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, userId));
  return row?.disabled ?? true;
}

/**
 * Problems with a binding's units, as { path, message }: the unit must exist in its structure, and
 * the provinces must be provinces. An empty list means the binding can be stored.
 */
export async function bindingProblems({ db, binding }: { db: Db; binding: AccountBinding }): Promise<{ path: string; message: string }[]> {
  const problems: { path: string; message: string }[] = [];
  if (binding.unitId && binding.structure) {
    const [inTree] = await db
      .select({ id: adminParents.childId })
      .from(adminParents)
      .innerJoin(adminUnits, eq(adminUnits.id, adminParents.childId))
      .where(and(eq(adminParents.childId, binding.unitId), eq(adminParents.structure, binding.structure), inArray(adminUnits.level, ["district", "commune"])))
      .limit(1);
    const [province] = binding.unitId.startsWith("p-")
      ? await db
          .select({ id: adminUnits.id })
          .from(adminUnits)
          .where(and(eq(adminUnits.id, binding.unitId), eq(adminUnits.level, "province")))
      : [];
    if (!inTree && !province)
      problems.push({ path: "unitId", message: `no province, district or commune ${binding.unitId} in the ${binding.structure} structure` });
  }
  if (binding.provinces.length > 0) {
    const found = await db
      .select({ id: adminUnits.id })
      .from(adminUnits)
      .where(and(inArray(adminUnits.id, binding.provinces), eq(adminUnits.level, "province")));
    const known = new Set(found.map((r) => r.id));
    const missing = binding.provinces.filter((p) => !known.has(p));
    if (missing.length > 0) problems.push({ path: "provinces", message: `no province ${missing.join(", ")}` });
  }
  return problems;
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`an account with the email ${email} already exists`);
  }
}

/**
 * Creates a user with a password (better-auth's "credential" account: accountId = user id, the
 * argon2id PHC string in accounts.password). The caller hashes the password and validates the binding.
 */
export async function insertAccount({
  db,
  email,
  name,
  passwordHash,
  binding,
  actor,
}: {
  db: Db;
  email: string;
  name: string;
  passwordHash: string;
  binding: AccountBinding;
  /** Who creates it (the audit row); omitted only by the demo seed, which is not a user's write. */
  actor?: Actor;
}): Promise<{ id: string }> {
  const id = randomUUID();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(users).values({ id, email, name, emailVerified: true, ...binding });
      await tx.insert(accounts).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
      if (actor) await recordAudit(tx as Db, { actor, action: "user.create", scope: null, targetIds: [id], summary: { after: { email, ...binding } } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new EmailTakenError(email);
    throw err;
  }
  return { id };
}

export async function listAccounts({ db }: { db: Db }): Promise<AccountSummary[]> {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      unitId: users.unitId,
      structure: users.structure,
      operator: users.operator,
      provinces: users.provinces,
      disabled: users.disabled,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.email));
  const live = await db.select({ userId: sessions.userId, n: count() }).from(sessions).where(gt(sessions.expiresAt, new Date())).groupBy(sessions.userId);
  const byUser = new Map(live.map((r) => [r.userId, Number(r.n)]));
  return rows.map((r) => ({ ...r, activeSessions: byUser.get(r.id) ?? 0 }));
}

export async function getAccount({ db, id }: { db: Db; id: string }): Promise<AccountSummary | null> {
  return (await listAccounts({ db })).find((a) => a.id === id) ?? null;
}

/** Changes a user's name and binding; their sessions end (what they may see changed). */
export async function updateAccount({
  db,
  id,
  name,
  binding,
  actor,
}: {
  db: Db;
  id: string;
  name?: string;
  binding?: AccountBinding;
  actor: Actor;
}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({ ...(name !== undefined ? { name } : {}), ...(binding ?? {}), updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (changed.length === 0) return false;
    if (binding) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx as Db, {
      actor,
      action: "user.update",
      scope: null,
      targetIds: [id],
      summary: { after: { ...(name !== undefined ? { name } : {}), ...(binding ?? {}) } },
    });
    return true;
  });
}

/** Disables (and ends every session of) or re-enables an account. False when there is no such account. */
export async function setAccountDisabled({ db, id, disabled, actor }: { db: Db; id: string; disabled: boolean; actor: Actor }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx.update(users).set({ disabled, updatedAt: new Date() }).where(eq(users.id, id)).returning({ id: users.id });
    if (changed.length === 0) return false;
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx as Db, { actor, action: disabled ? "user.disable" : "user.enable", scope: null, targetIds: [id], summary: { after: { disabled } } });
    return true;
  });
}

/** Sets a new password hash (an administrator's reset) and ends the account's sessions. */
export async function setAccountPassword({ db, id, passwordHash, actor }: { db: Db; id: string; passwordHash: string; actor: Actor }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(accounts)
      .set({ password: passwordHash, updatedAt: new Date() })
      .where(and(eq(accounts.userId, id), eq(accounts.providerId, "credential")))
      .returning({ id: accounts.id });
    if (changed.length === 0) return false;
    await tx.delete(sessions).where(eq(sessions.userId, id));
    // The summary never holds the password or its hash.
    await recordAudit(tx as Db, { actor, action: "user.reset_password", scope: null, targetIds: [id], summary: {} });
    return true;
  });
}

/** The number of accounts with the administrator role that are not disabled. */
export async function countActiveAdministrators({ db }: { db: Db }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "administrator"), eq(users.disabled, false)));
  return Number(row?.n ?? 0);
}

// ---- failed sign-ins ----

export async function insertLoginFailure({
  db,
  account,
  address,
  at,
  forgetBefore,
}: {
  db: Db;
  account: string;
  address: string;
  at: Date;
  forgetBefore: Date;
}): Promise<void> {
  await db.insert(loginFailures).values({ account, address, at });
  // Rows older than the longest window count for nothing: keep the table small.
  await db.delete(loginFailures).where(lt(loginFailures.at, forgetBefore));
}

export async function deleteLoginFailures({ db, account }: { db: Db; account: string }): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.account, account));
}

/**
 * The time of the `max`-th most recent failure after `since` for this account (or address), i.e.
 * the failure that completes the limit; null when there were fewer than `max`.
 */
export async function nthRecentFailure({
  db,
  by,
  key,
  since,
  max,
}: {
  db: Db;
  by: "account" | "address";
  key: string;
  since: Date;
  max: number;
}): Promise<Date | null> {
  const column = by === "account" ? loginFailures.account : loginFailures.address;
  const [row] = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(column, key), gt(loginFailures.at, since)))
    .orderBy(desc(loginFailures.at))
    .offset(max - 1)
    .limit(1);
  return row?.at ?? null;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "23505") return true;
  }
  return false;
}

/** Units an account can be bound to (provinces, pre-2025 districts, communes of either structure), for the admin screen's list. */
export async function bindableUnits({ db }: { db: Db }): Promise<{ id: string; name: string; level: string }[]> {
  return db
    .select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level })
    .from(adminUnits)
    .where(inArray(adminUnits.level, ["province", "district", "commune"]))
    .orderBy(asc(adminUnits.id));
}

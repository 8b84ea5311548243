import "server-only";
import type { Db } from "@/db";
import { deleteLoginFailures, insertLoginFailure, nthRecentFailure } from "@/db/queries/accounts";

/**
 * Limits on failed sign-ins (and failed current-password checks on /account), counted in the
 * database (login_failures) so that every server process sees the same numbers.
 */
export const LOGIN_LIMITS = {
  /** Failures for one email (existing or not) within the window before it is locked. */
  perAccount: 5,
  /** Failures from one address (any email) within the window before it is locked. */
  perAddress: 20,
  /** The sliding window, in minutes: a lock lifts once the oldest counted failure is this old. */
  windowMinutes: 15,
} as const;

export interface LoginLock {
  /** Whole minutes until a new attempt is accepted (at least 1). */
  minutes: number;
  scope: "account" | "address";
}

/** The lock on this account or address, or null when sign-in may be tried. */
export async function loginLock({
  db,
  account,
  address,
  now = new Date(),
}: {
  db: Db;
  account: string;
  address: string;
  now?: Date;
}): Promise<LoginLock | null> {
  const windowMs = LOGIN_LIMITS.windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const checks = [
    { scope: "account" as const, key: account, max: LOGIN_LIMITS.perAccount },
    { scope: "address" as const, key: address, max: LOGIN_LIMITS.perAddress },
  ];
  let lock: LoginLock | null = null;
  for (const c of checks) {
    if (!c.key) continue;
    const at = await nthRecentFailure({ db, by: c.scope, key: c.key, since, max: c.max });
    if (!at) continue;
    const minutes = Math.max(1, Math.ceil((at.getTime() + windowMs - now.getTime()) / 60_000));
    if (!lock || minutes > lock.minutes) lock = { minutes, scope: c.scope };
  }
  return lock;
}

export async function noteLoginFailure({ db, account, address, now = new Date() }: { db: Db; account: string; address: string; now?: Date }): Promise<void> {
  await insertLoginFailure({ db, account, address, at: now, forgetBefore: new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000) });
}

/** A successful sign-in forgets that account's failures (not the address's). */
export async function clearLoginFailures({ db, account }: { db: Db; account: string }): Promise<void> {
  await deleteLoginFailures({ db, account });
}

/** The API's message (both languages; the login page shows its own in the reader's language). */
export function lockedMessage(minutes: number): string {
  return `Quá nhiều lần đăng nhập sai, thử lại sau ${minutes} phút. / Too many failed sign-ins, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * The client's address: the last entry of X-Forwarded-For, which is the one added by the nearest
 * hop — Next.js itself (the socket's address) when the header is absent, or the reverse proxy in
 * front of it. Behind no proxy a client can send its own header, so deploy behind one that sets it.
 */
export function clientAddress(headers: Headers | undefined): string {
  const forwarded = headers?.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? "unknown";
}

import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * Password hashing: argon2id through @node-rs/argon2 (prebuilt native binding, shipped in its npm
 * packages), at OWASP's Password Storage Cheat Sheet parameters: m = 19 MiB (19 456 KiB), t = 2, p = 1.
 * The result is a PHC string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), so a later change of
 * parameters keeps old hashes verifiable (verify reads them from the string).
 */
export const ARGON2_PARAMS = {
  /** Argon2id (the binding's const enum Algorithm.Argon2id = 2; const enums cannot be imported under isolatedModules). */
  algorithm: 2 as Algorithm.Argon2id,
  /** KiB of memory per hash: OWASP's minimum for argon2id with t = 2. */
  memoryCost: 19_456,
  /** Passes over the memory. */
  timeCost: 2,
  /** Lanes. */
  parallelism: 1,
  /** Bytes of hash output. */
  outputLen: 32,
} as const;

/** Passwords shorter than this are refused (OWASP ASVS 2.1.1: at least 12 characters). */
export const MIN_PASSWORD_LENGTH = 12;
/** And longer than this (argon2 takes any length; this bounds the work per request). */
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** True when `password` matches the PHC string `stored`; false (never a throw) for a malformed hash. */
export async function verifyPassword({ hash: stored, password }: { hash: string; password: string }): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// The actor tests write as (every write query function takes one and records it in audit_log).
import { randomUUID } from "node:crypto";
import type { Actor } from "../../db/queries/audit";

/** A tester, with a request id of its own for each call (so a test can find the audit rows of one write). */
export function testActor(email = "tests@example.org", extra: Partial<Actor> = {}): Actor {
  return { userId: "test-user", email, role: "tester", requestId: `test-${randomUUID()}`, address: "127.0.0.1", ...extra };
}

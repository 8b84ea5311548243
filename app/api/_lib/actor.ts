import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/db/queries/audit";
import type { Viewer } from "@/app/_auth/viewer";

/** A request id we accept from a client or proxy: short, printable, no spaces. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one place a route learns who is writing: the session's user (id, email, role) — never a
 * name from the request body (the former `importedBy` / `reviewedBy` fields are gone).
 * The request id is the `x-request-id` header when it looks like one, else a new UUID; the client
 * address is the first hop of `x-forwarded-for` (set by the proxy in front of the app), else null.
 */
export function actorFrom(request: Request, who: Pick<Viewer, "userId" | "email" | "role">): Actor {
  return {
    userId: who.userId,
    email: who.email,
    role: who.role,
    requestId: requestIdOf(request),
    address: clientAddressOf(request),
  };
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id")?.trim();
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export function clientAddressOf(request: Request): string | null {
  const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}

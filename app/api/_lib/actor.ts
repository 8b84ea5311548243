import "server-only";
import type { Actor } from "@/db/queries/audit";
import type { Viewer } from "@/app/_auth/viewer";
import { requestIdFrom } from "@/server/request-id";

/**
 * The one place a route learns who is writing: the session's user (id, email, role) — never a
 * name from the request body (the former `importedBy` / `reviewedBy` fields are gone).
 * The request id is the one route() gave the request (`requestId`), else the `x-request-id` header
 * when it looks like one (server/request-id.ts), else a new UUID; the client address is the first
 * hop of `x-forwarded-for` (set by the proxy in front of the app), else null.
 */
export function actorFrom(request: Request, who: Pick<Viewer, "userId" | "email" | "role">, requestId?: string): Actor {
  return {
    userId: who.userId,
    email: who.email,
    role: who.role,
    requestId: requestId ?? requestIdFrom(request.headers),
    address: clientAddressOf(request),
  };
}

export function clientAddressOf(request: Request): string | null {
  const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}

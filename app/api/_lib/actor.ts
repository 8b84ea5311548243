import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/db/queries/audit";

/** A request id we accept from a client or proxy: short, printable, no spaces. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one place a route learns who is writing. Until sign-in exists it is the name the form sent
 * (`who`: "Người nhập" on the import page, "Người xác nhận" on a review), or "anonymous"; with
 * sessions this becomes the session's user and role, and no route changes.
 * The request id is the `x-request-id` header when it looks like one, else a new UUID; the client
 * address is the first hop of `x-forwarded-for` (set by the proxy in front of the app), else null.
 */
export function actorFrom(request: Request, who?: string | null): Actor {
  const name = who?.trim() || "anonymous";
  return {
    userId: "anonymous",
    email: name,
    role: "anonymous",
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

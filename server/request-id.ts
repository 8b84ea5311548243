/**
 * The request id: every request the app serves has one, in the `x-request-id` header of the
 * request (as route handlers see it) and of the response. proxy.ts assigns it: a sane id sent by
 * the client or by the reverse proxy in front of the app (nginx's `$request_id`, a load balancer's
 * trace id) is kept, anything else is replaced by a fresh UUID. The routes proxy.ts does not see
 * (the raw upload) do the same in app/api/_lib/route.ts. The id goes into every log line of the
 * request (server/log.ts) and into the audit rows it writes.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** What we accept from outside: 1–64 characters of A–Z, a–z, 0–9, `-` and `_` (a UUID, a hex trace id …). */
export const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The incoming id when it is sane, else a new UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER)?.trim();
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

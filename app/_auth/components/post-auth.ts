/** What the auth routes answer on a refusal (better-auth's code; the lockout's minutes left). */
export interface AuthRefusal {
  code?: string;
  retryAfterMinutes?: number;
}

/** POSTs a JSON body to an auth route (sign-in, password change): the response and its JSON body (`{}` when it has none). */
export async function postAuth(path: string, payload: unknown): Promise<{ res: Response; body: AuthRefusal }> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
  const body = (await res.json().catch(() => ({}))) as AuthRefusal;
  return { res, body };
}

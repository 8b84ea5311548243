// Authentication against the built app (`next start`): sign-in and its cookie, pages and API without
// a session, failed sign-in limits per account and per address, disabling, password change, sign-out,
// CSRF on state-changing requests, security headers with a CSP nonce, account management's role check.
// Needs `npx next build` first.
import { rmSync } from "node:fs";
import { describe, it, expect, inject, beforeAll, afterAll } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo/accounts";
import { LOGIN_LIMITS } from "../../app/_auth/limits";
import { signIn, startApp, type App } from "../e2e/support/app-server";
import { copySeededPglite } from "../support/seeded-db";

let app: App;
let dir: string;

beforeAll(async () => {
  dir = copySeededPglite(inject("seededPgliteDir"));
  app = await startApp({ PGLITE_DIR: dir }, { role: null });
});
afterAll(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ErrorBody {
  error: string;
  issues: unknown[];
  code?: string;
  retryAfterMinutes?: number;
}

function signInRaw(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
    redirect: "manual",
  });
}
const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: "manual" });
const send = (method: string, path: string, body: unknown, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
const HAMLETS = "/api/hamlets?unit=d-101&structure=pre2025";

describe("sign-in: POST /api/auth/sign-in/email", () => {
  it("answers 200 with the session cookie: HttpOnly, SameSite=Lax, no Secure over http; __Secure- and Secure when the request came over https", async () => {
    const res = await signInRaw(DEMO_ACCOUNTS.chief.email, DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { email: string; role: string } };
    expect(body.user).toMatchObject({ email: DEMO_ACCOUNTS.chief.email, role: "chief" });
    const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(cookie).toMatch(/^gapmap\.session_token=[^;]+;/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/Max-Age=43200/); // 12 h (SESSION_POLICY)

    const tls = await signInRaw(DEMO_ACCOUNTS.chief.email, DEMO_PASSWORD, { "x-forwarded-proto": "https" });
    expect(tls.status).toBe(200);
    const secure = tls.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(secure).toMatch(/^__Secure-gapmap\.session_token=/);
    expect(secure).toMatch(/;\s*Secure/i);
    expect(secure).toMatch(/;\s*HttpOnly/i);
    expect(secure).toMatch(/;\s*SameSite=Lax/i);
    // The https cookie works over https (what a browser behind TLS sends back).
    const viaTls = await get(HAMLETS, secure.split(";")[0], { "x-forwarded-proto": "https" });
    expect(viaTls.status).toBe(200);
    await viaTls.arrayBuffer();
  });

  it("a browser's sign-in from the address the app was opened at is accepted (Origin and Fetch Metadata as Chromium sends them, with or without a cookie), as http://127.0.0.1 and as http://localhost", async () => {
    const port = new URL(app.url).port;
    for (const base of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      for (const cookie of [undefined, "NEXT_LOCALE=vi"]) {
        const res = await fetch(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: base,
            "sec-fetch-site": "same-origin",
            "sec-fetch-mode": "cors",
            "sec-fetch-dest": "empty",
            ...(cookie ? { cookie } : {}),
          },
          body: JSON.stringify({ email: DEMO_ACCOUNTS.chief.email, password: DEMO_PASSWORD }),
        });
        expect(res.status, `${base} cookie=${cookie ?? "none"}: ${await res.clone().text()}`).toBe(200);
        await res.arrayBuffer();
      }
    }
  });

  it("a wrong password is 401 {error, code}, an unknown email the same (no account enumeration)", async () => {
    const wrong = await signInRaw(DEMO_ACCOUNTS.telecom.email, "not-the-password", { "x-forwarded-for": "203.0.113.50" });
    const unknown = await signInRaw("nobody@example.org", "not-the-password", { "x-forwarded-for": "203.0.113.50" });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as ErrorBody[];
    expect(a!.error).toBe(b!.error);
    expect(a!.issues).toEqual([]);
  });

  it("sign-up and other better-auth endpoints the app does not use are 404", async () => {
    const res = await send("POST", "/api/auth/sign-up/email", { email: "new@example.org", password: "long-enough-password", name: "x" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error).toContain("sign-up");
  });
});

describe("without a session", () => {
  it("a page redirects to /login?next=<the page and its query>; /login itself opens", async () => {
    const res = await get("/dashboard?unit=d-101&structure=pre2025");
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get("location")!, app.url);
    expect(to.pathname).toBe("/login");
    expect(to.searchParams.get("next")).toBe("/dashboard?unit=d-101&structure=pre2025");
    const root = await get("/");
    expect(new URL(root.headers.get("location")!, app.url).pathname + new URL(root.headers.get("location")!, app.url).search).toBe("/login");
    const login = await get("/login?next=%2Fdashboard");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="password"');
  });

  it("the API answers 401 JSON {error, issues: []}, also for a forged or stale cookie; with a valid cookie 200", async () => {
    for (const cookie of [undefined, "gapmap.session_token=forged.value", "gapmap.session_token="]) {
      const res = await get(HAMLETS, cookie);
      expect(res.status, String(cookie)).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/json");
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatch(/sign in/i);
      expect(body.issues).toEqual([]);
    }
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const ok = await get(HAMLETS, cookie);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { features: unknown[] }).features.length).toBeGreaterThan(100);
    expect((await get("/dashboard?unit=d-101&structure=pre2025", cookie)).status).toBe(200);
  });

  it("signed in, /login goes on to `next` — a path of this app only (no open redirect)", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const cases: [string, string][] = [
      ["/dashboard?unit=p-11", "/dashboard?unit=p-11"],
      ["//evil.example/x", "/"],
      ["https://evil.example/", "/"],
      ["/\\evil.example", "/"],
      ["javascript:alert(1)", "/"],
      ["/login", "/"],
    ];
    for (const [next, expected] of cases) {
      const res = await get(`/login?next=${encodeURIComponent(next)}`, cookie);
      expect(res.status, next).toBe(307);
      const to = new URL(res.headers.get("location")!, app.url);
      expect(to.origin, next).toBe(app.url);
      expect(to.pathname + to.search, next).toBe(expected);
    }
  });
});

describe("failed sign-ins are limited", () => {
  it(`per account: after ${LOGIN_LIMITS.perAccount} failures the account is locked (429, the message with minutes, Retry-After), even with the right password; other accounts are not`, async () => {
    const headers = { "x-forwarded-for": "203.0.113.1" };
    const email = DEMO_ACCOUNTS.viewer.email;
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) expect((await signInRaw(email, `wrong-${i}-password`, headers)).status).toBe(401);
    const locked = await signInRaw(email, DEMO_PASSWORD, headers);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBe(LOGIN_LIMITS.windowMinutes * 60);
    const body = (await locked.json()) as ErrorBody;
    expect(body.code).toBe("TOO_MANY_FAILED_SIGN_INS");
    expect(body.retryAfterMinutes).toBe(LOGIN_LIMITS.windowMinutes);
    expect(body.error).toContain(`Quá nhiều lần đăng nhập sai, thử lại sau ${LOGIN_LIMITS.windowMinutes} phút`);
    expect(body.error).toContain(`Too many failed sign-ins, try again in ${LOGIN_LIMITS.windowMinutes} minutes`);
    // From another address too: the lock is the account's.
    expect((await signInRaw(email, DEMO_PASSWORD, { "x-forwarded-for": "203.0.113.99" })).status).toBe(429);
    // Another account from the first address still signs in.
    expect((await signInRaw(DEMO_ACCOUNTS.telecom.email, DEMO_PASSWORD, headers)).status).toBe(200);
  });

  it(`per address: after ${LOGIN_LIMITS.perAddress} failures over any accounts, that address is locked for every account; other addresses are not`, async () => {
    const headers = { "x-forwarded-for": "203.0.113.2" };
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) expect((await signInRaw(`guess-${i}@example.org`, "wrong-password-1", headers)).status).toBe(401);
    const locked = await signInRaw(DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD, headers);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as ErrorBody).error).toMatch(/thử lại sau \d+ phút/);
    expect((await signInRaw(DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD, { "x-forwarded-for": "203.0.113.3" })).status).toBe(200);
  });
});

describe("sessions end", () => {
  it("disabling an account (administrator, PATCH /api/admin/users/<id>) ends its existing session at once; it cannot sign in; re-enabled it can", async () => {
    const admin = await signIn(app.url, DEMO_ACCOUNTS.administrator.email, DEMO_PASSWORD);
    const created = await send(
      "POST",
      "/api/admin/users",
      {
        email: "Chu.Tich@Example.org",
        name: "Chủ tịch xã (thử)",
        password: "mat-khau-ban-dau",
        binding: { role: "chief", unitId: "d-101", structure: "pre2025" },
      },
      admin,
    );
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; email: string; role: string } };
    expect(user).toMatchObject({ email: "chu.tich@example.org", role: "chief" });
    const cookie = await signIn(app.url, "chu.tich@example.org", "mat-khau-ban-dau");
    expect((await get(HAMLETS, cookie)).status).toBe(200);
    const off = await send("PATCH", `/api/admin/users/${user.id}`, { disabled: true }, admin);
    expect(off.status).toBe(200);
    expect(((await off.json()) as { user: { disabled: boolean; activeSessions: number } }).user).toMatchObject({ disabled: true, activeSessions: 0 });
    expect((await get(HAMLETS, cookie)).status).toBe(401);
    const page = await get("/", cookie);
    expect(page.status).toBe(303);
    const refused = await signInRaw("chu.tich@example.org", "mat-khau-ban-dau");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).code).toBe("ACCOUNT_DISABLED");
    expect((await send("PATCH", `/api/admin/users/${user.id}`, { disabled: false }, admin)).status).toBe(200);
    expect((await signInRaw("chu.tich@example.org", "mat-khau-ban-dau")).status).toBe(200);
  });

  it("password change: the wrong current password is refused; then the old password fails, the new one works, other sessions end", async () => {
    const admin = await signIn(app.url, DEMO_ACCOUNTS.administrator.email, DEMO_PASSWORD);
    const created = await send(
      "POST",
      "/api/admin/users",
      {
        email: "doi-mat-khau@example.org",
        name: "Đổi mật khẩu",
        password: "mat-khau-cu-1234",
        binding: { role: "viewer", unitId: "p-11", structure: "post2025" },
      },
      admin,
    );
    expect(created.status).toBe(201);
    const other = await signIn(app.url, "doi-mat-khau@example.org", "mat-khau-cu-1234");
    const mine = await signIn(app.url, "doi-mat-khau@example.org", "mat-khau-cu-1234");
    const wrong = await send(
      "POST",
      "/api/auth/change-password",
      { currentPassword: "not-it-at-all", newPassword: "mat-khau-moi-5678", revokeOtherSessions: true },
      mine,
    );
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as ErrorBody).code).toBe("INVALID_PASSWORD");
    const short = await send(
      "POST",
      "/api/auth/change-password",
      { currentPassword: "mat-khau-cu-1234", newPassword: "short", revokeOtherSessions: true },
      mine,
    );
    expect(short.status).toBe(400);
    const ok = await send(
      "POST",
      "/api/auth/change-password",
      { currentPassword: "mat-khau-cu-1234", newPassword: "mat-khau-moi-5678", revokeOtherSessions: true },
      mine,
    );
    expect(ok.status).toBe(200);
    const renewed = ok.headers
      .getSetCookie()
      .find((c) => c.includes("session_token="))!
      .split(";")[0]!;
    expect((await get(HAMLETS, renewed)).status).toBe(200);
    expect((await get(HAMLETS, other)).status).toBe(401);
    expect((await signInRaw("doi-mat-khau@example.org", "mat-khau-cu-1234")).status).toBe(401);
    expect((await signInRaw("doi-mat-khau@example.org", "mat-khau-moi-5678")).status).toBe(200);
  });

  it("sign-out (POST /api/auth/sign-out) ends the session: the same cookie is then 401, and the response clears it", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    expect((await get(HAMLETS, cookie)).status).toBe(200);
    const out = await send("POST", "/api/auth/sign-out", {}, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => /session_token=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    expect((await get(HAMLETS, cookie)).status).toBe(401);
  });
});

describe("CSRF: state-changing requests to /api must come from the app's own origin", () => {
  const RUN = "/api/plans/run";
  const body = { unit: "d-101", structure: "pre2025", date: "2023-11-06", wifi: { maxSites: 2 } };

  it("a foreign Origin is 403 with a clear message — as JSON, as text/plain, as a form; Origin null; Sec-Fetch-Site cross-site; a foreign Referer", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const cases: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "http://evil.example", "content-type": "text/plain" },
      { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
      { origin: "null" },
      { origin: app.url, "sec-fetch-site": "cross-site" },
      { referer: "http://evil.example/page" },
    ];
    for (const headers of cases) {
      const res = await send("POST", RUN, JSON.stringify(body), cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const b = (await res.json()) as ErrorBody;
      expect(b.error, JSON.stringify(headers)).toMatch(/cross-site|must come from this app/);
      expect(b.issues).toEqual([]);
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect((await send(method, "/api/plans/scenarios", "{}", cookie, { origin: "http://evil.example" })).status, method).toBe(403);
    }
    // better-auth's own routes too: a foreign page cannot sign someone in or out.
    expect((await signInRaw(DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD, { origin: "http://evil.example" })).status).toBe(403);
  });

  it("the app's own Origin (or Referer) passes the check, and so does a request with neither (curl, scripts); GET is not checked", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const same: Record<string, string>[] = [{ origin: app.url }, { referer: `${app.url}/plans` }, {}, { origin: app.url, "sec-fetch-site": "same-origin" }];
    for (const headers of same) {
      const res = await send("POST", RUN, body, cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      await res.arrayBuffer();
    }
    expect((await get(HAMLETS, cookie, { origin: "http://evil.example" })).status).toBe(200);
  });
});

describe("security headers", () => {
  function expectCommon(res: Response) {
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    return csp;
  }

  it("a page: CSP with a fresh nonce in script-src, no 'unsafe-inline' or 'unsafe-eval' scripts, and the nonce on every <script> of the page", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const nonces: string[] = [];
    for (const path of ["/", "/login", "/dashboard?unit=d-101&structure=pre2025"]) {
      const res = await get(path, cookie);
      expect(res.status === 200 || res.status === 307, path).toBe(true);
      if (res.status !== 200) continue;
      const csp = expectCommon(res);
      const scriptSrc = csp
        .split(";")
        .map((d) => d.trim())
        .find((d) => d.startsWith("script-src"))!;
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp).toMatch(/worker-src 'self' blob:/);
      nonces.push(nonce);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.length).toBe(2); // "/" and the dashboard; /login redirected (signed in)
    expect(new Set(nonces).size).toBe(nonces.length);
    const login = await get("/login");
    expect(login.status).toBe(200);
    expectCommon(login);
  });

  it("an API answer (200, 401, 403) and a static file carry them too", async () => {
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    for (const res of [await get(HAMLETS, cookie), await get(HAMLETS), await send("POST", "/api/plans/run", "{}", cookie, { origin: "http://evil.example" })]) {
      expect(expectCommon(res)).toContain("default-src 'none'");
      await res.arrayBuffer();
    }
    const worker = await get("/maplibre-gl-worker.mjs");
    expect(worker.status).toBe(200);
    expect(worker.headers.get("x-content-type-options")).toBe("nosniff");
    expect(worker.headers.get("x-powered-by")).toBeNull();
    await worker.arrayBuffer();
  });
});

describe("account management is for administrators", () => {
  it("a planner gets 403 from /api/admin/users; no session 401; the administrator sees the accounts", async () => {
    const planner = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const forbidden = await get("/api/admin/users", planner);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as ErrorBody).error).toContain("administrator");
    expect((await send("POST", "/api/admin/users", { email: "x@example.org" }, planner)).status).toBe(403);
    expect((await get("/api/admin/users")).status).toBe(401);
    const admin = await signIn(app.url, DEMO_ACCOUNTS.administrator.email, DEMO_PASSWORD);
    const list = await get("/api/admin/users", admin);
    expect(list.status).toBe(200);
    const emails = ((await list.json()) as { users: { email: string }[] }).users.map((u) => u.email);
    for (const a of Object.values(DEMO_ACCOUNTS)) expect(emails).toContain(a.email);
  });

  it("a bad account is 400 naming the field; an unknown unit 400; a taken email 409; the last administrator cannot be disabled or demoted", async () => {
    const admin = await signIn(app.url, DEMO_ACCOUNTS.administrator.email, DEMO_PASSWORD);
    const cases: [unknown, string][] = [
      [{ email: "not-an-email", name: "x", password: "long-enough-pass", binding: { role: "viewer", unitId: "p-11", structure: "post2025" } }, "email"],
      [{ email: "a1@example.org", name: "x", password: "short", binding: { role: "viewer", unitId: "p-11", structure: "post2025" } }, "password"],
      [
        { email: "a2@example.org", name: "x", password: "long-enough-pass", binding: { role: "telecom", operator: "viettel", provinces: [] } },
        "binding.provinces",
      ],
      [{ email: "a3@example.org", name: "x", password: "long-enough-pass", binding: { role: "planner" } }, "binding.unitId"],
      [{ email: "a4@example.org", name: "x", password: "long-enough-pass", binding: { role: "boss", unitId: "p-11", structure: "post2025" } }, "binding.role"],
      [
        { email: "a5@example.org", name: "x", password: "long-enough-pass", binding: { role: "chief", unitId: "d-101", structure: "post2025" } },
        "binding.structure",
      ],
      [
        { email: "a6@example.org", name: "x", password: "long-enough-pass", binding: { role: "chief", unitId: "p-99", structure: "post2025" } },
        "binding.unitId",
      ],
    ];
    for (const [body, path] of cases) {
      const res = await send("POST", "/api/admin/users", body, admin);
      expect(res.status, path).toBe(400);
      expect(
        ((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path),
        path,
      ).toContain(path);
    }
    const taken = await send(
      "POST",
      "/api/admin/users",
      { email: DEMO_ACCOUNTS.viewer.email, name: "x", password: "long-enough-pass", binding: { role: "viewer", unitId: "p-11", structure: "post2025" } },
      admin,
    );
    expect(taken.status).toBe(409);
    const list = ((await (await get("/api/admin/users", admin)).json()) as { users: { id: string; email: string }[] }).users;
    const me = list.find((u) => u.email === DEMO_ACCOUNTS.administrator.email)!;
    expect((await send("PATCH", `/api/admin/users/${me.id}`, { disabled: true }, admin)).status).toBe(409);
    expect((await send("PATCH", `/api/admin/users/${me.id}`, { binding: { role: "viewer", unitId: "p-11", structure: "post2025" } }, admin)).status).toBe(409);
    expect((await send("PATCH", `/api/admin/users/not-a-uuid`, { disabled: true }, admin)).status).toBe(400);
    expect((await send("PATCH", `/api/admin/users/${me.id}`, {}, admin)).status).toBe(400);
  });
});

describe("the upload route, which proxy.ts does not see (its body must stream)", () => {
  it("checks the session and the origin itself, and carries the security headers", async () => {
    const up = (cookie?: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/api/import/upload?name=a.csv`, {
        method: "POST",
        body: "a,b\n1,2\n",
        headers: { "content-type": "text/csv", ...(cookie ? { cookie } : {}), ...headers },
      });
    const anon = await up();
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(anon.headers.get("x-content-type-options")).toBe("nosniff");
    const cookie = await signIn(app.url, DEMO_ACCOUNTS.planner.email, DEMO_PASSWORD);
    const foreign = await up(cookie, { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    const ok = await up(cookie, { origin: app.url });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { uploadId: string }).uploadId).toBeTruthy();
  });
});

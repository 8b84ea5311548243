// The pure parts of authentication: the return path after sign-in, the CSRF decision, the CSP, the
// binding rules, the environment, the secret file, the demo-account guard, the cookie attributes.
import { mkdtempSync, readFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { getCookies } from "better-auth/cookies";
import { safeNextPath, loginPathFor } from "@/app/_auth/next-path";
import { csrfRefusal } from "@/app/_auth/csrf";
import { pageCsp, API_CSP, newNonce } from "@/app/_auth/security-headers";
import { bindingSchema } from "@/app/_auth/binding";
import { readAuthEnv } from "@/app/_auth/env";
import { authSecret } from "@/app/_auth/secret";
import { demoSignInRefusal } from "@/app/_auth/demo";
import { authOptions, isHttps } from "@/app/_auth/auth";
import { clientAddress, lockedMessage } from "@/app/_auth/limits";
import { ARGON2_PARAMS, hashPassword, verifyPassword } from "@/app/_auth/password";
import type { Db } from "@/db/client";

describe("safeNextPath (no open redirect)", () => {
  it.each([
    ["/dashboard?unit=p-11&structure=post2025", "/dashboard?unit=p-11&structure=post2025"],
    ["/plans#x", "/plans#x"],
    ["/", "/"],
  ])("keeps the app's path %s", (input, out) => expect(safeNextPath(input)).toBe(out));
  it.each([
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/login?next=/x",
    "/api/hamlets",
    "/\u0000x",
    "/\tx",
    undefined,
    42,
    ["/x"],
  ])("refuses %j → /", (input) => expect(safeNextPath(input)).toBe("/"));
  it("loginPathFor carries the page and its query, or nothing for /", () => {
    expect(loginPathFor("/dashboard", "?unit=p-11")).toBe("/login?next=%2Fdashboard%3Funit%3Dp-11");
    expect(loginPathFor("/", "")).toBe("/login");
  });
});

describe("csrfRefusal", () => {
  const url = "http://127.0.0.1:3000/api/plans/run";
  const h = (o: Record<string, string>) => new Headers({ host: "127.0.0.1:3000", ...o });
  it("refuses a foreign Origin, Origin null, a foreign Referer, Sec-Fetch-Site cross-site or same-site — for every state-changing method", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(csrfRefusal({ method, url, headers: h({ origin: "http://evil.example" }) }), method).toMatch(/evil\.example/);
    }
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "null" }) })).toMatch(/null/);
    expect(csrfRefusal({ method: "POST", url, headers: h({ referer: "http://evil.example/a" }) })).toMatch(/Referer/);
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }) })).toMatch(/cross-site/);
    expect(csrfRefusal({ method: "POST", url, headers: h({ "sec-fetch-site": "same-site" }) })).toMatch(/same-site/);
    // Another port or scheme is another origin.
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "http://127.0.0.1:4000" }) })).not.toBeNull();
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "https://127.0.0.1:3000" }) })).not.toBeNull();
  });
  it("accepts the app's own origin (also behind a TLS proxy or from APP_ORIGINS), no Origin/Referer at all, and GET/HEAD/OPTIONS", () => {
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "http://127.0.0.1:3000" }) })).toBeNull();
    expect(csrfRefusal({ method: "POST", url, headers: h({ referer: "http://127.0.0.1:3000/plans?x=1" }) })).toBeNull();
    expect(csrfRefusal({ method: "POST", url, headers: h({}) })).toBeNull();
    expect(
      csrfRefusal({
        method: "POST",
        url,
        headers: h({ origin: "https://gapmap.example.vn", "x-forwarded-proto": "https", "x-forwarded-host": "gapmap.example.vn" }),
      }),
    ).toBeNull();
    expect(csrfRefusal({ method: "POST", url, headers: h({ origin: "https://bando.example.vn" }), trusted: ["https://bando.example.vn"] })).toBeNull();
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(csrfRefusal({ method, url, headers: h({ origin: "http://evil.example" }) })).toBeNull();
  });
});

describe("Content-Security-Policy", () => {
  it("pages: the nonce and 'strict-dynamic' for scripts, never 'unsafe-inline' scripts; 'unsafe-eval' only in development; frame-ancestors 'none'; upgrade over https", () => {
    const nonce = newNonce();
    const csp = pageCsp({ nonce, dev: false, https: false });
    const d = Object.fromEntries(csp.split("; ").map((x) => [x.split(" ")[0], x]));
    expect(d["script-src"]).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(d["frame-ancestors"]).toBe("frame-ancestors 'none'");
    expect(d["object-src"]).toBe("object-src 'none'");
    expect(d["worker-src"]).toContain("'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp({ nonce, dev: true, https: false })).toContain("'unsafe-eval'");
    expect(pageCsp({ nonce, dev: false, https: true })).toContain("upgrade-insecure-requests");
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });
  it("nonces are fresh base64 of 16 bytes", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(new Set(Array.from({ length: 50 }, newNonce)).size).toBe(50);
  });
});

describe("bindingSchema", () => {
  it("accepts each role with the binding it needs, normalising provinces", () => {
    expect(bindingSchema.parse({ role: "planner", unitId: "p-11", structure: "post2025" })).toEqual({
      role: "planner",
      unitId: "p-11",
      structure: "post2025",
      operator: null,
      provinces: [],
    });
    expect(bindingSchema.parse({ role: "telecom", operator: "viettel", provinces: ["p-12", "p-11", "p-12"] }).provinces).toEqual(["p-11", "p-12"]);
    expect(bindingSchema.parse({ role: "administrator" })).toMatchObject({ unitId: null, structure: null });
  });
  it.each([
    [{ role: "planner" }, "unitId"],
    [{ role: "viewer", unitId: "p-11" }, "structure"],
    [{ role: "chief", unitId: "d-101", structure: "post2025" }, "structure"],
    [{ role: "telecom", operator: "viettel" }, "provinces"],
    [{ role: "telecom", provinces: ["p-11"] }, "operator"],
    [{ role: "telecom", operator: "viettel", provinces: ["p-11"], unitId: "p-11", structure: "post2025" }, "unitId"],
    [{ role: "planner", unitId: "p-11", structure: "post2025", operator: "vnpt" }, "operator"],
    [{ role: "viewer", unitId: "<script>", structure: "post2025" }, "unitId"],
    [{ role: "telecom", operator: "viettel", provinces: ["11"] }, "provinces"],
    [{ role: "root" }, "role"],
  ])("refuses %j naming %s", (input, path) => {
    const r = bindingSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => String(i.path[0]))).toContain(path);
  });
});

describe("environment, secret, demo guard", () => {
  it("readAuthEnv refuses a short BETTER_AUTH_SECRET, naming it; defaults the secret file", () => {
    expect(() => readAuthEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(/BETTER_AUTH_SECRET: must be at least 32/);
    expect(readAuthEnv({}).AUTH_SECRET_FILE).toBe(".data/auth-secret");
    expect(() => readAuthEnv({ GAPMAP_DEMO: "yes" })).toThrow(/GAPMAP_DEMO/);
  });
  it("without BETTER_AUTH_SECRET a secret is generated once into the file (mode 0600) and then read back", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gapmap-secret-"));
    try {
      const file = path.join(dir, "sub", "auth-secret");
      const env = readAuthEnv({ AUTH_SECRET_FILE: file });
      const a = authSecret(env);
      expect(a.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(authSecret(env)).toBe(a);
      expect(readFileSync(file, "utf8").trim()).toBe(a);
      expect(authSecret(readAuthEnv({ AUTH_SECRET_FILE: file, BETTER_AUTH_SECRET: "y".repeat(32) }))).toBe("y".repeat(32));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("demo accounts sign in outside production, or in production only when started as the demo", () => {
    expect(demoSignInRefusal("planner@demo.invalid", readAuthEnv({ NODE_ENV: "production" }))).toMatch(/npm run demo/);
    expect(demoSignInRefusal("planner@demo.invalid", readAuthEnv({ NODE_ENV: "production", GAPMAP_DEMO: "true" }))).toBeNull();
    expect(demoSignInRefusal("planner@demo.invalid", readAuthEnv({ NODE_ENV: "development" }))).toBeNull();
    expect(demoSignInRefusal("someone@example.org", readAuthEnv({ NODE_ENV: "production" }))).toBeNull();
  });
});

describe("cookies, addresses, passwords", () => {
  const env = readAuthEnv({ BETTER_AUTH_SECRET: "z".repeat(40) });
  it("the session cookie is HttpOnly and SameSite=Lax; Secure with the __Secure- prefix exactly when served over https", () => {
    for (const secure of [false, true]) {
      const c = getCookies(authOptions({ db: {} as Db, secret: "z".repeat(40), secure, env })).sessionToken;
      expect(c.name).toBe(secure ? "__Secure-gapmap.session_token" : "gapmap.session_token");
      expect(c.attributes).toMatchObject({ httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 12 * 60 * 60 });
    }
    expect(isHttps(new Headers({ "x-forwarded-proto": "https" }), "http://127.0.0.1/")).toBe(true);
    expect(isHttps(new Headers({ "x-forwarded-proto": "http" }), "https://x/")).toBe(false);
    expect(isHttps(new Headers(), "https://x/")).toBe(true);
  });
  it("the client address is the last X-Forwarded-For entry (the nearest hop's)", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.1.1.1, 203.0.113.4" }))).toBe("203.0.113.4");
    expect(clientAddress(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
  it("the lock message says the minutes in both languages", () => {
    expect(lockedMessage(3)).toBe("Quá nhiều lần đăng nhập sai, thử lại sau 3 phút. / Too many failed sign-ins, try again in 3 minutes.");
    expect(lockedMessage(1)).toContain("in 1 minute.");
  });
  it("argon2id at OWASP's minimum: m=19456 KiB, t=2, p=1; a malformed hash verifies false", async () => {
    expect(ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const h = await hashPassword("mật khẩu có dấu tiếng Việt");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(h).not.toBe(await hashPassword("mật khẩu có dấu tiếng Việt")); // salted
    expect(await verifyPassword({ hash: h, password: "mật khẩu có dấu tiếng Việt" })).toBe(true);
    expect(await verifyPassword({ hash: h, password: "mat khau co dau tieng Viet" })).toBe(false);
    expect(await verifyPassword({ hash: "not-a-hash", password: "x" })).toBe(false);
  });
});

// First run: with no account the login page says how to create one; `npm run user:add` creates an
// account from GAPMAP_PASSWORD (or a piped line) and refuses a password on the command line.
// Needs `npx next build` first (for the login page).
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { describe, it, expect, inject, beforeAll, afterAll } from "vitest";
import { eq } from "drizzle-orm";
import { openDb } from "../../db/client";
import { accounts, users } from "../../db/schema";
import { verifyPassword } from "../../app/_auth/password";
import { REPO_ROOT, startApp } from "../e2e/support/app-server";
import { copySeededPglite } from "../support/seeded-db";

let dir: string;
beforeAll(async () => {
  dir = copySeededPglite(inject("seededPgliteDir"));
  const o = await openDb({ pgliteDir: dir, migrate: false });
  await o.db.delete(users); // sessions and accounts go with them (on delete cascade)
  await o.close();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function userAdd(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir, ...opts.env };
    delete env.DATABASE_URL;
    if (!opts.env?.GAPMAP_PASSWORD) delete env.GAPMAP_PASSWORD;
    const child = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/user-add.ts", ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

describe("first run", () => {
  it("with no account at all, the login page says how to create one (npm run user:add)", async () => {
    const app = await startApp({ PGLITE_DIR: dir }, { role: null });
    try {
      const res = await fetch(`${app.url}/login`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Chưa có tài khoản nào");
      expect(html).toContain("npm run user:add -- --email");
      expect(html).toContain("GAPMAP_PASSWORD");
    } finally {
      await app.stop();
    }
  });

  it("user:add refuses a password given on the command line, in any spelling, and creates nothing", async () => {
    for (const flag of [["--password", "mat-khau-tren-dong-lenh"], ["--password=mat-khau-tren-dong-lenh"], ["-p", "x"]]) {
      const r = await userAdd(["--email", "cli@example.org", "--role", "administrator", ...flag], { env: { GAPMAP_PASSWORD: "mat-khau-moi-truong" } });
      expect(r.code, flag.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/never given on the command line/);
    }
    const o = await openDb({ pgliteDir: dir, migrate: false });
    try {
      expect(await o.db.select().from(users)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it("user:add creates an administrator from GAPMAP_PASSWORD, a Viettel coordinator from a piped password; bad bindings are refused with the flag named", async () => {
    const admin = await userAdd(["--email", "Quan.Tri@Example.org", "--role", "administrator", "--name", "Quản trị"], {
      env: { GAPMAP_PASSWORD: "mat-khau-moi-truong" },
    });
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toMatch(/created administrator quan\.tri@example\.org/);
    const tel = await userAdd(["--email", "vt@example.org", "--role", "telecom", "--operator", "viettel", "--provinces", "p-11"], {
      input: "mat-khau-qua-ong\n",
    });
    expect(tel.code, tel.stderr).toBe(0);
    const chief = await userAdd(["--email", "chief@example.org", "--role", "chief", "--unit", "d-101"], { env: { GAPMAP_PASSWORD: "mat-khau-truong-ban" } });
    expect(chief.code, chief.stderr).toBe(0);
    expect(chief.stdout).toContain("d-101 (pre2025)");

    const bad = await userAdd(["--email", "p@example.org", "--role", "planner", "--unit", "p-99"], { env: { GAPMAP_PASSWORD: "mat-khau-ke-hoach" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--unit: no province, district or commune p-99/);
    const noUnit = await userAdd(["--email", "p@example.org", "--role", "planner"], { env: { GAPMAP_PASSWORD: "mat-khau-ke-hoach" } });
    expect(noUnit.code).toBe(2);
    expect(noUnit.stderr).toMatch(/--unit: a planner account needs a unit/);
    const short = await userAdd(["--email", "p@example.org", "--role", "viewer", "--unit", "p-11"], { env: { GAPMAP_PASSWORD: "short" } });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/12 to 256 characters/);
    const again = await userAdd(["--email", "quan.tri@example.org", "--role", "administrator"], { env: { GAPMAP_PASSWORD: "mat-khau-moi-truong" } });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const o = await openDb({ pgliteDir: dir, migrate: false });
    try {
      const rows = await o.db
        .select({
          email: users.email,
          name: users.name,
          role: users.role,
          unitId: users.unitId,
          structure: users.structure,
          operator: users.operator,
          provinces: users.provinces,
          password: accounts.password,
        })
        .from(users)
        .innerJoin(accounts, eq(accounts.userId, users.id))
        .orderBy(users.email);
      expect(rows.map((r) => [r.email, r.role, r.unitId, r.structure, r.operator, r.provinces])).toEqual([
        ["chief@example.org", "chief", "d-101", "pre2025", null, []],
        ["quan.tri@example.org", "administrator", null, null, null, []],
        ["vt@example.org", "telecom", null, null, "viettel", ["p-11"]],
      ]);
      expect(rows[1]!.name).toBe("Quản trị");
      expect(await verifyPassword({ hash: rows[1]!.password!, password: "mat-khau-moi-truong" })).toBe(true);
      expect(await verifyPassword({ hash: rows[2]!.password!, password: "mat-khau-qua-ong" })).toBe(true);
    } finally {
      await o.close();
    }
  });
});

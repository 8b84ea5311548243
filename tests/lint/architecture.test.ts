// The architecture rules fail on a violation — so that they cannot rot silently. Biome runs with the
// repository's own biome.jsonc (copied verbatim) on small probe files laid out like the repository in
// a temporary folder (nothing is written into the work tree, which other tests read); the checks
// that Biome cannot express (scripts/lint-house.mjs) run on the real tree plus probe modules.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINE_LIMIT, checkServerOnly, checkText, importsOf, readTree } from "../../scripts/lint-house.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIOME = path.join(ROOT, "node_modules/.bin/biome");

/** Probe files, by path as if in the repository → source. */
const PROBES: Record<string, string> = {
  // geo/ is pure
  "geo/uses-node-fs.ts": 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n',
  "geo/uses-bare-fs.ts": 'import fs from "fs";\nexport const f = fs;\n',
  "geo/uses-drizzle.ts": 'import { sql } from "drizzle-orm";\nexport const q = sql;\n',
  "geo/uses-react.ts": 'import { useState } from "react";\nexport const s = useState;\n',
  "geo/uses-db-types.ts": 'import type { Db } from "../db/client";\nexport type D = Db;\n',
  "geo/uses-app.ts": 'import { fmt } from "@/app/_i18n/format";\nexport const f = fmt;\n',
  "geo/uses-other-package.ts": 'import ExcelJS from "exceljs";\nexport const x = ExcelJS;\n',
  "geo/pure.ts": [
    'import { area } from "@turf/turf";',
    'import Flatbush from "flatbush";',
    'import { mean } from "simple-statistics";',
    'import type { Feature } from "geojson";',
    'import { rate } from "./rates";',
    "export const all = [area, Flatbush, mean, rate];",
    "export type F = Feature;",
  ].join("\n"),
  // only db/ talks to the database
  "app/probe/uses-postgres.tsx": 'import postgres from "postgres";\nexport const p = postgres;\n',
  "app/probe/uses-pglite.ts": 'import { PGlite } from "@electric-sql/pglite";\nexport const p = PGlite;\n',
  "proxy-probe.ts": 'import { drizzle } from "drizzle-orm/pglite";\nexport const d = drizzle;\n',
  "tests/probe.test.ts": 'import { sql } from "drizzle-orm";\nimport { openDb } from "../db/client";\nexport const all = [sql, openDb];\n',
  "db/queries/probe.ts": 'import { sql } from "drizzle-orm";\nimport postgres from "postgres";\nexport const all = [sql, postgres];\n',
  // app/ reaches db/ only through its public surface
  "app/probe/page.tsx": 'import { openDb } from "@/db/client";\nexport const o = openDb;\n',
  "app/probe/uses-schema.ts": 'import { hamlets } from "@/db/schema";\nexport const h = hamlets;\n',
  "app/probe/uses-demo.ts": 'import { generateDemo } from "@/db/demo/generate";\nexport const g = generateDemo;\n',
  "app/probe/uses-copy.ts": 'import { copyRows } from "@/db/queries/copy";\nexport const c = copyRows;\n',
  "app/probe/uses-query-internals.ts": 'import { undo } from "@/db/queries/imports/undo";\nexport const u = undo;\n',
  "app/probe/uses-ingest-internals.ts": 'import { fromLegacy } from "@/db/ingest/text/legacy";\nexport const f = fromLegacy;\n',
  "app/probe/uses-relative-db.ts": 'import { unitsInScope } from "../../db/queries/admin";\nexport const u = unitsInScope;\n',
  "app/probe/public-surface.ts":
    'import { getDb, type Db } from "@/db";\nimport { unitsInScope } from "@/db/queries/admin";\nimport { scopeSchema } from "@/db/queries/scope";\n' +
    'import { startImportJob } from "@/db/ingest/run";\nexport const all = [getDb, unitsInScope, scopeSchema, startImportJob];\nexport type D = Db;\n',
  // db/ is below the UI
  "db/queries/uses-react.ts": 'import { cache } from "react";\nexport const c = cache;\n',
  "db/queries/uses-app.ts": 'import { explorerScreen } from "@/app/_screens/explorer";\nexport const e = explorerScreen;\n',
  "db/queries/uses-server.ts": 'import { log } from "../../server/log";\nexport const l = log;\n',
  // server/ is below app/ and db/
  "server/uses-db.ts": 'import { getDb } from "@/db";\nexport const g = getDb;\n',
  "server/uses-app.ts": 'import { route } from "../app/api/_lib/route";\nexport const r = route;\n',
  "server/uses-next.ts": 'import { NextResponse } from "next/server";\nexport const n = NextResponse;\n',
  "server/uses-postgres.ts": 'import postgres from "postgres";\nexport const p = postgres;\n',
  "server/plain.ts": 'import http from "node:http";\nimport { log } from "./log";\nexport const all = [http, log];\n',
  "app/probe/uses-server.ts": 'import { log } from "@/server/log";\nexport const l = log;\n',
};

/** What Biome reports for each probe: a list of messages. */
const reported = new Map<string, string[]>();
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "gapmap-lint-"));
  copyFileSync(path.join(ROOT, "biome.jsonc"), path.join(dir, "biome.jsonc"));
  for (const [file, text] of Object.entries(PROBES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  // (`--only=<rule>` would also switch the rule on where an override turns it off: run all, keep the rule's.)
  const run = spawnSync(BIOME, ["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", "."], { cwd: dir, encoding: "utf8" });
  const out = JSON.parse(run.stdout) as { diagnostics: { category: string; message: string; location: { path: string } }[] };
  expect(run.status).toBe(1);
  for (const d of out.diagnostics) {
    if (d.category !== "lint/style/noRestrictedImports") continue;
    reported.set(d.location.path, [...(reported.get(d.location.path) ?? []), d.message]);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const messages = (file: string) => reported.get(file) ?? [];

describe("biome.jsonc: geo/ is pure", () => {
  it.each([
    ["geo/uses-node-fs.ts", /geo\/ is pure: no file system/],
    ["geo/uses-bare-fs.ts", /geo\/ is pure: no file system/],
    ["geo/uses-drizzle.ts", /geo\/ is pure: no database/],
    ["geo/uses-react.ts", /geo\/ is pure: no React/],
    ["geo/uses-db-types.ts", /geo\/ imports only geo\/ files/],
    ["geo/uses-app.ts", /geo\/ imports only geo\/ files/],
    ["geo/uses-other-package.ts", /pure packages .* add it to the geo\/ override/],
  ])("%s is refused, once, with its reason", (file, message) => {
    expect(messages(file)).toHaveLength(1);
    expect(messages(file)[0]).toMatch(message);
  });

  it("geo/ files may import geo/ files, turf, flatbush, simple-statistics and GeoJSON types", () => {
    expect(messages("geo/pure.ts")).toEqual([]);
  });
});

describe("biome.jsonc: only db/ (and tests, scripts, benchmarks) import the database drivers", () => {
  it.each([["app/probe/uses-postgres.tsx"], ["app/probe/uses-pglite.ts"], ["proxy-probe.ts"]])("%s is refused", (file) => {
    expect(messages(file)).toHaveLength(1);
    expect(messages(file)[0]).toMatch(/only db\/ talks to the database/);
  });

  it("db/ and tests/ may import them", () => {
    expect(messages("db/queries/probe.ts")).toEqual([]);
    expect(messages("tests/probe.test.ts")).toEqual([]);
  });
});

describe("biome.jsonc: app/ reaches db/ only through @/db, @/db/queries/<area> and @/db/ingest/<entry>", () => {
  it.each([
    ["app/probe/page.tsx", /app\/ uses db\/ only through/],
    ["app/probe/uses-schema.ts", /app\/ uses db\/ only through/],
    ["app/probe/uses-demo.ts", /app\/ uses db\/ only through/],
    ["app/probe/uses-query-internals.ts", /app\/ uses db\/ only through/],
    ["app/probe/uses-ingest-internals.ts", /app\/ uses db\/ only through/],
    ["app/probe/uses-copy.ts", /internal helper of the import queries/],
    ["app/probe/uses-relative-db.ts", /through the @\/db\/… alias/],
  ])("%s is refused", (file, message) => {
    expect(messages(file)).toHaveLength(1);
    expect(messages(file)[0]).toMatch(message);
  });

  it("the public surface is allowed", () => {
    expect(messages("app/probe/public-surface.ts")).toEqual([]);
  });
});

describe("biome.jsonc: db/ is below the UI", () => {
  it("db/ imports neither React nor app/", () => {
    expect(messages("db/queries/uses-react.ts")).toEqual([expect.stringMatching(/db\/ is below the UI/)]);
    expect(messages("db/queries/uses-app.ts")).toEqual([expect.stringMatching(/db\/ must not depend on app\//)]);
  });
});

describe("biome.jsonc: server/ is below app/ and db/", () => {
  it.each([
    ["server/uses-db.ts", /server\/ is below app\/ and db\//],
    ["server/uses-app.ts", /server\/ is below app\/ and db\//],
    ["server/uses-next.ts", /server\/ is below app\/ and db\//],
    ["server/uses-postgres.ts", /only db\/ talks to the database/],
  ])("%s is refused, once, with its reason", (file, message) => {
    expect(messages(file)).toHaveLength(1);
    expect(messages(file)[0]).toMatch(message);
  });

  it("server/ may import Node.js and its own files; app/ and db/ may import server/", () => {
    expect(messages("server/plain.ts")).toEqual([]);
    expect(messages("app/probe/uses-server.ts")).toEqual([]);
    expect(messages("db/queries/uses-server.ts")).toEqual([]);
  });
});

describe("scripts/lint-house.mjs", () => {
  const tree = readTree(ROOT);
  const withProbes = (probes: Record<string, string>) => {
    const files = new Map(tree);
    for (const [f, t] of Object.entries(probes)) files.set(f, t);
    return checkServerOnly(files);
  };

  it("reads runtime and type-only imports apart", () => {
    const imports = importsOf(
      [
        'import "server-only";',
        'import type { A } from "./a";',
        'import { type B, type C } from "./b";',
        'import { type D, e } from "./d";',
        'import {\n  f,\n  g,\n} from "./f";',
        'export * from "./x";',
      ].join("\n"),
    );
    expect(imports.map((i) => [i.spec, i.runtime, i.kind])).toEqual([
      ["server-only", true, "bare"],
      ["./a", false, "import"],
      ["./b", false, "import"],
      ["./d", true, "import"],
      ["./f", true, "import"],
      ["./x", true, "export"],
    ]);
  });

  it('a db/ module that runs SQL or reads files without `import "server-only"` is reported, with the reason', () => {
    const problems = withProbes({
      "db/queries/probe-sql.ts": 'import { sql } from "drizzle-orm";\nexport const q = sql`select 1`;\n',
      "db/ingest/probe-fs.ts": 'import { readFile } from "node:fs/promises";\nexport const r = readFile;\n',
      // through another db/ module that is server-only
      "db/ingest/probe-through.ts":
        'import type { Db } from "../client";\nimport { unitsInScope } from "../queries/admin";\nexport const u = unitsInScope;\nexport type D = Db;\n',
    });
    const probe = (f: string) => problems.filter((p) => p.file === f).map((p) => p.message);
    expect(probe("db/queries/probe-sql.ts")).toEqual([expect.stringMatching(/does not start with `import "server-only"`: it imports drizzle-orm/)]);
    expect(probe("db/ingest/probe-fs.ts")).toEqual([expect.stringMatching(/it imports node:fs\/promises/)]);
    expect(probe("db/ingest/probe-through.ts")).toEqual([expect.stringMatching(/it imports \.\.\/queries\/admin .*a server module/)]);
  });

  it('`import "server-only"` must come first', () => {
    const problems = withProbes({ "db/queries/probe-late.ts": 'import { sql } from "drizzle-orm";\nimport "server-only";\nexport const q = sql;\n' });
    expect(problems.filter((p) => p.file === "db/queries/probe-late.ts")).toEqual([
      { file: "db/queries/probe-late.ts", line: 2, message: expect.stringMatching(/must be the first import/) },
    ]);
  });

  it("pure db/ modules (shared with the browser), the schema, the demo and CLIs need no marker", () => {
    const problems = withProbes({
      "db/queries/probe-pure.ts": 'import { z } from "zod";\nimport type { Db } from "../client";\nexport const s = z.string();\nexport type D = Db;\n',
      "db/schema/probe.ts": 'import { pgTable, text } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { id: text() });\n',
      "db/demo/probe.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
      "db/probe-cli.ts": 'import { openDb } from "./client";\nexport const o = openDb;\n',
    });
    expect(problems.filter((p) => p.file.includes("probe"))).toEqual([]);
  });

  it("reports long lines, ESLint suppressions and citations of documents outside the repository", () => {
    // (the markers are put together here so that this file does not carry them itself)
    const eslintDisable = ["eslint", "disable-next-line"].join("-");
    const stack = ["STACK", "md"].join(".");
    const shared = ["..", "shared", "data"].join("/");
    const problems = checkText(
      new Map([
        [
          "app/probe.tsx",
          `const a = 1;\n// ${eslintDisable} react-hooks/exhaustive-deps\n// ${"x".repeat(LINE_LIMIT)}\nconst s = "${"x".repeat(LINE_LIMIT)}";\n`,
        ],
        ["db/probe.ts", `// see ${stack} gotcha 4\n`],
        ["README.md", `${"y".repeat(LINE_LIMIT + 1)}\nfrom ${shared}\n`],
      ]),
    );
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(["README.md:2", "app/probe.tsx:2", "app/probe.tsx:3", "db/probe.ts:1"]);
    expect(problems[0]!.message).toMatch(/outside the repository/);
    expect(problems[1]!.message).toMatch(/biome-ignore/);
    expect(problems[2]!.message).toMatch(new RegExp(`at most ${LINE_LIMIT}`));
    // A long string literal alone may run past the limit (line 4 is not reported); code around it may not.
    expect(checkText(new Map([["app/probe.tsx", `const s = "${"x".repeat(LINE_LIMIT)}";\n${"f(a);".repeat(40)} "x";\n`]])).map((p) => p.line)).toEqual([2]);
  });
});

// The rules of the house that Biome cannot express, checked over the tree (pure Node, no dependencies).
// `npm run lint` runs it after `biome check`; it prints one line per problem (file:line) and exits 1.
//
//   node scripts/lint-house.mjs            check the repository
//
// 1. server-only: every db/ module that reaches the database, the file system or the network —
//    directly (drizzle-orm, postgres, PGlite, node:*) or through another db/ module — starts with
//    `import "server-only"`, so that Next.js refuses to bundle it into the browser. db/ modules that
//    are pure (zod schemas, types, vocabularies shared with 'use client' components) need not, and the
//    check decides by their runtime imports, not by a list of names. Exempt from carrying the marker
//    (but still followed through): db/schema/ and db/migrations/ (read by drizzle-kit under plain
//    Node), db/demo/ and CLI entry points (cli.ts, *-cli.ts: run by tsx, never imported by app/).
// 2. Lines: no line of code longer than LINE_LIMIT. The formatter wraps code at the same width; what
//    it cannot wrap — comments, and code around string literals — is reported here (not in
//    db/schema/, whose check constraints' SQL text drizzle-kit compares). A string or template
//    literal itself may run past the limit (a message, a test's name, a one-line fixture: as
//    ESLint's max-len with ignoreStrings and ignoreTemplateLiterals): the line is measured with
//    each literal counted as two characters.
// 3. No `eslint-disable` comments (nothing runs ESLint here: write `// biome-ignore lint/<group>/<rule>: <reason>`)
//    and no citations of documents outside the repository (STACK.md, shared/): docs/DEVELOPING.md has them.
//
// See docs/DEVELOPING.md, "Lint rules".
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const LINE_LIMIT = 160;
/** db/schema/: the SQL text of a check constraint is compared by drizzle-kit, so rewrapping it would generate a migration. */
const LONG_LINES_KEPT = /^db\/schema\//;

/** Folders and files the checks walk (relative to the repository root). */
const ROOTS = [
  "app",
  "db",
  "geo",
  "server",
  "tests",
  "scripts",
  "bench",
  "docs",
  "types",
  "README.md",
  "proxy.ts",
  "instrumentation.ts",
  "global.d.ts",
  "next.config.mjs",
  "vitest.config.ts",
  "drizzle.config.ts",
];
const SKIP_DIRS = new Set(["node_modules", ".next", ".cache", ".data", "migrations", "screenshots"]);
const CODE = /\.(ts|tsx|mjs|cjs|js|css)$/;
const TEXT = /\.(ts|tsx|mjs|cjs|js|css|md)$/;

const SERVER_PACKAGES = /^(drizzle-orm(\/.*)?|postgres|@electric-sql\/.+)$/;
const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec) => spec.startsWith("node:") || BUILTINS.has(spec.split("/")[0]);

/** db/ files that need not carry `import "server-only"` themselves. */
export const SERVER_ONLY_EXEMPT = [/^db\/schema\//, /^db\/migrations\//, /^db\/demo\//, /(^|\/)([\w-]+-)?cli\.ts$/];

// An import or re-export statement at the start of a line: `import x from "m"`, `import type { A } from "m"`,
// `import { a, type B } from "m"`, `export * from "m"`, `import "m"` (side effect), over several lines too.
const FROM = /^[ \t]*(import|export)[ \t]+(type[ \t]+)?((?:[\w$]+[ \t]*,?[ \t]*)?(?:\{[^}]*\}|\*(?:[ \t]+as[ \t]+[\w$]+)?)?)[ \t]*from[ \t]*["']([^"']+)["']/gm;
const BARE = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/**
 * The import statements of a module, in order: { spec, line, runtime, kind: import | export | bare | dynamic }. An import is not
 * `runtime` when TypeScript erases it (`import type …`, or braces holding only `type X` names).
 */
export function importsOf(text) {
  const out = [];
  const lineAt = (i) => text.slice(0, i).split("\n").length;
  for (const m of text.matchAll(FROM)) {
    const names = m[3].trim();
    const braces = /\{([^}]*)\}/.exec(names);
    const defaultOrStar = names
      .replace(/\{[^}]*\}/, "")
      .replace(/,/g, "")
      .trim();
    const allTypeNames =
      braces !== null &&
      defaultOrStar === "" &&
      braces[1]
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type "));
    out.push({ spec: m[4], line: lineAt(m.index), index: m.index, runtime: !m[2] && !allTypeNames, kind: m[1] });
  }
  for (const m of text.matchAll(BARE)) out.push({ spec: m[1], line: lineAt(m.index), index: m.index, runtime: true, kind: "bare" });
  for (const m of text.matchAll(DYNAMIC)) out.push({ spec: m[1], line: lineAt(m.index), index: m.index, runtime: true, kind: "dynamic" });
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The server-only rule over a set of files ({ path relative to the root, with "/" → text }).
 * Returns one problem per db/ module that needs `import "server-only"` as its first import and lacks it.
 */
export function checkServerOnly(files) {
  const resolve = (from, spec) => {
    let base;
    if (spec.startsWith("@/")) base = spec.slice(2);
    else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    else return null;
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (files.has(candidate)) return candidate;
    return null;
  };
  const memo = new Map();
  /** Why a module is server-side (a string), or null when it is pure. */
  const serverReason = (file, stack = new Set()) => {
    if (memo.has(file)) return memo.get(file);
    if (stack.has(file)) return null; // a cycle: decided by the other imports of the cycle
    stack.add(file);
    let reason = null;
    for (const imp of importsOf(files.get(file))) {
      if (!imp.runtime) continue;
      if (imp.spec === "server-only") reason = 'it imports "server-only"';
      else if (SERVER_PACKAGES.test(imp.spec) || isBuiltin(imp.spec)) reason = `it imports ${imp.spec} (line ${imp.line})`;
      else {
        const target = resolve(file, imp.spec);
        if (target?.startsWith("db/") && serverReason(target, stack) !== null) reason = `it imports ${imp.spec} (line ${imp.line}), a server module`;
      }
      if (reason) break;
    }
    stack.delete(file);
    memo.set(file, reason);
    return reason;
  };
  const problems = [];
  for (const file of [...files.keys()].sort()) {
    if (!file.startsWith("db/") || !/\.tsx?$/.test(file) || file.endsWith(".d.ts")) continue;
    const imports = importsOf(files.get(file));
    const first = imports.find((i) => i.kind !== "dynamic");
    const marker = imports.find((i) => i.spec === "server-only" && i.kind === "bare");
    if (marker && first !== marker) {
      problems.push({ file, line: marker.line, message: `\`import "server-only"\` must be the first import (line ${first.line} comes before it)` });
      continue;
    }
    if (marker || SERVER_ONLY_EXEMPT.some((re) => re.test(file))) continue;
    const reason = serverReason(file);
    if (reason)
      problems.push({ file, line: 1, message: `reaches the database or the file system but does not start with \`import "server-only"\`: ${reason}` });
  }
  return problems;
}

/** The line with each string and template literal (on that line) reduced to its quotes. */
export function withoutLiterals(line) {
  return line.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (m) => m[0] + m[0]);
}

/** Lines longer than LINE_LIMIT, `eslint-disable` comments and citations of documents outside the repository. */
export function checkText(files) {
  const problems = [];
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (file === "scripts/lint-house.mjs") continue; // names the patterns it looks for
    text.split("\n").forEach((line, i) => {
      const at = { file, line: i + 1 };
      if (CODE.test(file) && withoutLiterals(line).length > LINE_LIMIT && !LONG_LINES_KEPT.test(file))
        problems.push({ ...at, message: `line of ${line.length} characters (at most ${LINE_LIMIT}): split the string, SQL or comment` });
      if (CODE.test(file) && /eslint-disable/.test(line))
        problems.push({
          ...at,
          message: "`eslint-disable`: nothing runs ESLint here; write `// biome-ignore lint/<group>/<rule>: <reason>` for a rule that runs, or remove it",
        });
      if (/\bSTACK\.md\b|\/work\/shared\b|\.\.\/shared\//.test(line))
        problems.push({ ...at, message: "cites a document outside the repository: cite docs/DEVELOPING.md (its section) instead" });
    });
  }
  return problems;
}

/** Every text file under ROOTS, as a Map of path (relative, "/") → text. */
export function readTree(root) {
  const files = new Map();
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs)) if (!SKIP_DIRS.has(name)) walk(rel ? `${rel}/${name}` : name);
    } else if (TEXT.test(rel)) files.set(rel, readFileSync(abs, "utf8"));
  };
  for (const r of ROOTS) walk(r);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const files = readTree(root);
  const problems = [...checkServerOnly(files), ...checkText(files)];
  for (const p of problems) console.error(`${p.file}:${p.line}  ${p.message}`);
  if (problems.length > 0) {
    console.error(`\nlint-house: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} file(s). See docs/DEVELOPING.md, "Lint rules".`);
    process.exit(1);
  }
  console.log(`lint-house: ${files.size} files checked, no problems.`);
}

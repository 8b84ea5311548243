// geo/ is pure (a rule of the house): no fs, fetch, database, React or environment — only its own
// modules and a few pure computing packages. This reads every geo/ module with the TypeScript
// parser and checks what it imports and which ambient globals it touches.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const GEO = path.resolve(import.meta.dirname, "../../geo");

/** Packages geo/ may import: geometry and statistics that compute and touch nothing outside. */
const ALLOWED_PACKAGES = new Set([
  "@turf/turf",
  "flatbush",
  "simple-statistics",
  "zod",
  "splaytree",
  "robust-predicates",
  "geojson" /* @types/geojson, types only */,
]);

/** Globals that reach outside a pure function: the network, the process and its environment, the browser. */
const FORBIDDEN_GLOBALS = new Set([
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "process",
  "require",
  "window",
  "document",
  "localStorage",
  "sessionStorage",
  "navigator",
  "indexedDB",
  "Deno",
  "Bun",
]);

interface Finding {
  module: string;
  problem: string;
}

/** What a module's source imports (static, dynamic, require, export-from) and the forbidden globals it names. */
function impurities(module: string, source: string): Finding[] {
  const out: Finding[] = [];
  const file = ts.createSourceFile(module, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const checkSpecifier = (spec: string) => {
    if (spec.startsWith(".")) {
      const target = path.normalize(path.join(path.dirname(module), spec));
      if (target.startsWith("..") || path.isAbsolute(target)) out.push({ module, problem: `imports ${spec}, outside geo/` });
    } else {
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
      if (!ALLOWED_PACKAGES.has(pkg)) out.push({ module, problem: `imports ${spec}, not an allowed pure package` });
    }
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkSpecifier(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      checkSpecifier(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) checkSpecifier(arg.text);
      else out.push({ module, problem: "imports a computed module name" });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      checkSpecifier(node.argument.literal.text);
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && refersToGlobal(node)) {
      out.push({ module, problem: `uses ${node.text} (line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** An identifier that names a value in scope, not a property (`x.fetch`, `{ process: 1 }`) or a declaration of its own. */
function refersToGlobal(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) &&
    p.name === id
  )
    return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  return true;
}

const modules = readdirSync(GEO, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
  .sort();

describe("geo/ is pure", () => {
  it("has modules to check", () => {
    expect(modules).toContain("index.ts");
    expect(modules.length).toBeGreaterThan(10);
  });

  it.each(modules)("%s imports only geo/ and pure packages, and reaches no fs, network, process or browser", (module) => {
    expect(impurities(module, readFileSync(path.join(GEO, module), "utf8"))).toEqual([]);
  });

  it("the check finds what would make a module impure", () => {
    const bad = [
      'import { readFileSync } from "node:fs";',
      'import { db } from "../db/client";',
      'import React from "react";',
      'export { x } from "postgres";',
      'const m = await import("node:path");',
      'type T = import("../db/schema").Row;',
      'export const load = async () => (await fetch("/api")).json();',
      "export const seed = () => process.env.SEED;",
      "export const w = () => window.innerWidth;",
      'import { point } from "@turf/turf";',
      'import type { Feature } from "geojson";',
      'import { haversineKm } from "./haversine";',
      "export const ok = (o: { fetch: number; process: string }) => o.fetch + o.process.length;",
    ].join("\n");
    expect(impurities("bad.ts", bad).map((f) => f.problem)).toEqual([
      "imports node:fs, not an allowed pure package",
      "imports ../db/client, outside geo/",
      "imports react, not an allowed pure package",
      "imports postgres, not an allowed pure package",
      "imports node:path, not an allowed pure package",
      "imports ../db/schema, outside geo/",
      "uses fetch (line 7)",
      "uses process (line 8)",
      "uses window (line 9)",
    ]);
  });
});

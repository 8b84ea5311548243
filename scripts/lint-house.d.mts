// Types of scripts/lint-house.mjs, for tests/lint/architecture.test.ts.
export interface Problem {
  file: string;
  line: number;
  message: string;
}
export interface ImportStatement {
  spec: string;
  line: number;
  index: number;
  runtime: boolean;
  kind: "import" | "export" | "bare" | "dynamic";
}
export const LINE_LIMIT: number;
export const SERVER_ONLY_EXEMPT: RegExp[];
export function importsOf(text: string): ImportStatement[];
export function checkServerOnly(files: Map<string, string>): Problem[];
export function checkText(files: Map<string, string>): Problem[];
export function readTree(root: string): Map<string, string>;

import type { CoverageKind, Operator } from "../../geo/domain";
import type { Scope } from "../queries/scope";
import type { Conversion } from "./text/convert";
import type { Problem, ProblemCode } from "./problems";
import type { Column } from "./sheet";

export const IMPORT_KINDS = ["indicators", "targets", "sites", "hamlets", "coverage"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What the user decided for a group of rows naming the same place. */
export type Resolution =
  | { action: "unit"; unitId: string }
  | { action: "create"; name: string; type: "bản" | "thôn" | "xóm" | "tổ dân phố"; communeId: string; lon: number; lat: number }
  | { action: "skip" };

export interface CoverageTags {
  kind: CoverageKind;
  operator: Operator | null;
  asOf: string;
}

/** Everything an analysis (dry run) or a commit needs; the same request runs both. */
export interface ImportRequest {
  kind: ImportKind;
  filePath: string;
  fileName: string;
  sha256: string;
  scope: Scope;
  /** Today (YYYY-MM-DD), for "date in the future". */
  today: string;
  /** Header (as shown in the preview) → field, "" to ignore the column. Overrides remembered and guessed mappings. */
  mapping?: Record<string, string>;
  /** The report date when the file has no date column (else the title's date is used). */
  asOf?: string;
  /** The worksheet to read, by name, in a workbook with several (else the one whose header fits). */
  sheet?: string;
  /** The commune when the file has no commune column (else the title's commune is used). */
  communeId?: string;
  /** Match group key → decision. */
  resolutions?: Record<string, Resolution>;
  /** File row → decision for a row with a flag (accept) or an error (skip). */
  decisions?: Record<string, "accept" | "skip">;
  /** Skip every row with an error; accept every flag. */
  skipInvalid?: boolean;
  acceptFlags?: boolean;
  coverage?: CoverageTags;
}

export interface MatchGroup {
  key: string;
  /** As written in the file (converted to Unicode). */
  commune: string | null;
  hamlet: string | null;
  code: string | null;
  rows: number[];
  rowCount: number;
  status: "matched" | "ambiguous" | "unmatched";
  how: "code" | "name" | "alias" | "loose" | "resolved" | "created" | "skipped" | null;
  unitId: string | null;
  unitName: string | null;
  communeName: string | null;
  candidates: { id: string; name: string; commune: string | null }[];
  /** The commune the hamlet was looked for in (for "create a new hamlet"). */
  communeId: string | null;
}

export interface UnitSummary {
  unitId: string;
  name: string;
  new: number;
  changed: number;
  unchanged: number;
  skipped: number;
}

export interface SampleRow {
  row: number;
  unitId: string;
  unitName: string;
  key: string;
  status: "new" | "changed" | "unchanged";
  /** Field → [before, after] for changed fields (all fields for new rows). */
  changes: Record<string, [unknown, unknown]>;
}

/** The dry run's answer: what would change, and every problem. JSON-safe (goes to the browser). */
export interface Preview {
  kind: ImportKind;
  fileName: string;
  sha256: string;
  format: string;
  encoding: string;
  headerRows: number[];
  columns: Column[];
  mappingSource: "remembered" | "auto" | "user";
  titleLines: string[];
  context: {
    asOf: string | null;
    asOfSource: "column" | "title" | "user" | null;
    communeId: string | null;
    communeName: string | null;
    communeSource: "column" | "title" | "user" | null;
  };
  conversions: Conversion[];
  conversionCounts: { tcvn3: number; vni: number; nfc: number };
  problems: Problem[];
  problemCounts: Partial<Record<ProblemCode, number>>;
  /** Problems not listed (the list keeps the first 1,000). */
  problemsOmitted: number;
  matches: MatchGroup[];
  summary: { rows: number; new: number; changed: number; unchanged: number; skipped: number; blocking: number };
  perUnit: UnitSummary[];
  sample: SampleRow[];
  alreadyImported: { importId: number; importedAt: string } | null;
  canCommit: boolean;
  /** For coverage: layer tags and geometry summary. */
  coverage?: { features: number; repaired: number; rejected: number; hamletsChanged: number; tags: CoverageTags | null; provinceId: string | null };
}

export interface CommitResult {
  status: "committed" | "nothing";
  importId: number | null;
  counts: Record<string, number>;
}

export type Progress = (p: { phase: "read" | "match" | "compare" | "write"; done: number; total: number }) => void | Promise<void>;

/** A commit refused because the dry run still has blocking problems. */
export class CommitRefused extends Error {
  constructor(public readonly preview: Preview) {
    super(`commit refused: ${preview.summary.blocking} blocking problem(s), ${preview.summary.new + preview.summary.changed} change(s)`);
    this.name = "CommitRefused";
  }
}

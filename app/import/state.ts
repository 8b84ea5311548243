import type { ImportKind, Preview, Resolution } from "@/db/ingest/types";

/**
 * The import flow's state and its pure reducer: choose a file and its context (the form) → upload
 * → dry run (the preview) → the person's choices (mapping, resolutions, decisions) → dry run again
 * → commit → outcome. No React, no fetch: tests drive it directly (tests/app/import-state.test.ts).
 */

/** The viewer's scope, sent with every request. */
export type Scope = { unitId: string; structure: "pre2025" | "post2025" };

/** A coverage layer's tags as picked in the form (operator is ignored for the grid). */
export type CoverageChoice = { kind: string; operator: string; asOf: string };

/** What the person fills in before uploading. */
export interface Form {
  kind: ImportKind;
  file: File | null;
  /** The report date when the file has none ("" = none given). */
  asOf: string;
  /** The commune when the file has none ("" = none given). */
  communeId: string;
  coverage: CoverageChoice;
}

export type Decision = "accept" | "skip";

/** The person's choices about one upload's dry run; a new upload starts with none. */
export interface Choices {
  /** Header → field ("" ignores the column); null = the mapping the dry run proposed. */
  mapping: Record<string, string> | null;
  /** Match group key (or "row:N" for one row of an ambiguous name) → what to do. */
  resolutions: Record<string, Resolution>;
  /** File row → accept a flag or skip the row. */
  decisions: Record<string, Decision>;
  skipInvalid: boolean;
  acceptFlags: boolean;
}

/** A job's progress as the progress bar shows it (phase "upload" while the file is sent). */
export type Busy = { phase: string; done: number; total: number };

/** Which request went wrong, with the server's words (code/params: a problem the messages can name). */
export type Failure = { step: "upload" | "dryRun" | "commit"; message: string; code?: string; params?: Record<string, string | number> };

/** The line under the form: what the last request came to. */
export type Outcome =
  | { kind: "committed"; importId: number; counts: Record<string, number> }
  | { kind: "nothing" }
  | { kind: "refused" }
  | ({ kind: "failed" } & Failure);

/** What the commit job answers. */
export type CommitAnswer =
  | { status: "committed"; importId: number; counts: Record<string, number> }
  | { status: "nothing" }
  | { status: "refused"; preview: Preview };

export interface ImportState {
  form: Form;
  /** The file on the server, once uploaded. */
  uploadId: string | null;
  busy: Busy | null;
  preview: Preview | null;
  choices: Choices;
  outcome: Outcome | null;
}

export type ImportAction =
  | { type: "formChanged"; patch: Partial<Form> }
  | { type: "uploadStarted" }
  | { type: "uploaded"; uploadId: string }
  | { type: "jobStarted" }
  | { type: "progress"; busy: Busy }
  | { type: "dryRunDone"; preview: Preview }
  | { type: "committed"; answer: CommitAnswer }
  | { type: "failed"; failure: Failure }
  | { type: "mappingChanged"; header: string; field: string }
  | { type: "resolutionChanged"; key: string; resolution: Resolution | null }
  | { type: "decisionChanged"; row: number; decision: Decision | null }
  | { type: "skipInvalidChanged"; value: boolean }
  | { type: "acceptFlagsChanged"; value: boolean };

export const NO_CHOICES: Choices = { mapping: null, resolutions: {}, decisions: {}, skipInvalid: false, acceptFlags: false };

/**
 * What the viewer may import (decided on the server, app/import/page.tsx; the server refuses the
 * rest anyway): the kinds of file, the coverage kinds and the operators offered, first = default.
 */
export interface ImportOptions {
  kinds: readonly ImportKind[];
  coverageKinds: readonly string[];
  operators: readonly string[];
}

export function initialState(options: ImportOptions): ImportState {
  return {
    form: {
      kind: options.kinds[0] ?? "indicators",
      file: null,
      asOf: "",
      communeId: "",
      coverage: {
        kind: options.coverageKinds.includes("4g") ? "4g" : (options.coverageKinds[0] ?? "4g"),
        operator: options.operators[0] ?? "viettel",
        asOf: "",
      },
    },
    uploadId: null,
    busy: null,
    preview: null,
    choices: NO_CHOICES,
    outcome: null,
  };
}

export function importReducer(state: ImportState, action: ImportAction): ImportState {
  switch (action.type) {
    case "formChanged":
      return { ...state, form: { ...state.form, ...action.patch } };
    case "uploadStarted": {
      // A new upload forgets the previous one: its dry run, its choices and its outcome.
      const size = state.form.file?.size ?? 0;
      return { ...state, uploadId: null, preview: null, choices: NO_CHOICES, outcome: null, busy: { phase: "upload", done: 0, total: size } };
    }
    case "uploaded":
      return { ...state, uploadId: action.uploadId };
    case "jobStarted":
      return { ...state, outcome: null };
    case "progress":
      return { ...state, busy: action.busy };
    case "dryRunDone":
      return { ...state, busy: null, preview: action.preview };
    case "committed":
      return { ...state, busy: null, ...afterCommit(action.answer) };
    case "failed":
      // The last dry run stays on screen: the person can change a choice and try again.
      return { ...state, busy: null, outcome: { kind: "failed", ...action.failure } };
    default:
      return { ...state, choices: choose(state, action) };
  }
}

/** A committed import leaves no preview; "nothing to write" keeps it; a refusal shows the new one. */
function afterCommit(a: CommitAnswer): Pick<ImportState, "outcome"> & Partial<ImportState> {
  if (a.status === "committed") return { outcome: { kind: "committed", importId: a.importId, counts: a.counts }, preview: null };
  if (a.status === "nothing") return { outcome: { kind: "nothing" } };
  return { outcome: { kind: "refused" }, preview: a.preview };
}

type ChoiceAction = Extract<ImportAction, { type: "mappingChanged" | "resolutionChanged" | "decisionChanged" | "skipInvalidChanged" | "acceptFlagsChanged" }>;

function choose(state: ImportState, action: ChoiceAction): Choices {
  const c = state.choices;
  switch (action.type) {
    case "mappingChanged":
      return { ...c, mapping: { ...currentMapping(state), [action.header]: action.field } };
    case "resolutionChanged":
      return { ...c, resolutions: withEntry(c.resolutions, action.key, action.resolution) };
    case "decisionChanged":
      return { ...c, decisions: withEntry(c.decisions, String(action.row), action.decision) };
    case "skipInvalidChanged":
      return { ...c, skipInvalid: action.value };
    case "acceptFlagsChanged":
      return { ...c, acceptFlags: action.value };
  }
}

function withEntry<T>(record: Record<string, T>, key: string, value: T | null): Record<string, T> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

/** The mapping on screen: the person's, else the one the dry run used (header → field, "" = ignored). */
export function currentMapping(state: Pick<ImportState, "preview" | "choices">): Record<string, string> {
  if (state.choices.mapping) return state.choices.mapping;
  const columns = state.preview?.columns ?? [];
  return Object.fromEntries(columns.filter((c) => c.header).map((c) => [c.header, c.field ?? ""]));
}

/** The body of a dry run or a commit: the form, the upload and the person's choices about it. */
export function jobRequest(scope: Scope, form: Form, uploadId: string, choices: Choices) {
  const { mapping, ...rest } = choices;
  return {
    uploadId,
    kind: form.kind,
    unit: scope.unitId,
    structure: scope.structure,
    ...(form.asOf ? { asOf: form.asOf } : {}),
    ...(form.communeId ? { communeId: form.communeId } : {}),
    ...(mapping ? { mapping } : {}),
    ...rest,
    ...(form.kind === "coverage"
      ? { coverage: { kind: form.coverage.kind, operator: form.coverage.kind === "grid" ? null : form.coverage.operator, asOf: form.coverage.asOf } }
      : {}),
  };
}

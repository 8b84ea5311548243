import { describe, expect, it } from "vitest";
import type { MatchGroup, Preview } from "@/db/ingest/types";
import type { Problem } from "@/db/ingest/problems";
import { ApiError, failureOf } from "@/app/import/api";
import { importOptionsFor } from "@/app/_auth/import-options";
import { currentMapping, importReducer, initialState, jobRequest, NO_CHOICES, type ImportAction, type ImportState, type Scope } from "@/app/import/state";

/** What a planner may import: every kind. */
const ALL = importOptionsFor({ role: "planner", operator: null });

const SCOPE: Scope = { unitId: "p-11", structure: "post2025" };
const FILE = new File(["Tên bản;Đủ điều kiện\nTen Chải;12\n"], "muong-luan.csv", { type: "text/csv" });

/** A dry run's answer with what the test needs and the rest empty. */
function preview(over: Partial<Preview> = {}): Preview {
  return {
    kind: "indicators",
    fileName: "muong-luan.csv",
    sha256: "ab",
    format: "csv",
    encoding: "utf-8",
    headerRows: [1],
    columns: [
      { index: 0, header: "Tên bản", field: "hamlet", source: "auto" },
      { index: 1, header: "Đủ điều kiện", field: "eligible", source: "auto" },
      { index: 2, header: "", field: null, source: "none" },
    ],
    mappingSource: "auto",
    titleLines: [],
    context: { asOf: "2026-01-31", asOfSource: "user", communeId: null, communeName: null, communeSource: null },
    conversions: [],
    conversionCounts: { tcvn3: 0, vni: 0, nfc: 0 },
    problems: [],
    problemCounts: {},
    problemsOmitted: 0,
    matches: [],
    summary: { rows: 3, new: 3, changed: 0, unchanged: 0, skipped: 0, blocking: 0 },
    perUnit: [],
    sample: [],
    alreadyImported: null,
    canCommit: true,
    ...over,
  };
}

const AMBIGUOUS: MatchGroup = {
  key: "c|ten chai",
  commune: null,
  hamlet: "Ten Chải",
  code: null,
  rows: [2, 3],
  rowCount: 2,
  status: "ambiguous",
  how: null,
  unitId: null,
  unitName: null,
  communeName: null,
  candidates: [
    { id: "h-1", name: "Bản Ten Chải", commune: "xã Mường Luân" },
    { id: "h-2", name: "Bản Ten Chải", commune: "xã Mường Luân" },
  ],
  communeId: "c25-03214",
};
const FLAG: Problem = { code: "receivedOverEligible", severity: "flag", row: 4, column: "Đã thu nhận", value: "14", params: {} };
const WITH_PROBLEMS = preview({
  matches: [AMBIGUOUS],
  problems: [FLAG],
  summary: { rows: 3, new: 1, changed: 0, unchanged: 0, skipped: 0, blocking: 3 },
  canCommit: false,
});
const RESOLVED = preview({
  matches: [{ ...AMBIGUOUS, how: "resolved", unitId: "h-1", unitName: "Bản Ten Chải" }],
  summary: { rows: 3, new: 3, changed: 0, unchanged: 0, skipped: 0, blocking: 0 },
});

/** Runs actions one after the other, freezing every state so that a reducer mutating its input throws. */
function run(state: ImportState, ...actions: ImportAction[]): ImportState {
  return actions.reduce((s, a) => importReducer(deepFreeze(s), a), state);
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !(v instanceof File) && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** The state after a file was chosen, uploaded and its first dry run found problems. */
function analysedWithProblems(): ImportState {
  return run(
    initialState(ALL),
    { type: "formChanged", patch: { file: FILE } },
    { type: "uploadStarted" },
    { type: "uploaded", uploadId: "u-1" },
    { type: "jobStarted" },
    { type: "progress", busy: { phase: "read", done: 1, total: 3 } },
    { type: "dryRunDone", preview: WITH_PROBLEMS },
  );
}

describe("import flow state", () => {
  it("walks a whole flow: file chosen → uploaded → dry run with problems → resolved → dry run again → committed", () => {
    let s = run(initialState(ALL), { type: "formChanged", patch: { file: FILE } });
    expect(s.form.file).toBe(FILE);

    s = run(s, { type: "uploadStarted" });
    expect(s.busy).toEqual({ phase: "upload", done: 0, total: FILE.size });
    expect(FILE.size).toBeGreaterThan(0);

    s = run(s, { type: "uploaded", uploadId: "u-1" }, { type: "jobStarted" }, { type: "progress", busy: { phase: "match", done: 2, total: 3 } });
    expect(s).toMatchObject({ uploadId: "u-1", busy: { phase: "match", done: 2, total: 3 }, preview: null });

    s = run(s, { type: "dryRunDone", preview: WITH_PROBLEMS });
    expect(s.busy).toBeNull();
    expect(s.preview).toBe(WITH_PROBLEMS);
    expect(s.choices).toEqual(NO_CHOICES);

    s = run(
      s,
      { type: "resolutionChanged", key: "row:2", resolution: { action: "unit", unitId: "h-1" } },
      { type: "resolutionChanged", key: "row:3", resolution: { action: "skip" } },
      { type: "decisionChanged", row: 4, decision: "accept" },
      { type: "acceptFlagsChanged", value: true },
    );
    const body = jobRequest(SCOPE, s.form, s.uploadId!, s.choices);
    expect(body).toEqual({
      uploadId: "u-1",
      kind: "indicators",
      unit: "p-11",
      structure: "post2025",
      resolutions: { "row:2": { action: "unit", unitId: "h-1" }, "row:3": { action: "skip" } },
      decisions: { "4": "accept" },
      skipInvalid: false,
      acceptFlags: true,
    });

    // Dry run again: the new preview replaces the old one; the choices that produced it stay.
    s = run(s, { type: "jobStarted" }, { type: "dryRunDone", preview: RESOLVED });
    expect(s.preview).toBe(RESOLVED);
    expect(s.choices.resolutions["row:2"]).toEqual({ action: "unit", unitId: "h-1" });
    expect(s.choices.decisions).toEqual({ "4": "accept" });

    s = run(s, { type: "jobStarted" }, { type: "progress", busy: { phase: "write", done: 1, total: 3 } });
    expect(s.busy?.phase).toBe("write");
    s = run(s, { type: "committed", answer: { status: "committed", importId: 7, counts: { hamlet_snapshots: 3 } } });
    expect(s).toMatchObject({ busy: null, preview: null, outcome: { kind: "committed", importId: 7, counts: { hamlet_snapshots: 3 } } });
  });

  it("a new upload forgets the previous dry run, its choices, its outcome and its upload, and keeps the form", () => {
    const before = run(
      analysedWithProblems(),
      { type: "mappingChanged", header: "Đủ điều kiện", field: "" },
      { type: "resolutionChanged", key: "row:2", resolution: { action: "skip" } },
      { type: "decisionChanged", row: 4, decision: "skip" },
      { type: "skipInvalidChanged", value: true },
      { type: "committed", answer: { status: "nothing" } },
    );
    expect(before.outcome).toEqual({ kind: "nothing" });
    const s = run(before, { type: "formChanged", patch: { kind: "targets" } }, { type: "uploadStarted" });
    expect(s).toMatchObject({ uploadId: null, preview: null, outcome: null, choices: NO_CHOICES });
    expect(s.form).toEqual({ ...before.form, kind: "targets" });
    // The new upload's first dry run carries none of the old choices.
    const body = jobRequest(SCOPE, s.form, "u-2", s.choices);
    expect(body).not.toHaveProperty("mapping");
    expect(body).toMatchObject({ uploadId: "u-2", kind: "targets", resolutions: {}, decisions: {}, skipInvalid: false, acceptFlags: false });
  });

  it("an upload refused: the message and its problem code are kept, nothing else is shown", () => {
    const s = run(
      analysedWithProblems(),
      { type: "uploadStarted" },
      { type: "failed", failure: failureOf("upload", new ApiError("File too large: at most 100 MB", "tooLarge", { max: 100 })) },
    );
    expect(s).toMatchObject({ busy: null, preview: null, uploadId: null });
    expect(s.outcome).toEqual({ kind: "failed", step: "upload", message: "File too large: at most 100 MB", code: "tooLarge", params: { max: 100 } });
  });

  it("a dry run or a commit that fails keeps the last preview and the choices, so the person can try again", () => {
    const chosen = run(analysedWithProblems(), { type: "decisionChanged", row: 4, decision: "accept" });
    const dry = run(
      chosen,
      { type: "jobStarted" },
      { type: "progress", busy: { phase: "read", done: 0, total: 0 } },
      { type: "failed", failure: failureOf("dryRun", new ApiError("Upload u-1 not found")) },
    );
    expect(dry).toMatchObject({ busy: null, preview: WITH_PROBLEMS, uploadId: "u-1", choices: { decisions: { "4": "accept" } } });
    expect(dry.outcome).toEqual({ kind: "failed", step: "dryRun", message: "Upload u-1 not found" });

    // The next request clears the failure.
    expect(run(dry, { type: "jobStarted" }).outcome).toBeNull();

    const commit = run(chosen, { type: "jobStarted" }, { type: "failed", failure: failureOf("commit", new TypeError("Failed to fetch")) });
    expect(commit).toMatchObject({ busy: null, preview: WITH_PROBLEMS, outcome: { kind: "failed", step: "commit", message: "Failed to fetch" } });
    expect(commit.outcome).not.toHaveProperty("code");
  });

  it("a commit refused shows the server's new dry run; 'nothing to write' keeps the preview", () => {
    const s = run(analysedWithProblems(), { type: "jobStarted" }, { type: "dryRunDone", preview: RESOLVED });
    const refused = run(s, { type: "jobStarted" }, { type: "committed", answer: { status: "refused", preview: WITH_PROBLEMS } });
    expect(refused).toMatchObject({ busy: null, preview: WITH_PROBLEMS, outcome: { kind: "refused" }, uploadId: "u-1" });
    const nothing = run(s, { type: "jobStarted" }, { type: "committed", answer: { status: "nothing" } });
    expect(nothing).toMatchObject({ preview: RESOLVED, outcome: { kind: "nothing" } });
  });

  it("mapping: the first change starts from the dry run's mapping; later dry runs keep the person's", () => {
    const s = analysedWithProblems();
    expect(currentMapping(s)).toEqual({ "Tên bản": "hamlet", "Đủ điều kiện": "eligible" });
    const changed = run(s, { type: "mappingChanged", header: "Đủ điều kiện", field: "" });
    expect(changed.choices.mapping).toEqual({ "Tên bản": "hamlet", "Đủ điều kiện": "" });
    const again = run(
      changed,
      { type: "jobStarted" },
      { type: "dryRunDone", preview: preview({ columns: [{ index: 0, header: "Tên bản", field: "hamlet", source: "user" }] }) },
    );
    expect(currentMapping(again)).toEqual({ "Tên bản": "hamlet", "Đủ điều kiện": "" });
    expect(jobRequest(SCOPE, again.form, "u-1", again.choices).mapping).toEqual({ "Tên bản": "hamlet", "Đủ điều kiện": "" });
  });

  it("a resolution or decision set back to none is removed, not kept as empty", () => {
    const s = run(
      analysedWithProblems(),
      {
        type: "resolutionChanged",
        key: "row:2",
        resolution: { action: "create", name: "Ten Chải", type: "bản", communeId: "c25-03214", lon: 103.4, lat: 21.3 },
      },
      { type: "resolutionChanged", key: "row:3", resolution: { action: "skip" } },
      { type: "decisionChanged", row: 4, decision: "skip" },
      { type: "resolutionChanged", key: "row:2", resolution: null },
      { type: "decisionChanged", row: 4, decision: null },
    );
    expect(s.choices.resolutions).toEqual({ "row:3": { action: "skip" } });
    expect(s.choices.decisions).toEqual({});
  });

  it("the request carries the form's context: the date and commune only when given, a coverage layer's tags (no operator for the grid)", () => {
    const form = initialState(ALL).form;
    expect(jobRequest(SCOPE, form, "u", NO_CHOICES)).not.toHaveProperty("asOf");
    const table = jobRequest(SCOPE, { ...form, asOf: "2026-01-31", communeId: "c25-03214" }, "u", NO_CHOICES);
    expect(table).toMatchObject({ asOf: "2026-01-31", communeId: "c25-03214" });
    expect(table).not.toHaveProperty("importedBy"); // who imports is the session's user
    expect(table).not.toHaveProperty("coverage");
    const grid = jobRequest(SCOPE, { ...form, kind: "coverage", coverage: { kind: "grid", operator: "vnpt", asOf: "2026-01-15" } }, "u", NO_CHOICES);
    expect(grid.coverage).toEqual({ kind: "grid", operator: null, asOf: "2026-01-15" });
    const g4 = jobRequest(SCOPE, { ...form, kind: "coverage", coverage: { kind: "4g", operator: "vnpt", asOf: "2026-01-15" } }, "u", NO_CHOICES);
    expect(g4.coverage).toEqual({ kind: "4g", operator: "vnpt", asOf: "2026-01-15" });
  });
});

describe("what the import page offers (app/_auth/import-options.ts)", () => {
  it("a planner: every kind, the grid, every operator; the form starts on indicators", () => {
    expect(ALL.kinds).toEqual(["indicators", "targets", "sites", "hamlets", "coverage"]);
    expect(ALL.coverageKinds).toContain("grid");
    expect(ALL.operators).toEqual(["viettel", "vnpt", "mobifone"]);
    expect(initialState(ALL).form.kind).toBe("indicators");
  });

  it("a telecom coordinator of VNPT: coverage layers only, not the grid, only VNPT; the form starts there", () => {
    const o = importOptionsFor({ role: "telecom", operator: "vnpt" });
    expect(o.kinds).toEqual(["coverage"]);
    expect(o.coverageKinds).not.toContain("grid");
    expect(o.operators).toEqual(["vnpt"]);
    const form = initialState(o).form;
    expect([form.kind, form.coverage.kind, form.coverage.operator]).toEqual(["coverage", "4g", "vnpt"]);
  });
});

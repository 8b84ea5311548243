import "server-only";
import type { Db } from "../client";
import {
  createHamlets,
  createImportRecord,
  importOfFile,
  importStateToken,
  loadGazetteer,
  nextHamletIds,
  rememberedMapping,
  saveMapping,
  scopeProvince,
  setImportCounts,
} from "../queries/imports";
import { unitScope } from "../queries/scope";
import { recordAudit, type Actor } from "../queries/audit";
import { Gazetteer } from "./match";
import { PlaceResolver } from "./places";
import { IngestError, problem, PROBLEM_CODES, type Problem } from "./problems";
import { sniffFile } from "./read-table";
import type { SheetLayout } from "./sheet";
import { readTableInWorker } from "./worker/table";
import { addTotals, newIndicatorState, planIndicators, readIndicatorRow, writeIndicators } from "./indicators";
import { planTargets, readTargetRow, writeTargets, type TargetPlan } from "./targets";
import { planPoints, readPointRow, writePoints, type PointPlan } from "./points";
import { analyseCoverage } from "./coverage";
import { CommitRefused, type CommitResult, type ImportRequest, type Preview, type Progress } from "./types";
import { fieldsOf, REQUIRED, type TableKind } from "./vocabulary";

/** Problems listed in a preview (the counts cover all of them). */
const MAX_LISTED_PROBLEMS = 1000;
/** Rows a table may have (a commune's file has tens; a province's a few hundred thousand). */
export const MAX_ROWS = 500_000;

/**
 * Dry-run plans kept for the commit that follows (the UI's flow): reused only when the request is
 * the same and no import was recorded or undone since (importStateToken), else the commit analyses
 * again inside its transaction. Two at most, for an hour.
 */
const g = globalThis as unknown as { __gapmapPlans?: Map<string, { token: string; at: number; analysis: Analysis }> };
const plans: Map<string, { token: string; at: number; analysis: Analysis }> = (g.__gapmapPlans ??= new Map());
const PLAN_TTL_MS = 3600_000;
function planKey(req: ImportRequest): string {
  return JSON.stringify(req);
}

/**
 * Progress reports that also let the server breathe: after each one (every few thousand rows read,
 * compared or written) the import waits for the event loop's next turn (setImmediate), so other
 * requests are answered between chunks rather than after the whole import (bench/import.bench.ts
 * prints the longest stall).
 */
function breathing(onProgress?: Progress): Progress {
  return async (p) => {
    await onProgress?.(p);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}

/** A dry run: reads the file, matches, compares with the database; changes nothing. */
export async function dryRun({ db, req, onProgress }: { db: Db; req: ImportRequest; onProgress?: Progress }): Promise<Preview> {
  const token = await importStateToken({ db });
  const a = await analyse(db, req, breathing(onProgress));
  if (a.creates.length === 0 && a.preview.canCommit) {
    for (const [k, v] of plans) if (Date.now() - v.at > PLAN_TTL_MS) plans.delete(k);
    while (plans.size >= 2) plans.delete(plans.keys().next().value!);
    plans.set(planKey(req), { token, at: Date.now(), analysis: a });
  }
  return a.preview;
}

/**
 * Commits an import by `actor` in ONE transaction: the analysis is run again inside it (so it sees
 * exactly what it changes), refused if anything still blocks, then the rows are written with their
 * before/after values, the import record, the column mapping and the audit row ("import.commit").
 * Nothing is written when nothing changes (importing the same file twice changes nothing). Any
 * error rolls everything back, the audit row with it. `beforeCommit` runs last inside the
 * transaction with the result (the job runner marks its job done there, so that the import and its
 * job's state commit together; if it throws, nothing is written).
 */
export async function commitImport({
  db,
  req,
  actor,
  onProgress: report,
  beforeCommit,
}: {
  db: Db;
  req: ImportRequest;
  actor: Actor;
  onProgress?: Progress;
  beforeCommit?: (tx: Db, result: CommitResult) => Promise<void>;
}): Promise<CommitResult> {
  const onProgress = breathing(report);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const cached = plans.get(planKey(req));
    plans.delete(planKey(req));
    const a = cached && cached.token === (await importStateToken({ db: tx })) ? cached.analysis : await analyse(tx, req, onProgress, true);
    if (!a.preview.canCommit) {
      // Nothing to change and nothing blocking (skipped rows do not count): importing the same file again.
      if (
        a.preview.summary.blocking === 0 &&
        a.preview.summary.new + a.preview.summary.changed === 0 &&
        !a.preview.problems.some((p) => p.severity === "error" && p.row === null)
      ) {
        const nothing = { status: "nothing" as const, importId: null, counts: {} };
        await beforeCommit?.(tx, nothing);
        return nothing;
      }
      throw new CommitRefused(a.preview);
    }
    const details = {
      mapping: Object.fromEntries(a.preview.columns.filter((c) => c.header !== "").map((c) => [c.header, c.field ?? ""])),
      mappingSource: a.preview.mappingSource,
      encoding: a.preview.encoding,
      context: a.preview.context,
      conversions: a.preview.conversionCounts,
      resolutions: req.resolutions ?? {},
      coverage: req.coverage ?? null,
      scope: req.scope,
      summary: a.preview.summary,
    };
    const importId = await createImportRecord({ db: tx, kind: req.kind, fileName: req.fileName, sha256: req.sha256, actor, details });
    const counts: Record<string, number> = {};
    if (a.creates.length > 0) {
      await createHamlets({ db: tx, importId, hamlets: a.creates });
      counts.admin_units = a.creates.length;
    }
    Object.assign(counts, await a.write(tx, importId, onProgress));
    await setImportCounts({ db: tx, importId, counts });
    if (a.layout && req.kind !== "coverage") {
      await saveMapping({ db: tx, kind: req.kind, signature: a.layout.signature, mapping: details.mapping, actor, scope: req.scope });
    }
    await recordAudit(tx, {
      actor,
      action: "import.commit",
      scope: req.scope,
      targetIds: [importId],
      summary: {
        kind: req.kind,
        fileName: req.fileName,
        sha256: req.sha256,
        before: null,
        after: { counts, new: a.preview.summary.new, changed: a.preview.summary.changed },
      },
    });
    const committed = { status: "committed" as const, importId, counts };
    await beforeCommit?.(tx, committed);
    return committed;
  });
}

interface Analysis {
  preview: Preview;
  layout: SheetLayout | null;
  creates: Parameters<typeof createHamlets>[0]["hamlets"][number][];
  write(db: Db, importId: number, onProgress?: Progress): Promise<Record<string, number>>;
}

async function analyse(db: Db, req: ImportRequest, onProgress?: Progress, forCommit = false): Promise<Analysis> {
  const problems: Problem[] = [];
  const previous = await importOfFile({ db, sha256: req.sha256, kind: req.kind });
  const base = {
    kind: req.kind,
    fileName: req.fileName,
    sha256: req.sha256,
    alreadyImported: previous ? { importId: previous.id, importedAt: previous.importedAt.toISOString() } : null,
  };
  if (previous)
    problems.push(problem("alreadyImported", {}, { importId: previous.id, at: previous.importedAt.toISOString().slice(0, 10).split("-").reverse().join("/") }));
  let format: string;
  try {
    format = await sniffFile(req.filePath, req.fileName);
  } catch (err) {
    return failed(base, problems, err);
  }
  if (req.kind === "coverage") {
    try {
      const province = await scopeProvince({ db, scope: req.scope });
      const cov = await analyseCoverage({ db, req, format, province, problems, onProgress });
      return { preview: finish({ ...base, ...cov.preview, format, problems }), layout: null, creates: [], write: cov.write };
    } catch (err) {
      return failed({ ...base, format }, problems, err);
    }
  }
  if (format !== "csv" && format !== "xlsx" && !(req.kind !== "indicators" && req.kind !== "targets" && format === "geojson")) {
    return failed({ ...base, format }, problems, new IngestError("wrongType", { detected: format.toUpperCase() }));
  }
  const kind = req.kind as TableKind;
  const gaz = new Gazetteer(await loadGazetteer({ db, scope: req.scope }));
  const province = await scopeProvince({ db, scope: req.scope });

  try {
    if (format === "geojson") {
      const { readGeojsonPoints } = await import("./points");
      const src = await readGeojsonPoints(req.filePath, kind as "sites" | "hamlets");
      return await tableAnalysis(
        db,
        req,
        { ...base, format },
        problems,
        gaz,
        province,
        src.layout,
        src.data,
        src.stats,
        { conversions: () => [], counts: { tcvn3: 0, vni: 0, nfc: 0 } },
        onProgress,
        forCommit,
      );
    }
    // Read in the analysis worker (./worker/table.ts): the rows come back in batches.
    let mappingSource: Preview["mappingSource"] = "auto";
    const sheet = await readTableInWorker({
      filePath: req.filePath,
      fileName: req.fileName,
      format: format as "csv" | "xlsx",
      sheet: req.sheet,
      kind,
      problems,
      mappingFor: async (signature) => {
        if (req.mapping) {
          mappingSource = "user";
          return { mapping: req.mapping, source: "user" };
        }
        const m = await rememberedMapping({ db, kind, signature });
        if (m) mappingSource = "remembered";
        return m ? { mapping: m.mapping, source: "remembered" } : null;
      },
    });
    let rowsRead = 0;
    const data = (async function* () {
      for await (const d of sheet.data) {
        if (++rowsRead > MAX_ROWS) throw new IngestError("tooManyRows", { max: MAX_ROWS });
        if (rowsRead % 2000 === 0) {
          const pr = sheet.progress();
          await onProgress?.({ phase: "read", done: pr.done, total: pr.total });
        }
        yield d;
      }
    })();
    let preview: Analysis;
    try {
      preview = await tableAnalysis(
        db,
        req,
        { ...base, format, mappingSource },
        problems,
        gaz,
        province,
        sheet.layout,
        data,
        sheet.stats,
        { conversions: sheet.conversions, counts: sheet.counts },
        onProgress,
        forCommit,
      );
    } finally {
      sheet.release();
    }
    return preview;
  } catch (err) {
    return failed({ ...base, format }, problems, err);
  }
}

async function tableAnalysis(
  db: Db,
  req: ImportRequest,
  base: Partial<Preview>,
  problems: Problem[],
  gaz: Gazetteer,
  province: Awaited<ReturnType<typeof scopeProvince>>,
  layout: SheetLayout,
  data: AsyncIterable<import("./sheet").DataRow>,
  stats: import("./sheet").SheetStats,
  conv: { conversions: () => Preview["conversions"]; counts: Preview["conversionCounts"] },
  onProgress: Progress | undefined,
  forCommit: boolean,
): Promise<Analysis> {
  const kind = req.kind as TableKind;
  const header = (field: string) => layout.columns.find((c) => c.field === field)?.header ?? "";
  const mapped = new Set(layout.columns.flatMap((c) => (c.field ? [c.field] : [])));
  // A GeoJSON feature's coordinates come from its geometry, not from a column.
  if (base.format === "geojson") ["lat", "lon"].forEach((f) => mapped.add(f));
  const missing = REQUIRED[kind].filter((alts) => !alts.some((f) => mapped.has(f)));
  const previewBase = (): Preview =>
    finish({
      ...base,
      encoding: layout.encoding,
      headerRows: layout.headerRows,
      columns: layout.columns,
      titleLines: layout.titleLines,
      conversions: conv.conversions(),
      conversionCounts: conv.counts,
      problems,
    } as Partial<Preview>);
  if (missing.length > 0) {
    const names = (alts: readonly string[]) => alts.join(" / ");
    problems.push(problem("missingColumns", {}, { columns: missing.map(names).join(", ") }));
    return { preview: previewBase(), layout, creates: [], write: async () => ({}) };
  }
  void fieldsOf;

  // Context: the commune and date that rows without their own take.
  const titleCommune = layout.titleCommune ? gaz.matchCommune({ name: layout.titleCommune }) : null;
  const communeId = req.communeId ?? (titleCommune?.status === "matched" ? titleCommune.unitId : null);
  const communeSource = req.communeId ? "user" : communeId ? "title" : mapped.has("commune") || mapped.has("communeCode") ? "column" : null;
  const asOf = req.asOf ?? layout.titleDate ?? null;
  const asOfSource = mapped.has("asOf") ? "column" : req.asOf ? "user" : layout.titleDate ? "title" : null;
  const communeUnit = communeId ? gaz.unit(communeId) : undefined;
  const context: Preview["context"] = {
    asOf,
    asOfSource,
    communeId,
    communeName: communeUnit ? `${communeUnit.type} ${communeUnit.name}` : null,
    communeSource,
  };

  const decisions = (row: number) => req.decisions?.[String(row)];
  const places = new PlaceResolver(gaz, { communeId }, req.resolutions ?? {}, kind === "targets");

  // Hamlets the user asked to create: checked here, given ids at commit. A refused one is listed
  // once the rows are read, at the first row of the names it was to stand for.
  const creates: Analysis["creates"] = [];
  const createdIds = new Map<string, string>();
  const refusedCreates: { key: string; problem: Problem }[] = [];
  const createdInfo = new Map<string, { label: string; communeId: string }>();
  for (const [key, r] of Object.entries(req.resolutions ?? {})) {
    if (r.action !== "create") continue;
    const commune = gaz.unit(r.communeId);
    const inBox = province && r.lon >= province.bbox[0] && r.lon <= province.bbox[2] && r.lat >= province.bbox[1] && r.lat <= province.bbox[3];
    if (commune?.level !== "commune") {
      refusedCreates.push({ key, problem: problem("unknownUnit", { column: header("commune"), value: r.communeId }, { what: "commune" }) });
      continue;
    }
    if (!inBox) {
      refusedCreates.push({
        key,
        problem: problem("outsideProvince", { column: header("lat") || header("coords"), value: `${r.lat}, ${r.lon}` }, { province: province?.name ?? "" }),
      });
      continue;
    }
    createdIds.set(key, `new:${creates.length + 1}`);
    createdInfo.set(key, { label: `${r.type} ${r.name.normalize("NFC").trim()}`, communeId: r.communeId });
    creates.push({
      id: `new:${creates.length + 1}`,
      code: "",
      type: r.type,
      name: r.name.normalize("NFC").trim(),
      lon: r.lon,
      lat: r.lat,
      parents: [],
      source: `import: ${req.fileName}`,
    });
  }
  if (forCommit && creates.length > 0) await assignHamletIds(db, gaz, creates, createdIds, req, province?.id ?? null);

  let planSummary: Preview["summary"];
  let perUnit: Preview["perUnit"] = [];
  let sample: Preview["sample"] = [];
  let write: Analysis["write"];
  if (kind === "indicators") {
    const st = newIndicatorState(problems);
    for await (const d of data) readIndicatorRow(st, d, { places, asOf, today: req.today, header, decisions });
    const lastTotals = stats.totalsRows[stats.totalsRows.length - 1];
    if (stats.totalsRows.length === 1 && lastTotals) addTotals(st, lastTotals.values);
    await onProgress?.({ phase: "match", done: st.parsed.length, total: st.parsed.length });
    const created = new Map([...createdIds].map(([key, id]) => [id, createdInfo.get(key)!]));
    const plan = await planIndicators({
      db,
      st,
      gaz,
      createdIds,
      created,
      decisions,
      skipInvalid: !!req.skipInvalid,
      acceptFlags: !!req.acceptFlags,
      header,
      onProgress,
    });
    planSummary = plan.summary;
    perUnit = plan.perUnit;
    sample = plan.sample;
    write = (tx, importId, pr) => writeIndicators({ db: tx, importId, rows: plan.rows, newRows: plan.newRows, onProgress: pr });
  } else if (kind === "targets") {
    const rows: Parameters<typeof planTargets>[0]["rows"] = [];
    for await (const d of data) readTargetRow(rows, d, { places, header, problems, decisions });
    const plan: TargetPlan = await planTargets({ db, rows, gaz, skipInvalid: !!req.skipInvalid, problems });
    planSummary = plan.summary;
    perUnit = plan.perUnit;
    sample = plan.sample;
    write = (tx, importId) => writeTargets({ db: tx, importId, plan, source: req.fileName });
  } else {
    const rows: Parameters<typeof planPoints>[0]["rows"] = [];
    for await (const d of data) readPointRow(rows, d, { kind, places, header, problems, decisions, province });
    const plan: PointPlan = await planPoints({ db, kind, rows, gaz, scope: req.scope, createdIds, skipInvalid: !!req.skipInvalid, problems, province });
    planSummary = plan.summary;
    perUnit = plan.perUnit;
    sample = plan.sample;
    write = (tx, importId) => writePoints({ db: tx, importId, plan, kind });
  }
  if (stats.blankRows > 0) problems.push(problem("blankRows", {}, { rows: stats.blankRows }));
  const matches = places.list();
  for (const { key, problem: x } of refusedCreates) {
    const row = key.startsWith("row:") ? Number(key.slice(4)) : matches.find((g) => g.key === key)?.rows[0];
    problems.push({ ...x, row: row ?? null });
  }
  const openGroups = matches.filter((g) => !g.unitId && !g.how);
  for (const g of openGroups) {
    problems.push(
      problem(
        g.status === "ambiguous" ? "ambiguousUnit" : "unknownUnit",
        { row: g.rows[0] ?? null, column: header("hamlet") || header("commune"), value: [g.commune, g.hamlet].filter(Boolean).join(" / ") || g.code },
        { rows: g.rowCount, candidates: g.candidates.length },
      ),
    );
  }
  const preview = finish({
    ...previewBase(),
    context,
    matches,
    summary: planSummary,
    perUnit,
    sample,
  } as Partial<Preview>);
  return { preview, layout, creates, write };
}

/** Real ids and both-structure parents for hamlets to be created (at commit, inside the transaction). */
async function assignHamletIds(
  db: Db,
  gaz: Gazetteer,
  creates: Analysis["creates"],
  createdIds: Map<string, string>,
  req: ImportRequest,
  provinceId: string | null,
) {
  const { communeAt } = await import("./points");
  const given = new Set<string>();
  for (const [key, placeholder] of [...createdIds]) {
    const c = creates.find((x) => x.id === placeholder)!;
    const r = req.resolutions![key] as Extract<NonNullable<ImportRequest["resolutions"]>[string], { action: "create" }>;
    const commune = gaz.unit(r.communeId)!;
    const id = (await nextHamletIds({ db, communeCode: commune.code, n: given.size + 1 })).find((x) => !given.has(x));
    given.add(id!);
    c.id = id!;
    c.code = id!.slice(2);
    const structure = commune.id.startsWith("c25-") ? "post2025" : "pre2025";
    const other = structure === "post2025" ? "pre2025" : "post2025";
    const otherCommune = provinceId ? await communeAt({ db, scope: unitScope(provinceId, other), lon: r.lon, lat: r.lat }) : null;
    c.parents = [{ structure, communeId: commune.id }, ...(otherCommune ? [{ structure: other as "pre2025" | "post2025", communeId: otherCommune }] : [])];
    createdIds.set(key, c.id);
  }
}

function failed(base: Partial<Preview>, problems: Problem[], err: unknown): Analysis {
  if (!(err instanceof IngestError)) throw err;
  problems.push(err.toProblem());
  return { preview: finish({ ...base, problems }), layout: null, creates: [], write: async () => ({}) };
}

/** Fills a preview's defaults, counts and caps the problems, and decides whether it can be committed. */
function finish(p: Partial<Preview>): Preview {
  const problems = p.problems ?? [];
  const problemCounts: Preview["problemCounts"] = {};
  for (const x of problems) problemCounts[x.code] = (problemCounts[x.code] ?? 0) + 1;
  const summary = p.summary ?? { rows: 0, new: 0, changed: 0, unchanged: 0, skipped: 0, blocking: 0 };
  const fileErrors = problems.some(
    (x) => x.severity === "error" && x.row === null && PROBLEM_CODES[x.code] === "error" && !["unknownUnit", "ambiguousUnit"].includes(x.code),
  );
  const sorted = [...problems].sort((a, b) => sev(a) - sev(b) || (a.row ?? 0) - (b.row ?? 0));
  return {
    kind: p.kind!,
    fileName: p.fileName!,
    sha256: p.sha256!,
    format: p.format ?? "",
    encoding: p.encoding ?? "",
    headerRows: p.headerRows ?? [],
    columns: p.columns ?? [],
    mappingSource: p.mappingSource ?? "auto",
    titleLines: p.titleLines ?? [],
    context: p.context ?? { asOf: null, asOfSource: null, communeId: null, communeName: null, communeSource: null },
    conversions: p.conversions ?? [],
    conversionCounts: p.conversionCounts ?? { tcvn3: 0, vni: 0, nfc: 0 },
    problems: sorted.slice(0, MAX_LISTED_PROBLEMS),
    problemCounts,
    problemsOmitted: Math.max(0, problems.length - MAX_LISTED_PROBLEMS),
    matches: p.matches ?? [],
    summary,
    perUnit: p.perUnit ?? [],
    sample: p.sample ?? [],
    alreadyImported: p.alreadyImported ?? null,
    canCommit: !fileErrors && summary.blocking === 0 && summary.new + summary.changed > 0,
    ...(p.coverage ? { coverage: p.coverage } : {}),
  };
}

function sev(p: Problem): number {
  return { error: 0, flag: 1, warning: 2, info: 3 }[p.severity];
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import { countsText, type Translate } from "./counts";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ImportKind, MatchGroup, Preview, Resolution } from "@/db/ingest/types";
import type { Problem } from "@/db/ingest/problems";
import { fieldsOf, TABLE_KINDS, type TableKind } from "@/db/ingest/vocabulary";
import { isSmallCount, SMALL_COUNT_TEXT } from "@/app/_i18n/format";

type Scope = { unitId: string; structure: "pre2025" | "post2025" };
type Job = { status: "running" | "done" | "failed"; phase: string; done: number; total: number; result: unknown; error: string | null };
type CommitOutcome = { status: "committed"; importId: number; counts: Record<string, number> } | { status: "nothing" } | { status: "refused"; preview: Preview };

const KINDS: ImportKind[] = ["indicators", "targets", "sites", "hamlets", "coverage"];
/** Map files number their features (0-based, as GIS tools do), not rows: the preview says "feature N" for them. */
const FEATURE_FORMATS = new Set(["geojson", "kml", "kmz", "zip"]);

/**
 * The import flow: choose and upload a file → dry run with progress → the preview (mapping,
 * conversions, matches to resolve, problems to decide, what changes) → commit → result. Every
 * name from a file is rendered as React text, never as HTML.
 */
export function ImportFlow({ scope, communes, maxMb }: { scope: Scope; communes: { id: string; label: string }[]; maxMb: number }) {
  const t = useTranslations("import") as unknown as Translate;
  const locale = useLocale();
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>("indicators");
  const [file, setFile] = useState<File | null>(null);
  const [importedBy, setImportedBy] = useState("");
  const [asOf, setAsOf] = useState("");
  const [communeId, setCommuneId] = useState("");
  const [coverage, setCoverage] = useState({ kind: "4g", operator: "viettel", asOf: "" });
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [resolutions, setResolutions] = useState<Record<string, Resolution>>({});
  const [decisions, setDecisions] = useState<Record<string, "accept" | "skip">>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [acceptFlags, setAcceptFlags] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  // A new upload starts with no choices (the state setters below only take effect on the next render).
  const body = (id: string, fresh = false) => ({
    uploadId: id, kind, unit: scope.unitId, structure: scope.structure, importedBy: importedBy.trim() || "web",
    ...(asOf ? { asOf } : {}), ...(communeId ? { communeId } : {}), ...(mapping && !fresh ? { mapping } : {}),
    ...(fresh ? { resolutions: {}, decisions: {}, skipInvalid: false, acceptFlags: false } : { resolutions, decisions, skipInvalid, acceptFlags }),
    ...(kind === "coverage" ? { coverage: { kind: coverage.kind, operator: coverage.kind === "grid" ? null : coverage.operator, asOf: coverage.asOf } } : {}),
  });

  async function runJob(url: string, payload: unknown): Promise<unknown> {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    const started = (await res.json()) as { jobId?: string; error?: string };
    if (!res.ok || !started.jobId) throw new Error(started.error ?? `HTTP ${res.status}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      const job = (await (await fetch(`/api/import/jobs/${started.jobId}`)).json()) as Job;
      setBusy({ phase: job.phase, done: job.done, total: job.total });
      if (job.status === "done") return job.result;
      if (job.status === "failed") throw new Error(job.error ?? "failed");
    }
  }

  async function analyse(id = uploadId, fresh = false) {
    if (!id) return;
    setOutcome(null);
    try {
      const p = (await runJob("/api/import/analyse", body(id, fresh))) as Preview;
      setPreview(p);
    } catch (err) {
      setOutcome({ ok: false, text: t("result.failed", { error: (err as Error).message }) });
    } finally {
      setBusy(null);
    }
  }

  async function upload() {
    if (!file) return;
    setPreview(null);
    setOutcome(null);
    setMapping(null);
    setResolutions({});
    setDecisions({});
    setBusy({ phase: "upload", done: 0, total: file.size });
    const res = await fetch(`/api/import/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
    const json = (await res.json()) as { uploadId?: string; code?: string; params?: Record<string, string | number>; error?: string };
    if (!res.ok || !json.uploadId) {
      setBusy(null);
      setOutcome({ ok: false, text: json.code ? t(`problems.${json.code}`, json.params) : (json.error ?? `HTTP ${res.status}`) });
      return;
    }
    setUploadId(json.uploadId);
    setSkipInvalid(false);
    setAcceptFlags(false);
    await analyse(json.uploadId, true);
  }

  async function commit() {
    if (!uploadId) return;
    setOutcome(null);
    try {
      const r = (await runJob("/api/import/commit", body(uploadId))) as CommitOutcome;
      if (r.status === "committed") {
        const counts = countsText(t, locale, r.counts);
        setOutcome({ ok: true, text: t("result.committed", { id: r.importId, counts }) });
        setPreview(null);
        router.refresh();
      } else if (r.status === "nothing") setOutcome({ ok: true, text: t("result.nothing") });
      else {
        setPreview(r.preview);
        setOutcome({ ok: false, text: t("result.refused") });
      }
    } catch (err) {
      setOutcome({ ok: false, text: t("result.failed", { error: (err as Error).message }) });
    } finally {
      setBusy(null);
    }
  }

  const percent = busy && busy.total > 0 ? Math.min(100, Math.round((100 * busy.done) / busy.total)) : null;
  return (
    <section aria-label={t("title")}>
      <form className="import-form" onSubmit={(e) => (e.preventDefault(), void upload())}>
        <label>
          {t("form.kind")}
          <select value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} name="kind">
            {KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </select>
        </label>
        <label>
          {t("form.file")}
          <input type="file" name="file" accept=".xlsx,.csv,.geojson,.json,.kml,.kmz,.zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <small>{t("form.maxSize", { max: maxMb })}</small>
        </label>
        <label>
          {t("form.importedBy")}
          <input value={importedBy} onChange={(e) => setImportedBy(e.target.value)} placeholder={t("form.importedByPlaceholder")} maxLength={100} name="importedBy" />
        </label>
        {kind === "coverage" ? (
          <>
            <label>
              {t("form.coverageKind")}
              <select value={coverage.kind} onChange={(e) => setCoverage({ ...coverage, kind: e.target.value })}>
                {["grid", "2g", "3g", "4g", "fiber"].map((k) => <option key={k} value={k}>{t(`coverageKinds.${k}`)}</option>)}
              </select>
            </label>
            <label>
              {t("form.operator")}
              <select value={coverage.operator} disabled={coverage.kind === "grid"} onChange={(e) => setCoverage({ ...coverage, operator: e.target.value })}>
                {["viettel", "vnpt", "mobifone"].map((k) => <option key={k} value={k}>{t(`operators.${k}`)}</option>)}
              </select>
            </label>
            <label>
              {t("form.coverageDate")}
              <input type="date" value={coverage.asOf} onChange={(e) => setCoverage({ ...coverage, asOf: e.target.value })} required />
            </label>
          </>
        ) : (
          <>
            <label>
              {t("form.asOf")}
              <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} name="asOf" />
            </label>
            <label>
              {t("form.commune")}
              <select value={communeId} onChange={(e) => setCommuneId(e.target.value)} name="communeId">
                <option value="">{t("form.communeNone")}</option>
                {communes.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
              </select>
            </label>
          </>
        )}
        <div>
          <button className="import-button" type="submit" disabled={!file || !!busy}>{t("form.upload")}</button>
        </div>
      </form>

      {busy ? (
        <div className="import-progress" role="status">
          <div>{t(`progress.${busy.phase}`)} {percent !== null ? t("progress.percent", { percent }) : null}</div>
          <progress max={100} value={percent ?? undefined} />
        </div>
      ) : null}
      {outcome ? <p className={`import-notice${outcome.ok ? "" : " bad"}`} role="status" data-testid="import-outcome">{outcome.text}</p> : null}

      {preview ? (
        <PreviewView
          preview={preview} t={t} kind={kind} mapping={mapping} setMapping={setMapping} resolutions={resolutions} setResolutions={setResolutions}
          decisions={decisions} setDecisions={setDecisions} skipInvalid={skipInvalid} setSkipInvalid={setSkipInvalid} acceptFlags={acceptFlags}
          setAcceptFlags={setAcceptFlags} communes={communes} onRecheck={() => void analyse()} onCommit={() => void commit()} busy={!!busy}
        />
      ) : null}
    </section>
  );
}

function PreviewView(props: {
  preview: Preview; t: Translate; kind: ImportKind; mapping: Record<string, string> | null; setMapping: (m: Record<string, string>) => void;
  resolutions: Record<string, Resolution>; setResolutions: (r: Record<string, Resolution>) => void;
  decisions: Record<string, "accept" | "skip">; setDecisions: (d: Record<string, "accept" | "skip">) => void;
  skipInvalid: boolean; setSkipInvalid: (v: boolean) => void; acceptFlags: boolean; setAcceptFlags: (v: boolean) => void;
  communes: { id: string; label: string }[]; onRecheck: () => void; onCommit: () => void; busy: boolean;
}) {
  const { preview: p, t } = props;
  const s = p.summary;
  const fields = p.kind === "coverage" ? [] : fieldsOf(p.kind as TableKind);
  const currentMapping = props.mapping ?? Object.fromEntries(p.columns.filter((c) => c.header).map((c) => [c.header, c.field ?? ""]));
  const open = p.matches.filter((m) => !m.unitId && m.how !== "resolved");
  const decidable = p.problems.filter((x) => x.row !== null && (x.severity === "flag" || (x.severity === "error" && x.code !== "unknownUnit" && x.code !== "ambiguousUnit")));
  const src = (k: string | null) => t(`preview.sources.${k ?? "none"}`);
  const byFeature = FEATURE_FORMATS.has(p.format);
  const rowHeader = t(byFeature ? "preview.feature" : "preview.row");
  return (
    <div data-testid="preview">
      <div className="import-section">
        <h3>{t("preview.heading")}</h3>
        <p>{t("preview.file", { name: p.fileName, format: p.format.toUpperCase(), encoding: p.encoding })}</p>
        {p.alreadyImported ? <p className="import-notice">{t("preview.alreadyImported", { id: p.alreadyImported.importId, date: p.alreadyImported.importedAt.slice(0, 10).split("-").reverse().join("/") })}</p> : null}
        {p.titleLines.length ? (
          <p>
            <strong>{t("preview.titleLines")}:</strong> {p.titleLines.join(" · ")}
          </p>
        ) : null}
        {p.kind !== "coverage" ? (
          <p>{t("preview.context", { date: p.context.asOf ? p.context.asOf.split("-").reverse().join("/") : "—", source: src(p.context.asOfSource), commune: p.context.communeName ?? "—", communeSource: src(p.context.communeSource) })}</p>
        ) : null}
        {p.coverage ? <p>{t("preview.coverage", { features: p.coverage.features, repaired: p.coverage.repaired, rejected: p.coverage.rejected, hamlets: p.coverage.hamletsChanged })}</p> : null}
        <p className="import-summary" data-testid="preview-summary">{t("preview.summary", { rows: s.rows, new: s.new, changed: s.changed, unchanged: s.unchanged, skipped: s.skipped, blocking: s.blocking })}</p>
        {p.perUnit.length ? (
          <table className="import-table">
            <thead><tr><th>{t("preview.unit")}</th><th>{t("preview.new")}</th><th>{t("preview.changed")}</th><th>{t("preview.unchanged")}</th><th>{t("preview.skipped")}</th></tr></thead>
            <tbody>{p.perUnit.map((u) => <tr key={u.unitId}><td>{u.name}</td><td className="num">{u.new}</td><td className="num">{u.changed}</td><td className="num">{u.unchanged}</td><td className="num">{u.skipped}</td></tr>)}</tbody>
          </table>
        ) : null}
      </div>

      {p.columns.length ? (
        <div className="import-section">
          <h3>{t("preview.mapping")} <small>({t(`preview.mappingSource.${p.mappingSource}`)}{p.headerRows.length ? `; ${t("preview.header", { rows: p.headerRows.join(", ") })}` : ""})</small></h3>
          <table className="import-table" data-testid="mapping">
            <thead><tr><th>{t("preview.column")}</th><th>{t("preview.field")}</th></tr></thead>
            <tbody>
              {p.columns.filter((c) => c.header).map((c) => (
                <tr key={c.index}>
                  <td>{c.header}</td>
                  <td>
                    <select value={currentMapping[c.header] ?? ""} onChange={(e) => props.setMapping({ ...currentMapping, [c.header]: e.target.value })}>
                      <option value="">{t("preview.ignore")}</option>
                      {fields.map((f) => <option key={f.key} value={f.key}>{t(`fields.${f.key}`)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button className="import-button secondary" type="button" onClick={props.onRecheck} disabled={props.busy}>{t("preview.applyMapping")}</button>
        </div>
      ) : null}

      {p.kind !== "coverage" ? (
        <div className="import-section" data-testid="conversions">
          <h3>{t("preview.conversions")}</h3>
          <p>{t("preview.conversionCounts", p.conversionCounts)}</p>
          {p.conversions.length === 0 ? <p>{t("preview.noConversions")}</p> : (
            <table className="import-table">
              <thead><tr><th>{t("preview.row")}</th><th>{t("preview.from")}</th><th>{t("preview.to")}</th><th>{t("preview.times")}</th></tr></thead>
              <tbody>{p.conversions.map((c, i) => <tr key={i}><td className="num">{c.row}</td><td className="conv-from">{c.from}</td><td>{c.to}</td><td className="num">{c.count}</td></tr>)}</tbody>
            </table>
          )}
        </div>
      ) : null}

      {p.matches.length ? (
        <div className="import-section" data-testid="matches">
          <h3>{t("preview.matches")}</h3>
          <table className="import-table">
            <thead><tr><th>{rowHeader}</th><th>{t("preview.matchFile")}</th><th>{t("preview.matchUnit")}</th></tr></thead>
            <tbody>
              {[...open, ...p.matches.filter((m) => !open.includes(m))].slice(0, 300).map((m) => (
                <tr key={m.key}>
                  <td className="num">{m.rows.slice(0, 5).join(", ")}{m.rowCount > 5 ? "…" : ""}</td>
                  <td>{[m.commune, m.hamlet ?? m.code].filter(Boolean).join(" / ")}</td>
                  <td>
                    {m.unitId || m.how === "resolved" ? (
                      <span>{m.unitName ?? ""} <small>({t(`preview.matchHow.${m.how ?? "name"}`)}{m.communeName ? ` · ${m.communeName}` : ""})</small></span>
                    ) : (
                      <Resolve group={m} t={t} resolutions={props.resolutions} setResolutions={props.setResolutions} communes={props.communes} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className="import-section" data-testid="problems">
        <h3>{t("preview.problems")}</h3>
        {p.problems.length === 0 ? <p>{t("preview.noProblems")}</p> : (
          <table className="import-table">
            <thead><tr><th>{t("preview.severityHeader")}</th><th>{rowHeader}</th><th>{t("preview.value")}</th><th>{t("preview.message")}</th><th>{t("preview.decision")}</th></tr></thead>
            <tbody>
              {p.problems.map((x, i) => (
                <tr key={i}>
                  <td className={`sev-${x.severity}`}>{t(`preview.severity.${x.severity}`)}</td>
                  <td className="num">{x.row ?? ""}</td>
                  <td>{x.value ?? ""}</td>
                  <td>{problemText(t, x, byFeature)}</td>
                  <td>{decidable.includes(x) ? <Decision row={x.row!} flag={x.severity === "flag"} t={t} decisions={props.decisions} setDecisions={props.setDecisions} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {p.problemsOmitted > 0 ? <p>{t("preview.problemsOmitted", { count: p.problemsOmitted })}</p> : null}
        <div className="import-actions">
          <label><input type="checkbox" checked={props.skipInvalid} onChange={(e) => props.setSkipInvalid(e.target.checked)} /> {t("preview.skipInvalid")}</label>
          <label><input type="checkbox" checked={props.acceptFlags} onChange={(e) => props.setAcceptFlags(e.target.checked)} /> {t("preview.acceptFlags")}</label>
        </div>
      </div>

      {p.sample.length ? (
        <div className="import-section" data-testid="sample">
          <h3>{t("preview.sample")}</h3>
          <table className="import-table">
            <thead><tr><th>{rowHeader}</th><th>{t("preview.unit")}</th><th /><th>{t("preview.before")} → {t("preview.after")}</th></tr></thead>
            <tbody>
              {p.sample.slice(0, 200).map((r, i) => (
                <tr key={i}>
                  <td className="num">{r.row}</td>
                  <td>{r.unitName} {r.key}</td>
                  <td>{t(`preview.status.${r.status}`)}</td>
                  <td>{Object.entries(r.changes).filter(([, [a, b]]) => a !== b).map(([f, [a, b]]) => `${columnLabel(t, f)}: ${shown(a)} → ${shown(b)}`).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className="import-actions">
        <button className="import-button secondary" type="button" onClick={props.onRecheck} disabled={props.busy}>{t("preview.recheck")}</button>
        <button className="import-button" type="button" onClick={props.onCommit} disabled={props.busy || !p.canCommit} data-testid="commit">{t("preview.commit")}</button>
        {!p.canCommit ? <span>{s.new + s.changed === 0 && s.blocking === 0 ? t("preview.nothingToCommit") : t("preview.cannotCommit", { blocking: s.blocking })}</span> : null}
      </div>
    </div>
  );
}

/** Counts from 1 to 4 are withheld on screen too ("<5", geo/small-counts.ts). */
function shown(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "number" && isSmallCount(v) ? SMALL_COUNT_TEXT : String(v);
}

/** A database column (eligible, reason_away, label_lon …) by its field label. */
function columnLabel(t: Translate, column: string): string {
  if (column === "geometry") return t("preview.outline");
  const field = COLUMN_FIELDS[column] ?? column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return KNOWN_FIELDS.has(field) ? t(`fields.${field}`) : column;
}
const KNOWN_FIELDS = new Set(TABLE_KINDS.flatMap((k) => fieldsOf(k).map((f) => f.key)));
/** Columns of sites and hamlets stored under other names than the file's fields. */
const COLUMN_FIELDS: Record<string, string> = { kind: "siteKind", name: "siteName", hamlet_id: "hamletCode", label_lon: "lon", label_lat: "lat" };

/**
 * A problem in the user's language. The messages say "Row N: …"; in a map file N is a feature
 * index, so that opening is said as "Feature N" there.
 */
export function problemText(t: Translate, x: Problem, byFeature = false): string {
  const text = t(`problems.${x.code}`, { ...x.params, row: x.row ?? "", column: x.column ?? "", value: x.value ?? "" });
  if (!byFeature || x.row === null) return text;
  const rowAt = t("preview.rowAt", { row: x.row });
  return text.startsWith(rowAt) ? t("preview.featureAt", { row: x.row }) + text.slice(rowAt.length) : text;
}

function Decision({ row, flag, t, decisions, setDecisions }: { row: number; flag: boolean; t: Translate; decisions: Record<string, "accept" | "skip">; setDecisions: (d: Record<string, "accept" | "skip">) => void }) {
  const v = decisions[String(row)] ?? "";
  return (
    <select value={v} aria-label={`${t("preview.decision")} ${row}`} onChange={(e) => {
      const next = { ...decisions };
      if (e.target.value) next[String(row)] = e.target.value as "accept" | "skip";
      else delete next[String(row)];
      setDecisions(next);
    }}>
      <option value="">—</option>
      {flag ? <option value="accept">{t("preview.accept")}</option> : null}
      <option value="skip">{t("preview.skip")}</option>
    </select>
  );
}

/** Picks a unit for an ambiguous/unknown name (per row when one name stands for several rows), creates a hamlet, or skips. */
function Resolve({ group, t, resolutions, setResolutions, communes }: { group: MatchGroup; t: Translate; resolutions: Record<string, Resolution>; setResolutions: (r: Record<string, Resolution>) => void; communes: { id: string; label: string }[] }) {
  const keys = group.status === "ambiguous" && group.rowCount > 1 ? group.rows.map((r) => `row:${r}`) : [group.key];
  return (
    <div>
      <div className={group.status === "ambiguous" ? "sev-flag" : "sev-error"}>{t(group.status === "ambiguous" ? "preview.ambiguous" : "preview.unmatched")}</div>
      {keys.map((key) => {
        const r = resolutions[key];
        const value = r?.action === "unit" ? r.unitId : r?.action ?? "";
        const set = (next: Resolution | null) => {
          const all = { ...resolutions };
          if (next) all[key] = next;
          else delete all[key];
          setResolutions(all);
        };
        return (
          <div key={key} className="import-resolve">
            {keys.length > 1 ? <span>{t("preview.rowsLabel", { rows: key.slice(4) })}</span> : null}
            <select data-testid={`resolve-${key}`} value={value} onChange={(e) => {
              const v = e.target.value;
              if (v === "") set(null);
              else if (v === "skip") set({ action: "skip" });
              else if (v === "create") set({ action: "create", name: group.hamlet ?? "", type: "bản", communeId: group.communeId ?? communes[0]?.id ?? "", lon: 0, lat: 0 });
              else set({ action: "unit", unitId: v });
            }}>
              <option value="">{t("preview.pick")}</option>
              {group.candidates.map((c) => <option key={c.id} value={c.id}>{c.name}{c.commune ? ` (${c.commune})` : ""}</option>)}
              <option value="create">{t("preview.createHamlet")}</option>
              <option value="skip">{t("preview.skipRows")}</option>
            </select>
            {r?.action === "create" ? (
              <>
                <label className="import-create-field">
                  {t("preview.createName")}
                  <input value={r.name} onChange={(e) => set({ ...r, name: e.target.value })} />
                </label>
                <label className="import-create-field">
                  {t("preview.createType")}
                  <select value={r.type} onChange={(e) => set({ ...r, type: e.target.value as typeof r.type })}>
                    {(["bản", "thôn", "xóm", "tổ dân phố"] as const).map((x) => <option key={x} value={x}>{x}</option>)}
                  </select>
                </label>
                <label className="import-create-field">
                  {t("preview.createCommune")}
                  <select value={r.communeId} onChange={(e) => set({ ...r, communeId: e.target.value })}>
                    {communes.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
                  </select>
                </label>
                <label className="import-create-field">
                  {t("preview.lat")}
                  <input type="number" step="0.00001" value={r.lat || ""} placeholder="21.3" onChange={(e) => set({ ...r, lat: Number(e.target.value) })} />
                </label>
                <label className="import-create-field">
                  {t("preview.lon")}
                  <input type="number" step="0.00001" value={r.lon || ""} placeholder="103.4" onChange={(e) => set({ ...r, lon: Number(e.target.value) })} />
                </label>
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

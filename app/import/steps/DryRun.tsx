"use client";

import type { Preview } from "@/db/ingest/types";
import { fieldsOf, TABLE_KINDS } from "@/db/ingest/vocabulary";
import { isSmallCount, SMALL_COUNT_TEXT } from "@/app/_i18n/format";
import { rowHeader, type Translate } from "../text";

/**
 * Step 2, the dry run's answer: the file as read (format, encoding, title, context), what would
 * change (summary, per unit), what was converted, and a sample of the rows before → after. Every
 * name from a file is rendered as React text, never as HTML.
 */
export function DryRunSummary({ preview: p, t }: { preview: Preview; t: Translate }) {
  const s = p.summary;
  const src = (k: string | null) => t(`preview.sources.${k ?? "none"}`);
  return (
    <div className="import-section">
      <h3>{t("preview.heading")}</h3>
      <p>{t("preview.file", { name: p.fileName, format: p.format.toUpperCase(), encoding: p.encoding })}</p>
      {p.alreadyImported ? (
        <p className="import-notice">
          {t("preview.alreadyImported", { id: p.alreadyImported.importId, date: dmy(p.alreadyImported.importedAt.slice(0, 10)) })}
        </p>
      ) : null}
      {p.titleLines.length ? (
        <p>
          <strong>{t("preview.titleLines")}:</strong> {p.titleLines.join(" · ")}
        </p>
      ) : null}
      {p.kind !== "coverage" ? (
        <p>
          {t("preview.context", {
            date: p.context.asOf ? dmy(p.context.asOf) : "—",
            source: src(p.context.asOfSource),
            commune: p.context.communeName ?? "—",
            communeSource: src(p.context.communeSource),
          })}
        </p>
      ) : null}
      {p.coverage ? (
        <p>
          {t("preview.coverage", {
            features: p.coverage.features,
            repaired: p.coverage.repaired,
            rejected: p.coverage.rejected,
            hamlets: p.coverage.hamletsChanged,
          })}
        </p>
      ) : null}
      <p className="import-summary" data-testid="preview-summary">
        {t("preview.summary", { rows: s.rows, new: s.new, changed: s.changed, unchanged: s.unchanged, skipped: s.skipped, blocking: s.blocking })}
      </p>
      {p.perUnit.length ? (
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("preview.unit")}</th>
              <th>{t("preview.new")}</th>
              <th>{t("preview.changed")}</th>
              <th>{t("preview.unchanged")}</th>
              <th>{t("preview.skipped")}</th>
            </tr>
          </thead>
          <tbody>
            {p.perUnit.map((u) => (
              <tr key={u.unitId}>
                <td>{u.name}</td>
                <td className="num">{u.new}</td>
                <td className="num">{u.changed}</td>
                <td className="num">{u.unchanged}</td>
                <td className="num">{u.skipped}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** What was converted to Unicode (TCVN3, VNI, NFC), before → after (tables only). */
export function Conversions({ preview: p, t }: { preview: Preview; t: Translate }) {
  if (p.kind === "coverage") return null;
  return (
    <div className="import-section" data-testid="conversions">
      <h3>{t("preview.conversions")}</h3>
      <p>{t("preview.conversionCounts", p.conversionCounts)}</p>
      {p.conversions.length === 0 ? (
        <p>{t("preview.noConversions")}</p>
      ) : (
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("preview.row")}</th>
              <th>{t("preview.from")}</th>
              <th>{t("preview.to")}</th>
              <th>{t("preview.times")}</th>
            </tr>
          </thead>
          <tbody>
            {p.conversions.map((c, i) => (
              <tr key={i}>
                <td className="num">{c.row}</td>
                <td className="conv-from">{c.from}</td>
                <td>{c.to}</td>
                <td className="num">{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The first rows that would be written: their unit, new/changed/unchanged, and each changed field before → after. */
export function Sample({ preview: p, t }: { preview: Preview; t: Translate }) {
  if (!p.sample.length) return null;
  return (
    <div className="import-section" data-testid="sample">
      <h3>{t("preview.sample")}</h3>
      <table className="import-table">
        <thead>
          <tr>
            <th>{rowHeader(t, p)}</th>
            <th>{t("preview.unit")}</th>
            <th />
            <th>
              {t("preview.before")} → {t("preview.after")}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.sample.slice(0, 200).map((r, i) => (
            <tr key={i}>
              <td className="num">{r.row}</td>
              <td>
                {r.unitName} {r.key}
              </td>
              <td>{t(`preview.status.${r.status}`)}</td>
              <td>
                {Object.entries(r.changes)
                  .filter(([, [a, b]]) => a !== b)
                  .map(([f, [a, b]]) => `${columnLabel(t, f)}: ${shown(a)} → ${shown(b)}`)
                  .join("; ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** YYYY-MM-DD as dd/MM/yyyy. */
function dmy(isoDate: string): string {
  return isoDate.split("-").reverse().join("/");
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

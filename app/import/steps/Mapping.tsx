"use client";

import type { Dispatch } from "react";
import type { Preview } from "@/db/ingest/types";
import { fieldsOf, type TableKind } from "@/db/ingest/vocabulary";
import type { ImportAction } from "../state";
import type { Translate } from "../text";

type Props = { preview: Preview; mapping: Record<string, string>; busy: boolean; t: Translate; dispatch: Dispatch<ImportAction>; onRecheck: () => void };

/** Step 3: each column of the file → a field (or ignored), as remembered, guessed or chosen; then dry run again. */
export function Mapping({ preview: p, mapping, busy, t, dispatch, onRecheck }: Props) {
  if (!p.columns.length) return null;
  const fields = p.kind === "coverage" ? [] : fieldsOf(p.kind as TableKind);
  return (
    <div className="import-section">
      <h3>
        {t("preview.mapping")}{" "}
        <small>
          ({t(`preview.mappingSource.${p.mappingSource}`)}
          {p.headerRows.length ? `; ${t("preview.header", { rows: p.headerRows.join(", ") })}` : ""})
        </small>
      </h3>
      <table className="import-table" data-testid="mapping">
        <thead>
          <tr>
            <th>{t("preview.column")}</th>
            <th>{t("preview.field")}</th>
          </tr>
        </thead>
        <tbody>
          {p.columns
            .filter((c) => c.header)
            .map((c) => (
              <tr key={c.index}>
                <td>{c.header}</td>
                <td>
                  <select value={mapping[c.header] ?? ""} onChange={(e) => dispatch({ type: "mappingChanged", header: c.header, field: e.target.value })}>
                    <option value="">{t("preview.ignore")}</option>
                    {fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {t(`fields.${f.key}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <button className="import-button secondary" type="button" onClick={onRecheck} disabled={busy}>
        {t("preview.applyMapping")}
      </button>
    </div>
  );
}

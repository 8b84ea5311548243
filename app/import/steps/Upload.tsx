"use client";

import type { Dispatch } from "react";
import type { ImportKind } from "@/db/ingest/types";
import type { Form, ImportAction, ImportOptions } from "../state";
import type { Translate } from "../text";

type Props = {
  form: Form;
  options: ImportOptions;
  communes: { id: string; label: string }[];
  maxMb: number;
  busy: boolean;
  t: Translate;
  dispatch: Dispatch<ImportAction>;
  onUpload: () => void;
};

/** Step 1: what kind of data, the file, who imports it and its context; then upload (and dry run). */
export function Upload({ form, options, communes, maxMb, busy, t, dispatch, onUpload }: Props) {
  const change = (patch: Partial<Form>) => dispatch({ type: "formChanged", patch });
  return (
    <form className="import-form" onSubmit={(e) => (e.preventDefault(), onUpload())}>
      <label>
        {t("form.kind")}
        <select value={form.kind} onChange={(e) => change({ kind: e.target.value as ImportKind })} name="kind">
          {options.kinds.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("form.file")}
        <input type="file" name="file" accept=".xlsx,.csv,.geojson,.json,.kml,.kmz,.zip" onChange={(e) => change({ file: e.target.files?.[0] ?? null })} />
        <small>{t("form.maxSize", { max: maxMb })}</small>
      </label>
      {form.kind === "coverage" ? (
        <CoverageFields form={form} options={options} t={t} change={change} />
      ) : (
        <ContextFields form={form} communes={communes} t={t} change={change} />
      )}
      <div>
        <button className="import-button" type="submit" disabled={!form.file || busy}>
          {t("form.upload")}
        </button>
      </div>
    </form>
  );
}

type FieldProps = { form: Form; t: Translate; change: (patch: Partial<Form>) => void };

/** A coverage layer's tags: its kind, the operator (none for the grid) and the date it holds from. */
function CoverageFields({ form, options, t, change }: FieldProps & { options: ImportOptions }) {
  const coverage = form.coverage;
  return (
    <>
      <label>
        {t("form.coverageKind")}
        <select value={coverage.kind} onChange={(e) => change({ coverage: { ...coverage, kind: e.target.value } })}>
          {options.coverageKinds.map((k) => (
            <option key={k} value={k}>
              {t(`coverageKinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("form.operator")}
        <select value={coverage.operator} disabled={coverage.kind === "grid"} onChange={(e) => change({ coverage: { ...coverage, operator: e.target.value } })}>
          {options.operators.map((k) => (
            <option key={k} value={k}>
              {t(`operators.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("form.coverageDate")}
        <input type="date" value={coverage.asOf} onChange={(e) => change({ coverage: { ...coverage, asOf: e.target.value } })} required />
      </label>
    </>
  );
}

/** For a table: the report date and the commune, when the file does not say them. */
function ContextFields({ form, communes, t, change }: FieldProps & { communes: { id: string; label: string }[] }) {
  return (
    <>
      <label>
        {t("form.asOf")}
        <input type="date" value={form.asOf} onChange={(e) => change({ asOf: e.target.value })} name="asOf" />
      </label>
      <label>
        {t("form.commune")}
        <select value={form.communeId} onChange={(e) => change({ communeId: e.target.value })} name="communeId">
          <option value="">{t("form.communeNone")}</option>
          {communes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

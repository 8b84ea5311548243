"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useReducer } from "react";
import * as api from "./api";
import { currentMapping, importReducer, initialState, jobRequest, NO_CHOICES, type Busy, type ImportOptions, type Scope } from "./state";
import { OutcomeLine, Progress } from "./Status";
import type { Translate } from "./text";
import { Commit } from "./steps/Commit";
import { Conversions, DryRunSummary, Sample } from "./steps/DryRun";
import { Mapping } from "./steps/Mapping";
import { Resolutions } from "./steps/Resolutions";
import { Upload } from "./steps/Upload";

type Props = { scope: Scope; communes: { id: string; label: string }[]; maxMb: number; options: ImportOptions };

/**
 * The import flow: choose and upload a file → dry run with progress → the preview (mapping,
 * conversions, matches to resolve, problems to decide, what changes) → commit → result. The state
 * lives in one reducer (state.ts); each step is a component of steps/.
 */
export function ImportFlow({ scope, communes, maxMb, options }: Props) {
  const t = useTranslations("import") as unknown as Translate;
  const locale = useLocale();
  const { state, dispatch, upload, recheck, commit } = useImportFlow(scope, options);
  const { form, busy, preview, outcome } = state;
  return (
    <section aria-label={t("title")}>
      <Upload form={form} options={options} communes={communes} maxMb={maxMb} busy={!!busy} t={t} dispatch={dispatch} onUpload={() => void upload()} />
      <Progress busy={busy} t={t} />
      <OutcomeLine outcome={outcome} t={t} locale={locale} />
      {preview ? (
        <div data-testid="preview">
          <DryRunSummary preview={preview} t={t} />
          <Mapping preview={preview} mapping={currentMapping(state)} busy={!!busy} t={t} dispatch={dispatch} onRecheck={() => void recheck()} />
          <Conversions preview={preview} t={t} />
          <Resolutions preview={preview} choices={state.choices} communes={communes} t={t} dispatch={dispatch} />
          <Sample preview={preview} t={t} />
          <Commit preview={preview} busy={!!busy} t={t} onRecheck={() => void recheck()} onCommit={() => void commit()} />
        </div>
      ) : null}
    </section>
  );
}

/**
 * The flow's state and its three requests. Each request is built from the state as it was when
 * the person clicked; a new upload's first dry run goes without any earlier choice.
 */
function useImportFlow(scope: Scope, options: ImportOptions) {
  const router = useRouter();
  const [state, dispatch] = useReducer(importReducer, options, initialState);
  const onProgress = (busy: Busy) => dispatch({ type: "progress", busy });

  async function dryRun(body: ReturnType<typeof jobRequest>) {
    dispatch({ type: "jobStarted" });
    try {
      dispatch({ type: "dryRunDone", preview: await api.dryRun(body, onProgress) });
    } catch (err) {
      dispatch({ type: "failed", failure: api.failureOf("dryRun", err) });
    }
  }

  async function upload() {
    const { file } = state.form;
    if (!file) return;
    dispatch({ type: "uploadStarted" });
    let uploadId: string;
    try {
      uploadId = await api.upload(file);
    } catch (err) {
      return dispatch({ type: "failed", failure: api.failureOf("upload", err) });
    }
    dispatch({ type: "uploaded", uploadId });
    await dryRun(jobRequest(scope, state.form, uploadId, NO_CHOICES));
  }

  async function recheck() {
    if (state.uploadId) await dryRun(jobRequest(scope, state.form, state.uploadId, state.choices));
  }

  async function commit() {
    if (!state.uploadId) return;
    dispatch({ type: "jobStarted" });
    try {
      const answer = await api.commit(jobRequest(scope, state.form, state.uploadId, state.choices), onProgress);
      dispatch({ type: "committed", answer });
      if (answer.status === "committed") router.refresh();
    } catch (err) {
      dispatch({ type: "failed", failure: api.failureOf("commit", err) });
    }
  }

  return { state, dispatch, upload, recheck, commit };
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ImportListItem } from "@/db/queries/imports";
import { undo as undoImport } from "../api";
import { countsText, type Translate } from "../text";

/** Step 6: the history of imports, newest first, each with its counts and an undo button. */
export function History({ scope, imports }: { scope: { unitId: string; structure: string }; imports: ImportListItem[] }) {
  const t = useTranslations("import") as unknown as Translate;
  const locale = useLocale();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function undo(id: number) {
    if (!window.confirm(t("history.confirmUndo", { id }))) return;
    setBusy(id);
    const out = await undoImport({ importId: id, unit: scope.unitId, structure: scope.structure });
    if (out.status === "undone") setMessage({ ok: true, text: t("history.undoDone", { id, rows: out.restored }) });
    else if (out.status === "conflict") setMessage({ ok: false, text: t("history.undoConflict", { rows: out.rows, later: out.laterImports.join(", ") }) });
    else setMessage({ ok: false, text: t("history.undoFailed") });
    router.refresh();
    setBusy(null);
  }

  return (
    <section className="import-section" data-testid="history">
      <h3>{t("history.heading")}</h3>
      {message ? (
        <p className={`import-notice${message.ok ? "" : " bad"}`} role="status" data-testid="history-message">
          {message.text}
        </p>
      ) : null}
      {imports.length === 0 ? (
        <p>{t("history.empty")}</p>
      ) : (
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("history.id")}</th>
              <th>{t("history.when")}</th>
              <th>{t("history.who")}</th>
              <th>{t("history.file")}</th>
              <th>{t("history.kind")}</th>
              <th>{t("history.counts")}</th>
              <th>{t("history.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {imports.map((r) => (
              <tr key={r.id} data-testid={`import-${r.id}`}>
                <td className="num">{r.id}</td>
                <td>{fmt(r.importedAt)}</td>
                <td>{r.importedBy}</td>
                <td>{r.fileName}</td>
                <td>{r.kind === "demo" ? t("history.demo") : t(`kinds.${r.kind}`)}</td>
                <td>{countsText(t, locale, r.counts)}</td>
                <td>{r.undoneAt ? t("history.undone", { date: fmt(r.undoneAt) }) : t("history.active")}</td>
                <td>
                  {!r.undoneAt && r.kind !== "demo" ? (
                    <button className="import-button secondary" type="button" disabled={busy !== null} onClick={() => void undo(r.id)}>
                      {t("history.undo")}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A timestamp as dd/MM/yyyy HH:mm in Vietnam time. */
function fmt(ts: string): string {
  const d = new Date(ts.replace(" ", "T").replace(/\+00$/, "Z"));
  if (Number.isNaN(d.getTime())) return ts;
  const p = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(d);
  const get = (k: string) => p.find((x) => x.type === k)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

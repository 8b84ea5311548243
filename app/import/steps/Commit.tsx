"use client";

import type { Preview } from "@/db/ingest/types";
import type { Translate } from "../text";

type Props = { preview: Preview; busy: boolean; t: Translate; onRecheck: () => void; onCommit: () => void };

/** Step 5: dry run again with the choices made, or write to the database — or why that cannot be done yet. */
export function Commit({ preview: p, busy, t, onRecheck, onCommit }: Props) {
  const s = p.summary;
  return (
    <div className="import-actions">
      <button className="import-button secondary" type="button" onClick={onRecheck} disabled={busy}>
        {t("preview.recheck")}
      </button>
      <button className="import-button" type="button" onClick={onCommit} disabled={busy || !p.canCommit} data-testid="commit">
        {t("preview.commit")}
      </button>
      {!p.canCommit ? (
        <span>{s.new + s.changed === 0 && s.blocking === 0 ? t("preview.nothingToCommit") : t("preview.cannotCommit", { blocking: s.blocking })}</span>
      ) : null}
    </div>
  );
}

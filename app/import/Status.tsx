"use client";

import type { Busy, Outcome } from "./state";
import { countsText, type Translate } from "./text";

/** The running request's phase and, when it knows its total, how far it is. */
export function Progress({ busy, t }: { busy: Busy | null; t: Translate }) {
  if (!busy) return null;
  const percent = busy.total > 0 ? Math.min(100, Math.round((100 * busy.done) / busy.total)) : null;
  return (
    <div className="import-progress" role="status">
      <div>
        {t(`progress.${busy.phase}`)} {percent !== null ? t("progress.percent", { percent }) : null}
      </div>
      <progress max={100} value={percent ?? undefined} />
    </div>
  );
}

/** What the last request came to: written, nothing to write, refused, or what went wrong. */
export function OutcomeLine({ outcome, t, locale }: { outcome: Outcome | null; t: Translate; locale: string }) {
  if (!outcome) return null;
  const ok = outcome.kind === "committed" || outcome.kind === "nothing";
  return (
    <p className={`import-notice${ok ? "" : " bad"}`} role="status" data-testid="import-outcome">
      {outcomeText(t, locale, outcome)}
    </p>
  );
}

function outcomeText(t: Translate, locale: string, o: Outcome): string {
  switch (o.kind) {
    case "committed":
      return t("result.committed", { id: o.importId, counts: countsText(t, locale, o.counts) });
    case "nothing":
      return t("result.nothing");
    case "refused":
      return t("result.refused");
    case "failed":
      // An upload refused for a reason the messages name (too large, empty …) says it in the page's language.
      if (o.step === "upload") return o.code ? t(`problems.${o.code}`, o.params) : o.message;
      return t("result.failed", { error: o.message });
  }
}

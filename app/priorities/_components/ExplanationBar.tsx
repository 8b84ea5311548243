import { PRIORITY_FACTORS, type PriorityWeights } from "@/geo/priority-score";
import { FACTOR_COLOURS } from "@/app/_components/gap-display";

/**
 * A hamlet's score as a small stacked bar: one segment per factor, as wide as its contribution
 * (the whole bar is 0–1, so the filled part is the score). Text is in the title for screen readers
 * and tooltips.
 */
export function ExplanationBar({ contributions, label }: { contributions: PriorityWeights; label: string }) {
  return (
    <span className="explanation-bar" role="img" aria-label={label} title={label}>
      {PRIORITY_FACTORS.map((f) =>
        contributions[f] > 0 ? (
          <span key={f} className="explanation-segment" data-factor={f} style={{ width: `${contributions[f] * 100}%`, background: FACTOR_COLOURS[f] }} />
        ) : null,
      )}
    </span>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { PRIORITY_FACTORS, PRIORITY_PRESETS, PRIORITY_PRESET_NAMES, type PriorityWeights } from "@/geo/priority-score";
import { FACTOR_COLOURS } from "@/app/_components/gap-display";
import { WEIGHT_RANGE, presetOf } from "@/app/_screens/params";
import "./weights-panel.css";

/** Presets and one slider per factor; every change re-ranks at once (the parent recomputes). */
export function WeightsPanel({ weights, onChange }: { weights: PriorityWeights; onChange(w: PriorityWeights): void }) {
  const t = useTranslations("priorities");
  const preset = presetOf(weights);
  const total = PRIORITY_FACTORS.reduce((s, f) => s + Math.abs(weights[f]), 0);
  return (
    <section className="weights-panel" aria-labelledby="weights-title">
      <h3 id="weights-title">{t("weights.title")}</h3>
      <fieldset className="weights-presets" aria-label={t("weights.presets")}>
        {PRIORITY_PRESET_NAMES.map((p) => (
          <button key={p} type="button" aria-pressed={preset === p} data-preset={p} onClick={() => onChange({ ...PRIORITY_PRESETS[p] })}>
            {t(`preset.${p}`)}
          </button>
        ))}
        {preset === null && <span className="weights-custom">{t("weights.custom")}</span>}
      </fieldset>
      <ul className="weights-sliders">
        {PRIORITY_FACTORS.map((f) => {
          const id = `weight-${f}`;
          const share = total > 0 ? Math.round((Math.abs(weights[f]) / total) * 100) : 0;
          return (
            <li key={f}>
              <label htmlFor={id}>
                <span className="factor-swatch" style={{ background: FACTOR_COLOURS[f] }} aria-hidden="true" />
                {weights[f] < 0 ? t(`factorInverse.${f}`) : t(`factor.${f}`)}
              </label>
              <input
                id={id}
                data-testid={id}
                type="range"
                min={WEIGHT_RANGE.min}
                max={WEIGHT_RANGE.max}
                step={WEIGHT_RANGE.step}
                value={weights[f]}
                onChange={(e) => onChange({ ...weights, [f]: Number(e.target.value) })}
              />
              <output htmlFor={id} className="weight-value" title={t("weights.share", { share: `${share} %` })}>
                {weights[f]}
              </output>
            </li>
          );
        })}
      </ul>
      {total === 0 && (
        <p className="weights-warning" role="status">
          {t("weights.allZero")}
        </p>
      )}
      <p className="weights-help">{t("weights.help")}</p>
    </section>
  );
}

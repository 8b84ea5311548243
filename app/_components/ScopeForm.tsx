import { getTranslations } from "next-intl/server";
import type { ScopeChoice } from "@/db/queries/priorities";

/**
 * The scope picker (unit + structure + date) as a plain GET form: the scope lives in the URL, so a
 * link shows the same view, and it works before any JavaScript has loaded. `extra` keeps other
 * parameters of the page (preset, operator tab…).
 */
export async function ScopeForm({
  action,
  unit,
  structure,
  date,
  dates,
  choices,
  extra = {},
}: {
  action: string;
  unit: string;
  structure: string;
  date: string | null;
  dates: string[];
  choices: ScopeChoice[];
  extra?: Record<string, string>;
}) {
  const t = await getTranslations("priorities.scope");
  const levels = ["province", "district", "commune"] as const;
  return (
    <form className="scope-form" method="get" action={action} aria-label={t("legend")}>
      <label>
        {t("unit")}
        <select name="unit" defaultValue={unit}>
          {levels.map((level) => {
            const items = choices.filter((c) => c.level === level);
            return items.length === 0 ? null : (
              <optgroup key={level} label={t(level)}>
                {items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.fullName}
                    {c.parentName && level !== "province" ? ` (${c.parentName})` : ""}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </label>
      <label>
        {t("structure")}
        <select name="structure" defaultValue={structure}>
          <option value="pre2025">{t("pre2025")}</option>
          <option value="post2025">{t("post2025")}</option>
        </select>
      </label>
      <label>
        {t("date")}
        <select name="date" defaultValue={date ?? undefined}>
          {dates.map((d) => (
            <option key={d} value={d}>
              {`${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`}
            </option>
          ))}
        </select>
      </label>
      {Object.entries(extra).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit">{t("apply")}</button>
    </form>
  );
}

import { formatter } from "@/app/_i18n/format";
import { useLocale, useTranslations } from "next-intl";
import { NO_DATA_COLOUR, type RateClasses } from "./classes";

/** The choropleth's key: one swatch per rate class, the no-data swatch, and the as-of date. */
export function Legend({ classes, asOf }: { classes: RateClasses; asOf: string | null }) {
  const t = useTranslations("map.legend");
  const fmt = formatter(useLocale());
  const { breaks, colours } = classes;
  return (
    <section className="legend" aria-labelledby="legend-title">
      <h2 id="legend-title" className="legend-title">
        {t("title")}
      </h2>
      <ul className="legend-classes">
        {colours.map((colour, i) => (
          <li key={colour}>
            <Swatch colour={colour} />
            {rangeLabel(breaks[i] ?? null, breaks[i + 1] ?? null, fmt.percent)}
          </li>
        ))}
        <li>
          <Swatch colour={NO_DATA_COLOUR} />
          {t("noData")}
        </li>
      </ul>
      <p className="legend-asof">
        {t("asOf")}: {fmt.date(asOf)}
      </p>
    </section>
  );
}

function Swatch({ colour }: { colour: string }) {
  return <span className="legend-swatch" style={{ backgroundColor: colour }} aria-hidden="true" />;
}

function rangeLabel(from: number | null, to: number | null, percent: (v: number | null) => string): string {
  return from === to ? percent(from) : `${percent(from)} – ${percent(to)}`;
}

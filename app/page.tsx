import type { Metadata } from "next";
import { getMessages, parseLang } from "./_i18n/messages";
import { MapIsland } from "./_map/MapIsland";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What the page shows without query parameters: Điện Biên, in the post-July-2025 structure. */
const DEFAULTS = { unit: "p-11", structure: "post2025" };

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const lang = parseLang(first((await searchParams).lang));
  return { title: getMessages(lang).appTitle };
}

/**
 * The dashboard: a header, the synthetic-data notice and the client map island. `unit` and
 * `structure` are passed through as given; the API validates them and the island shows its answer.
 */
export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const lang = parseLang(first(params.lang));
  const unit = first(params.unit) ?? DEFAULTS.unit;
  const structure = first(params.structure) ?? DEFAULTS.structure;
  const m = getMessages(lang);

  const other = new URLSearchParams({ unit, structure });
  if (lang === "vi") other.set("lang", "en");

  return (
    <main className="app" lang={lang}>
      <header className="topbar">
        <h1>{m.appTitle}</h1>
        <a href={`?${other.toString()}`} hrefLang={lang === "vi" ? "en" : "vi"}>
          {m.switchLanguage}
        </a>
      </header>
      <p className="synthetic-notice" role="note">
        {m.syntheticNotice}
      </p>
      <MapIsland key={`${unit}|${structure}|${lang}`} unit={unit} structure={structure} lang={lang} />
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

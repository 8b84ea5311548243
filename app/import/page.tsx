import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { importPageData, listImports } from "@/db/queries/imports";
import { scopeSchema } from "@/db/queries/scope";
import { MAX_UPLOAD_BYTES } from "@/app/api/import/_lib/uploads";
import { ImportFlow } from "./ImportFlow";
import { History } from "./steps/History";
import "./import.css";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const DEFAULTS = { unit: "p-11", structure: "post2025" } as const;

export const dynamic = "force-dynamic";

/**
 * The import section: upload → dry run (mapping, conversions, matches, problems, what changes) →
 * resolve → commit; and the history of imports with undo. Server component: it reads the communes
 * and the history; the flow itself is the ImportFlow island.
 */
export default async function ImportPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = scopeSchema.safeParse({ unitId: first(params.unit) ?? DEFAULTS.unit, structure: first(params.structure) ?? DEFAULTS.structure });
  const scope = parsed.success ? parsed.data : { unitId: DEFAULTS.unit, structure: DEFAULTS.structure };
  const t = await getTranslations("import");
  const db = await getDb();
  const [data, history] = await Promise.all([importPageData({ db, scope }), listImports({ db, scope })]);
  return (
    <main className="import-page">
      <h2>{t("title")}</h2>
      <p className="import-intro">{t("intro")}</p>
      {data.latestDate ? (
        <p>
          <a href={`/api/import/export?unit=${encodeURIComponent(scope.unitId)}&structure=${scope.structure}&date=${data.latestDate}`} download>
            {t("export", { date: data.latestDate.split("-").reverse().join("/") })}
          </a>
        </p>
      ) : null}
      <ImportFlow scope={scope} communes={data.communes} maxMb={Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} />
      <History scope={scope} imports={history} />
    </main>
  );
}

function first(v: string | string[] | undefined) {
  return Array.isArray(v) ? v[0] : v;
}

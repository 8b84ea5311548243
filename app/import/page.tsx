import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { importPageData, listImports } from "@/db/queries/imports";
import { notFound } from "next/navigation";
import { requirePage } from "@/app/_auth/page";
import { MAX_UPLOAD_BYTES } from "@/app/api/import/_lib/uploads";
import { importOptionsFor } from "@/app/_auth/import-options";
import { ImportFlow } from "./ImportFlow";
import { History } from "./steps/History";
import "./import.css";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const dynamic = "force-dynamic";

/**
 * The import section: upload → dry run (mapping, conversions, matches, problems, what changes) →
 * resolve → commit; and the history of imports with undo. Server component: it reads the communes
 * and the history; the flow itself is the ImportFlow island.
 */
export default async function ImportPage({ searchParams }: { searchParams: SearchParams }) {
  const { scope: authorized, viewer } = await requirePage("/import", await searchParams);
  // A malformed unit in the URL: the viewer's own unit.
  const scope = authorized ?? (await requirePage("/import", {})).scope;
  if (!scope) notFound();
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
      <ImportFlow
        scope={{ unitId: scope.unitId, structure: scope.structure }}
        communes={data.communes}
        maxMb={Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)}
        options={importOptionsFor(viewer)}
      />
      <History scope={{ unitId: scope.unitId, structure: scope.structure }} imports={history} />
    </main>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { type LoadResult, PROGRESS_DEFAULTS, viewQuery } from "@/app/_screens/dashboard";

/** What /dashboard and /briefing show for a bad URL, a unit not in the structure, or no data: what was wrong and a way on. */
export async function Problem({
  base,
  error,
  result,
  params,
}: {
  base: "/dashboard" | "/briefing";
  error?: z.ZodError;
  result?: Exclude<LoadResult<unknown>, { status: "ok" }>;
  params: Record<string, string | string[] | undefined>;
}) {
  const t = await getTranslations("dashboard");
  const structure =
    typeof params.structure === "string" && (params.structure === "pre2025" || params.structure === "post2025")
      ? params.structure
      : PROGRESS_DEFAULTS.structure;
  return (
    <main className="progress-page">
      <div className="progress-problem" role="alert">
        {error ? (
          <>
            <h2>{t("errors.invalid")}</h2>
            <ul>
              {error.issues.map((i) => {
                const param = String(i.path[0] ?? "");
                const raw = params[param];
                return <li key={param + i.code}>{t("errors.param", { param, value: String(Array.isArray(raw) ? raw[0] : (raw ?? "")) })}</li>;
              })}
            </ul>
          </>
        ) : result?.status === "unit-not-found" ? (
          <h2>{t("errors.unitNotFound", { unit: result.unit })}</h2>
        ) : result ? (
          <h2>{t("errors.noData", { unit: result.unit })}</h2>
        ) : null}
        <p>
          <Link href={`${base}?${viewQuery({ unit: PROGRESS_DEFAULTS.unit, structure })}`}>{t("errors.backToProvince")}</Link>
        </p>
      </div>
    </main>
  );
}

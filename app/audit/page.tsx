import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { AUDIT_ACTIONS } from "@/db/queries/audit";
import { requirePage } from "@/app/_auth/page";
import { auditScreen } from "@/app/_screens/audit";
import { auditQuery } from "@/app/api/audit/schema";
import { formatter } from "@/app/_i18n/format";
import type { Locale } from "@/app/_i18n/config";
import "./audit.css";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata() {
  const t = await getTranslations("common");
  return { title: `${t("nav.audit")} · ${t("appTitle")}` };
}

/** The filters as given (first value of each; `lang` belongs to the i18n proxy). */
function flat(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && k !== "lang") out[k] = first;
  }
  return out;
}

/**
 * Nhật ký thay đổi / Audit log: every write, newest first, filterable (days, action, user, unit),
 * paged, exportable as CSV (/api/audit?format=csv with the same filters). Administrators read all
 * of it, planners the rows inside their unit; anyone else gets "not found". Read only.
 */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  // The scope of the rows is auditScreen's (administrators: all; planners: their unit).
  const raw = await searchParams;
  const { viewer } = await requirePage("/audit", raw);
  const t = await getTranslations("audit");
  const fmt = formatter((await getLocale()) as Locale);
  const given = flat(raw);
  const parsed = auditQuery.safeParse(given);
  const query = parsed.success ? parsed.data : auditQuery.parse({});
  const screen = await auditScreen({ db: await getDb(), viewer, query });
  if (screen.status === "forbidden") notFound();

  const link = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...given, ...extra })) if (v !== "") q.set(k, v);
    return q.toString();
  };
  const exportHref = `/api/audit?${link({ format: "csv", page: "" })}`;
  const actionLabel = (a: string) => t(`actions.${a.replaceAll(".", "_")}` as "actions.scenario_save");

  return (
    <main className="audit-page">
      <h2>{t("title")}</h2>
      <p>{t("intro")}</p>
      <p className="audit-scope">{screen.everything ? t("scopeAll") : t("scopeUnit", { unit: viewer.unitId ?? "" })}</p>
      <form method="get" action="/audit" className="audit-filters">
        <fieldset>
          <legend>{t("filters.legend")}</legend>
          <label>
            {t("filters.from")} <input type="date" name="from" defaultValue={given.from ?? ""} />
          </label>
          <label>
            {t("filters.to")} <input type="date" name="to" defaultValue={given.to ?? ""} />
          </label>
          <label>
            {t("filters.action")}{" "}
            <select name="action" defaultValue={given.action ?? ""}>
              <option value="">{t("filters.anyAction")}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("filters.user")} <input type="email" name="user" defaultValue={given.user ?? ""} />
          </label>
          <label>
            {t("filters.unit")} <input type="text" name="unit" defaultValue={given.unit ?? ""} size={12} />
          </label>
          <label>
            {t("filters.structure")}{" "}
            <select name="structure" defaultValue={given.structure ?? "post2025"}>
              <option value="post2025">{t("filters.post2025")}</option>
              <option value="pre2025">{t("filters.pre2025")}</option>
            </select>
          </label>
          <button type="submit">{t("filters.apply")}</button>{" "}
          <Link href="/audit" prefetch={false}>
            {t("filters.reset")}
          </Link>
        </fieldset>
      </form>
      {!parsed.success && (
        <p role="alert" className="audit-error">
          {t("invalid", { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") })}
        </p>
      )}
      <p className="audit-count">
        {t("count", { total: screen.total, page: screen.page, pages: screen.pages })} ·{" "}
        <a href={exportHref} download>
          {t("export")}
        </a>
      </p>
      {screen.rows.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">{t("columns.at")}</th>
              <th scope="col">{t("columns.user")}</th>
              <th scope="col">{t("columns.role")}</th>
              <th scope="col">{t("columns.action")}</th>
              <th scope="col">{t("columns.unit")}</th>
              <th scope="col">{t("columns.targets")}</th>
              <th scope="col">{t("columns.summary")}</th>
            </tr>
          </thead>
          <tbody>
            {screen.rows.map((r) => (
              <tr key={r.id} data-audit-id={r.id}>
                <td>
                  <time dateTime={r.at}>{fmt.dateTime(r.at)}</time>
                </td>
                <td>{r.userEmail}</td>
                <td>{r.role}</td>
                <td>{actionLabel(r.action)}</td>
                <td>{r.unitId ?? "—"}</td>
                <td>{r.targetIds.join(", ")}</td>
                <td>
                  <code>{JSON.stringify(r.summary)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="audit-pages" aria-label={t("title")}>
        {screen.page > 1 && (
          <Link href={`/audit?${link({ page: String(screen.page - 1) })}`} prefetch={false}>
            {t("previous")}
          </Link>
        )}
        {screen.page < screen.pages && (
          <Link href={`/audit?${link({ page: String(screen.page + 1) })}`} prefetch={false}>
            {t("next")}
          </Link>
        )}
      </nav>
    </main>
  );
}

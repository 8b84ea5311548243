import { useTranslations } from "next-intl";

/**
 * Download links for one table in the formats it supports (GET /api/export). No hooks but
 * next-intl's, so it renders on the server and inside client islands alike.
 */
export function ExportLinks({
  label,
  table,
  params,
  formats,
  namespace = "priorities",
}: {
  label: string;
  table: string;
  params: Record<string, string>;
  formats: readonly ("csv" | "xlsx" | "geojson")[];
  namespace?: "priorities" | "telecom";
}) {
  const t = useTranslations(namespace);
  return (
    <p className="export-links">
      <span className="export-label">
        {t("export.title")} — {label}:
      </span>{" "}
      {formats.map((format) => (
        <a key={format} href={`/api/export?${new URLSearchParams({ table, format, ...params }).toString()}`} download data-format={format}>
          {t(`export.${format}`)}
        </a>
      ))}
    </p>
  );
}

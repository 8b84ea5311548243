import type { ProgressView } from "@/app/_screens/dashboard";
import type { Presenter } from "./present";

/**
 * The infrastructure gaps as a table (dashboard and briefing): per gap, the residents and the people
 * not yet activated of the hamlets lacking it, and — with `hamlets` — how many hamlets lack it.
 */
export function InfraTable({
  rows,
  p,
  className,
  hamlets = false,
}: {
  rows: ProgressView["infra"]["rows"];
  p: Presenter;
  className: string;
  hamlets?: boolean;
}) {
  const { t } = p;
  return (
    <table className={className}>
      <thead>
        <tr>
          <th scope="col">{t("table.gap")}</th>
          {hamlets ? <th scope="col">{t("table.gapHamlets")}</th> : null}
          <th scope="col">{t("table.residents")}</th>
          <th scope="col">{t("table.notActivated")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.gap}>
            <th scope="row">{t(`gaps.${r.gap}`)}</th>
            {hamlets ? <td>{p.num(r.hamlets)}</td> : null}
            <td>{p.count(r.residents)}</td>
            <td>{p.count(r.notActivated)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { getTranslations } from "next-intl/server";
import { requirePage } from "@/app/_auth/page";
import { getDb } from "@/db";
import { latestSnapshotDate, listScenarios, planInputs } from "@/db/queries/plans";
import { scopeOf, scopeSchema } from "@/db/queries/scope";
import { boundaryMap } from "@/db/queries/map";
import { PlansIsland } from "./_components/PlansIsland";
import "./plans.css";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Without query parameters: Điện Biên Đông (d-101, pre-2025 structure) — a district, the scale at
 * which a police office plans its mobile teams — at the latest data date.
 */
const DEFAULTS = { unit: "d-101", structure: "pre2025" } as const;

/** /plans?unit=&structure=&date= — the planners' page: the scope's hamlets, bases and saved scenarios, handed to the island. */
export default async function PlansPage({ searchParams }: { searchParams: SearchParams }) {
  const { params } = await requirePage("/plans", await searchParams);
  const t = await getTranslations("plans");
  const parsed = scopeSchema.safeParse({ unitId: first(params.unit) ?? DEFAULTS.unit, structure: first(params.structure) ?? DEFAULTS.structure });
  if (!parsed.success)
    return (
      <main className="plans-page">
        <p role="alert">{t("unitMissing", { unit: String(first(params.unit)), structure: String(first(params.structure)) })}</p>
      </main>
    );
  const scope = scopeOf(parsed.data.unitId, parsed.data.structure);
  const db = await getDb();
  const askedDate = first(params.date);
  const date =
    askedDate && /^\d{4}-\d{2}-\d{2}$/.test(askedDate) ? askedDate : ((await latestSnapshotDate({ db, scope })) ?? new Date().toISOString().slice(0, 10));
  const inputs = await planInputs({ db, scope, date });
  if (!inputs)
    return (
      <main className="plans-page">
        <p role="alert">{t("unitMissing", { unit: scope.unitId, structure: scope.structure })}</p>
      </main>
    );
  const [scenarios, communes] = await Promise.all([listScenarios({ db, scope }), boundaryMap({ db, scope, level: "commune", date })]);
  return (
    <main className="plans-page">
      <PlansIsland
        key={`${scope.unitId}|${scope.structure}|${date}`}
        unit={{ id: inputs.unit.id, name: inputs.unit.name, structure: scope.structure, bbox: inputs.unit.bbox }}
        date={date}
        hamlets={inputs.hamlets.map((h) => ({ id: h.id, name: h.name, communeName: h.communeName }))}
        bases={inputs.sites
          .filter((s) => s.kind === "commune_hq")
          .map((s) => ({ id: s.id, name: `${s.name} — ${inputs.hamlets.find((h) => h.id === s.hamletId)?.communeName ?? ""}` }))}
        scenarios={scenarios}
        communes={communes ?? { type: "FeatureCollection", features: [] }}
      />
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// Prints the gap-analysis "done when" tables as Markdown: the top hamlets of a scope under the
// mobile-teams and Wi-Fi-points presets with their explanations, and the telecom counts of a scope.
//
//   npx tsx --conditions=react-server scripts/gap-report.ts
//   PGLITE_DIR=.cache/test-db/<key> npx tsx --conditions=react-server scripts/gap-report.ts   (the seeded test database)
//   UNIT=d-101 STRUCTURE=pre2025 DATE=2023-11-06 TELECOM_UNIT=p-11 TELECOM_DATE=2023-09-15 TOP=10 …
import { openDbFromEnv } from "../db/client";
import { priorityHamlets } from "../db/queries/priorities";
import { telecomGapHamlets } from "../db/queries/telecom";
import { getScopeUnit } from "../db/queries/admin";
import { gapRows, rankRows } from "@/app/_screens/priorities";
import { PRIORITY_FACTORS, PRIORITY_PRESETS, TELECOM_GAPS, TELECOM_VIEWS, type PriorityPreset } from "../geo";
import { scopeOf, type Scope } from "../db/queries/scope";

const env = process.env;
const scope: Scope = scopeOf(env.UNIT ?? "d-101", (env.STRUCTURE as Scope["structure"]) ?? "pre2025");
const date = env.DATE ?? "2023-11-06";
const telecomScope: Scope = scopeOf(env.TELECOM_UNIT ?? "p-11", scope.structure);
const telecomDate = env.TELECOM_DATE ?? "2023-09-15";
const top = Number(env.TOP ?? 10);

const count = (v: number | null) => (v === null ? "<5" : String(v));
const f3 = (v: number) => v.toFixed(3);

const o = await openDbFromEnv();
try {
  const unit = await getScopeUnit({ db: o.db, scope });
  if (!unit) throw new Error(`unit ${scope.unitId} is not in the ${scope.structure} structure`);
  const data = await priorityHamlets({ db: o.db, scope, date });
  const rows = gapRows(data.hamlets);
  console.log(`# Priorities — ${unit.fullName} (${scope.unitId}, ${scope.structure}) at ${date}`);
  console.log(
    `${rows.length} hamlets; coverage as of ${data.coverageAsOf}; ` +
      "score = Σ |w| / Σ|w| × factor normalised within the scope (× 1 − value for a negative weight).\n",
  );
  for (const preset of ["mobileTeams", "wifiPoints"] as PriorityPreset[]) {
    const w = PRIORITY_PRESETS[preset];
    const total = PRIORITY_FACTORS.reduce((s, f) => s + Math.abs(w[f]), 0);
    console.log(
      `## Preset ${preset} — weights ${PRIORITY_FACTORS.filter((f) => w[f] !== 0)
        .map((f) => `${f} ${w[f]}`)
        .join(", ")} (each contribution = |w|/${total} × normalised value; for a negative weight × (1 − normalised value), shown as "not <factor>")\n`,
    );
    console.log(`| # | hamlet | commune | score | still to activate | bottleneck → intervention (reach) | explanation: contributions (raw value) |`);
    console.log(`|---|---|---|---|---|---|---|`);
    for (const r of rankRows(rows, w).slice(0, top)) {
      const expl = PRIORITY_FACTORS.filter((f) => r.contributions[f] > 0)
        .sort((a, b) => r.contributions[b] - r.contributions[a])
        .map((f) => `${w[f] < 0 ? "not " : ""}${f} ${f3(r.contributions[f])} (${raw(f, r.factors[f])})`)
        .join(" + ");
      const cells = [
        r.rank,
        `${r.name} (${r.id})`,
        r.communeName,
        f3(r.score),
        count(r.remaining),
        `${r.bottleneck} → ${r.intervention} (${count(r.reach)})`,
        expl,
      ];
      console.log(`| ${cells.join(" | ")} |`);
    }
    console.log("");
  }

  const tUnit = await getScopeUnit({ db: o.db, scope: telecomScope });
  console.log(`# Telecom — ${tUnit?.fullName} (${telecomScope.unitId}) at ${telecomDate}: hamlets without each service (spatial join)\n`);
  console.log(`| view | ${TELECOM_GAPS.join(" | ")} | hamlets |`);
  console.log(`|---|${TELECOM_GAPS.map(() => "---").join("|")}|---|`);
  for (const view of TELECOM_VIEWS) {
    const t = await telecomGapHamlets({ db: o.db, scope: telecomScope, date: telecomDate, view });
    console.log(`| ${view} | ${TELECOM_GAPS.map((g) => t.counts[g]).join(" | ")} | ${t.hamletsTotal} |`);
  }
} finally {
  await o.close();
}

function raw(f: string, v: number): string {
  if (f === "distance") return `${v.toFixed(1)} km`;
  if (f === "poverty" || f === "targetGap") return `${(v * 100).toFixed(1)} %`;
  if (f === "remaining") return v > 0 && v < 5 ? "<5" : String(v);
  return String(v);
}

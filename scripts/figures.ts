// npm run figures — every published figure next to what the app computes from the database in use.
import { openDbFromEnv } from "../db/client";
import { checkFigure, readPublishedFigures } from "@/app/_screens/figures";

const o = await openDbFromEnv();
try {
  const rows = [];
  for (const r of readPublishedFigures()) {
    const { unitId, got, ok } = await checkFigure(o.db, r);
    rows.push({
      id: r.id,
      date: r.as_of,
      unit: unitId,
      metric: r.metric,
      computed: typeof got === "number" && !Number.isInteger(got) ? Number(got.toFixed(4)) : got,
      published: `${r.comparator} ${r.value}`,
      ok: ok ? "yes" : "NO",
    });
  }
  console.table(rows);
  console.log(`${rows.filter((r) => r.ok === "yes").length} of ${rows.length} figures hold`);
} finally {
  await o.close();
}

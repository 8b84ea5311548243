// TEMPORARY STUB — replaced by the lead
// Serves the 129 pre-2025 communes of Điện Biên as stand-in "hamlets" with fake, deterministic counts,
// so the map can be built before the database-backed handler exists. Not real data of any kind.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const query = z.object({
  unit: z.string().regex(/^(p|d|c19|c25|h)-[0-9a-z-]+$/, "must be a unit id such as p-11"),
  structure: z.enum(["pre2025", "post2025"]),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(),
});

type Props = Record<string, unknown> & { code: string; name: string; type: string; district_name: string; new2025_name: string; pop2019: number; label_lon: number; label_lat: number };

export async function GET(request: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return Response.json({ error: "Invalid query", issues }, { status: 400 });
  }
  const file = path.join(process.cwd(), "db/demo/data/dienbien_communes_2019-2025.geojson");
  const communes = JSON.parse(await readFile(file, "utf8")) as { features: { geometry: unknown; properties: Props }[] };
  const asOf = parsed.data.date ?? "2023-06-30";
  const features = communes.features.map((f, i) => {
    const p = f.properties;
    const noData = i % 23 === 7;
    const eligible = i % 31 === 3 ? 3 : Math.round(p.pop2019 * 0.78);
    const share = (n: number) => Math.round(eligible * n);
    const activatedShare = 0.4 + ((hash(p.code) % 1000) / 1000) * 0.6;
    const counts = noData
      ? { eligible: null, cccdIssued: null, received: null, activated: null, level2: null, activationRate: null }
      : {
          eligible,
          cccdIssued: share(Math.min(1, activatedShare + 0.15)),
          received: share(Math.min(1, activatedShare + 0.08)),
          activated: share(activatedShare),
          level2: share(activatedShare * 0.7),
          activationRate: eligible > 0 ? share(activatedShare) / eligible : null,
        };
    return {
      type: "Feature",
      geometry: f.geometry,
      properties: {
        id: `h-stub-${p.code}`,
        code: p.code,
        name: p.name,
        type: "bản",
        communeName: parsed.data.structure === "post2025" ? p.new2025_name : p.name,
        districtName: parsed.data.structure === "post2025" ? null : p.district_name,
        labelLon: p.label_lon,
        labelLat: p.label_lat,
        asOf: noData ? null : asOf,
        ...counts,
      },
    };
  });
  return Response.json({
    type: "FeatureCollection",
    features,
    meta: {
      unit: { id: "p-11", name: "Điện Biên", bbox: [102.144, 20.893, 103.599, 22.548] },
      asOf,
      synthetic: true,
      source: "stub",
    },
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

// TEMPORARY STUB — replaced by the lead
// Serves the shipped Điện Biên boundary files as they are, with the contract's properties.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const query = z.object({
  unit: z.string().regex(/^(p|d|c19|c25|h)-[0-9a-z-]+$/, "must be a unit id such as p-11"),
  structure: z.enum(["pre2025", "post2025"]),
  level: z.enum(["province", "district", "commune"]),
});

export async function GET(request: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return Response.json({ error: "Invalid query", issues }, { status: 400 });
  }
  const { level, structure } = parsed.data;
  const name =
    level === "province"
      ? "dienbien_province.geojson"
      : level === "district"
        ? "dienbien_districts_2020-2025.geojson"
        : structure === "post2025"
          ? "dienbien_communes_2025.geojson"
          : "dienbien_communes_2019-2025.geojson";
  const file = path.join(process.cwd(), "db/demo/data", name);
  const fc = JSON.parse(await readFile(file, "utf8")) as {
    features: { geometry: unknown; properties: { code: string; name: string; full_name: string } }[];
  };
  return Response.json({
    type: "FeatureCollection",
    features: fc.features.map((f) => ({
      type: "Feature",
      geometry: f.geometry,
      properties: { id: `${level}-${f.properties.code}`, code: f.properties.code, name: f.properties.name, fullName: f.properties.full_name, level },
    })),
  });
}

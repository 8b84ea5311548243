// The explorer's route handlers called directly on a private copy of the seeded PGlite database:
// parse first (400 naming the bad parameter), 404 for a unit not in the structure, and sizes.
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, it, expect, beforeAll } from "vitest";
import { setupRouteEnv, type Handler } from "../support/route-env";

const env = setupRouteEnv();
const routes: Record<string, Handler> = {};

beforeAll(async () => {
  // As the demo planner of Điện Biên (p-11).
  for (const r of ["units", "attributes", "coverage", "sites", "history"]) routes[r] = await env.handler(`explorer/${r}`, "GET");
  routes.boundaries = await env.handler("boundaries", "GET");
});

const get = (route: string, query: string) => routes[route]!(new Request(`http://x/api/explorer/${route}?${query}`));

describe("explorer routes: bad requests", () => {
  it.each([
    ["units", "unit=p-11&structure=nope", "structure"],
    ["attributes", "unit=p-11&structure=post2025&date=2023-02-30", "date"],
    ["attributes", "unit=%3Cb%3E&structure=post2025", "unit"],
    ["coverage", "unit=p-11&structure=post2025", "date"],
    ["sites", "structure=post2025", "unit"],
    ["history", "unit=h-03211-01", "structure"],
  ])("%s?%s → 400 naming %s", async (route, query, param) => {
    const res = await get(route, query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual([param]);
  });

  it.each(["units", "attributes", "sites", "history"])("%s → 404 for a district after 2025", async (route) => {
    const res = await get(route, "unit=d-101&structure=post2025");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain("d-101");
  });
});

describe("explorer routes: data", () => {
  it("units gives the province's tree for any unit inside it", async () => {
    const res = await get("units", "unit=h-03211-01&structure=pre2025");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { province: { id: string }; units: { id: string; level: string }[] };
    expect(body.province.id).toBe("p-11");
    expect(body.units.filter((u) => u.level === "hamlet")).toHaveLength(1448);
  });

  it("answers gzip-compressed JSON to a client that asks for application/gzip, plain JSON otherwise", async () => {
    const q = "unit=p-11&structure=post2025&date=2023-06-30";
    const plain = await routes.attributes!(new Request(`http://x/api/explorer/attributes?${q}`));
    expect(plain.headers.get("content-type")).toContain("application/json");
    const text = await plain.text();
    const gz = await routes.attributes!(
      new Request(`http://x/api/explorer/attributes?${q}`, { headers: { accept: "application/gzip, application/json;q=0.9" } }),
    );
    expect(gz.headers.get("content-type")).toBe("application/gzip");
    const bytes = Buffer.from(await gz.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 3);
    expect(gunzipSync(bytes).toString("utf8")).toBe(text);
  });

  it("coverage gives polygons with coordinates rounded to 4 decimals", async () => {
    const res = await get("coverage", "unit=p-11&structure=post2025&date=2023-06-30");
    const body = (await res.json()) as { features: { geometry: { coordinates: number[][][] }; properties: { kind: string } }[] };
    expect(body.features.length).toBeGreaterThan(100);
    expect(new Set(body.features.map((f) => f.properties.kind))).toEqual(new Set(["grid", "2g", "3g", "4g", "fiber"]));
    const xs = body.features.flatMap((f) => f.geometry.coordinates.flat(2));
    expect(xs.every((x) => Math.abs(x * 1e4 - Math.round(x * 1e4)) < 1e-6)).toBe(true);
  });

  it("the province view transfers ≤ 1 MB (gzip), every layer on; the figures are printed", async () => {
    const parts: [string, string, string][] = [
      ["units", "units", "unit=p-11&structure=post2025"],
      ["hamlet geometry", "boundaries", "unit=p-11&structure=post2025&level=hamlet"],
      ["commune geometry", "boundaries", "unit=p-11&structure=post2025&level=commune"],
      ["province geometry", "boundaries", "unit=p-11&structure=post2025&level=province"],
      ["attributes", "attributes", "unit=p-11&structure=post2025&date=2023-06-30"],
      ["coverage", "coverage", "unit=p-11&structure=post2025&date=2023-06-30"],
      ["sites", "sites", "unit=p-11&structure=post2025"],
    ];
    const sizes: Record<string, { raw: number; gzip: number }> = {};
    for (const [name, route, q] of parts) {
      const text = await (await routes[route]!(new Request(`http://x/api/${route}?${q}`))).text();
      sizes[name] = { raw: Buffer.byteLength(text), gzip: gzipSync(text).length };
    }
    const total = (k: "raw" | "gzip", names = Object.keys(sizes)) => names.reduce((s, n) => s + sizes[n]![k], 0);
    const opening = ["units", "hamlet geometry", "commune geometry", "province geometry", "attributes"];
    console.log(
      "[province view] transfer per request (KB raw / gzip):\n" +
        Object.entries(sizes)
          .map(([n, s]) => `  ${n.padEnd(18)} ${(s.raw / 1024).toFixed(0).padStart(5)} / ${(s.gzip / 1024).toFixed(0).padStart(4)}`)
          .join("\n") +
        `\n  opening view       ${(total("raw", opening) / 1024).toFixed(0)} / ${(total("gzip", opening) / 1024).toFixed(0)} KB` +
        `\n  every layer on     ${(total("raw") / 1024).toFixed(0)} / ${(total("gzip") / 1024).toFixed(0)} KB`,
    );
    expect(total("gzip")).toBeLessThanOrEqual(1024 * 1024);
    // Changing the date refetches only the attributes: small next to the geometry.
    expect(sizes.attributes!.gzip).toBeLessThan(sizes["hamlet geometry"]!.gzip);
  });
});

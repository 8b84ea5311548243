// The API route handlers called directly, on a private copy of the seeded PGlite database:
// parse first (400 naming the bad parameter), 404 for a unit that is not there, and data that add up.
import { describe, it, expect, beforeAll } from "vitest";
import type { HamletMap } from "../../db/queries/map";
import { setupRouteEnv, type Handler } from "../support/route-env";

const env = setupRouteEnv();
let hamletsGET: Handler;
let boundariesGET: Handler;

beforeAll(async () => {
  // Imported only now: the routes open the database from the environment. As the demo planner of Điện Biên (p-11).
  hamletsGET = await env.handler("hamlets", "GET");
  boundariesGET = await env.handler("boundaries", "GET");
});

const get = (handler: () => Handler, query: string) => handler()(new Request(`http://x/api/route?${query}`));
const hamlets = (query: string) => get(() => hamletsGET, query);
const boundaries = (query: string) => get(() => boundariesGET, query);
const isNfc = (s: string) => s === s.normalize("NFC");

interface ErrorBody {
  error: string;
  issues: { path: string; message: string }[];
}

describe("GET /api/hamlets: bad requests", () => {
  it.each([
    ["structure", "unit=p-11&structure=nope"],
    ["unit", `unit=${encodeURIComponent("<script>")}&structure=post2025`],
    ["date", "unit=p-11&structure=post2025&date=2023-13-45"],
    ["structure", "unit=p-11"],
  ])("400 naming %s for %s", async (param, query) => {
    const res = await hamlets(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(typeof body.error).toBe("string");
    expect(body.issues.map((i) => i.path)).toEqual([param]);
    expect(body.issues[0]!.message.length).toBeGreaterThan(0);
  });

  it("404 for a unit of valid form that does not exist", async () => {
    const res = await hamlets("unit=p-99&structure=post2025");
    expect(res.status).toBe(404);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toContain("p-99");
    expect(body.issues).toEqual([]);
  });

  it("404 for a unit that exists only in the other structure (district d-101 after 2025)", async () => {
    expect((await hamlets("unit=d-101&structure=post2025")).status).toBe(404);
    expect((await hamlets("unit=d-101&structure=pre2025")).status).toBe(200);
  });
});

describe("GET /api/hamlets?unit=p-11&structure=post2025", () => {
  let latest: HamletMap;
  let sept2023: HamletMap;
  beforeAll(async () => {
    const [a, b] = await Promise.all([hamlets("unit=p-11&structure=post2025"), hamlets("unit=p-11&structure=post2025&date=2023-09-15")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    latest = await a.json();
    sept2023 = await b.json();
  });

  it("has Điện Biên's 1,448 hamlets, each with counts or null and a rate in [0, 1] or null", () => {
    expect(latest.type).toBe("FeatureCollection");
    expect(latest.features).toHaveLength(1448);
    expect(new Set(latest.features.map((f) => f.properties.id)).size).toBe(1448);
    const bad = latest.features.filter(
      ({ properties: p }) =>
        !(["eligible", "cccdIssued", "received", "activated", "level2"] as const).every((k) => p[k] === null || (Number.isInteger(p[k]) && p[k]! >= 0)) ||
        !(p.activationRate === null || (p.activationRate >= 0 && p.activationRate <= 1)) ||
        !Array.isArray(p.suppressed),
    );
    expect(bad.slice(0, 3).map((f) => JSON.stringify(f.properties))).toEqual([]);
    expect(latest.features.filter((f) => f.properties.activationRate !== null).length).toBeGreaterThan(1400);
  });

  it("says the data are synthetic, and is of the latest report without a date", () => {
    expect(latest.meta.synthetic).toBe(true);
    expect(latest.meta.unit.id).toBe("p-11");
    expect(latest.meta.asOf).toBe("2025-12-31");
  });

  it("on 2023-09-15 the hamlets' received sum to the published 374,051 (DB-04), none withheld", () => {
    expect(sept2023.meta.asOf).toBe("2023-09-15");
    // A withheld (small) count would be missing from the sum, so there must be none.
    expect(sept2023.features.filter((f) => f.properties.suppressed.includes("received")).map((f) => f.properties.id)).toEqual([]);
    expect(sept2023.features.every((f) => f.properties.asOf === "2023-09-15")).toBe(true);
    expect(sept2023.features.reduce((s, f) => s + (f.properties.received ?? 0), 0)).toBe(374_051);
  });

  it("sends names in Unicode NFC", () => {
    const notNfc = latest.features.filter((f) => !isNfc(f.properties.name) || !isNfc(f.properties.communeName)).map((f) => f.properties.id);
    expect(notNfc).toEqual([]);
    expect(isNfc(latest.meta.unit.name)).toBe(true);
  });
});

describe("GET /api/boundaries", () => {
  it.each([
    ["post2025", 45],
    ["pre2025", 129],
  ] as const)("level=commune for p-11 %s gives %i communes, names in NFC", async (structure, n) => {
    const res = await boundaries(`unit=p-11&structure=${structure}&level=commune`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { features: { properties: { id: string; level: string; name: string; fullName: string } }[] };
    expect(body.features).toHaveLength(n);
    expect(new Set(body.features.map((f) => f.properties.level))).toEqual(new Set(["commune"]));
    expect(body.features.every((f) => f.properties.id.startsWith(structure === "pre2025" ? "c19-" : "c25-"))).toBe(true);
    expect(body.features.filter((f) => !isNfc(f.properties.name) || !isNfc(f.properties.fullName)).map((f) => f.properties.id)).toEqual([]);
  });

  it("400 naming level for level=village", async () => {
    const res = await boundaries("unit=p-11&structure=post2025&level=village");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).issues.map((i) => i.path)).toEqual(["level"]);
  });
});

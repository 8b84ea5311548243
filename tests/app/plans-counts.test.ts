// runPlans by counts mode: "exact" (planners) shows the Wi-Fi gains, running sums and team totals as
// computed; "withheld" (default) withholds 1–4 and the complementary cells of cumulative_k =
// cumulative_k−1 + gain_k and served = Σ teams, so no withheld one follows by subtraction.
import { describe, expect, it } from "vitest";
import type { PlanInputs } from "@/db/queries/plans";
import { runRequestSchema } from "@/geo/plan-schema";
import { runPlans } from "@/app/_screens/plans";

const KM = 180 / (Math.PI * 6371.0088);
/** Ten hamlets with few people not activated (3 … 12 each), so the gains are small. */
function inputs(): PlanInputs {
  const hamlets = Array.from({ length: 10 }, (_, i) => ({
    id: `h-00001-${String(i + 1).padStart(2, "0")}`,
    name: `Bản ${i + 1}`,
    communeName: "Xã A",
    lon: 103 + (i + 1) * 3 * KM,
    lat: 21,
    asOf: "2023-11-06",
    eligible: 100,
    activated: 100 - (3 + i),
    away: 0,
    broadband: false,
  }));
  const sites = [
    { id: 1, kind: "commune_hq" as const, name: "Trụ sở xã", hamletId: hamlets[0]!.id, lon: 103, lat: 21, power: "grid" as const, backhaul: "fiber" as const },
    ...hamlets.map((h, i) => ({
      id: 10 + i,
      kind: "school" as const,
      name: `Điểm ${h.name}`,
      hamletId: h.id,
      lon: h.lon,
      lat: h.lat,
      power: "grid" as const,
      backhaul: "fiber" as const,
    })),
  ];
  return { unit: { id: "c19-00001", name: "Xã Thử", bbox: [103, 20.9, 103.3, 21.1] }, date: "2023-11-06", hamlets, sites };
}
const request = runRequestSchema.parse({
  unit: "c19-00001",
  structure: "pre2025",
  date: "2023-11-06",
  wifi: { maxSites: 10, radiusKm: 1 },
  teams: { teams: 2, days: 2 },
});

/** In total = Σ parts with shown/withheld cells: derivable when one alone is withheld, or all withheld parts are small and the rest leaves them 1 each. */
function giveaway(total: number | null, parts: (number | null)[], exactParts: number[]): boolean {
  const cells = [total, ...parts];
  const hidden = cells.filter((c) => c === null).length;
  if (hidden === 1) return true;
  if (hidden === 0 || total === null) return false;
  const rest = total - parts.reduce<number>((s, c) => s + (c ?? 0), 0);
  const lo = exactParts.filter((_, i) => parts[i] === null).reduce((s, v) => s + (v < 5 ? 1 : 5), 0);
  return rest === lo;
}

describe("runPlans counts mode", () => {
  it("exact: as computed; withheld (the default): small ones and their complements withheld, none derivable", () => {
    const exact = runPlans(inputs(), request, undefined, "exact");
    const withheld = runPlans(inputs(), request);
    const picks = exact.wifi.picks;
    expect(picks.length).toBeGreaterThan(2);
    // Exact: running sums add up, the total is the last.
    picks.forEach((p, k) => expect(p.cumulative).toBe((k ? picks[k - 1]!.cumulative! : 0) + p.gain!));
    expect(exact.wifi.peopleReached).toBe(picks.at(-1)!.cumulative);
    expect(exact.teams.totals.served).toBe(exact.teams.itineraries.reduce((s, it) => s + it.served!, 0));
    expect(
      picks.some((p) => p.gain! > 0 && p.gain! < 5),
      JSON.stringify(picks.map((p) => [p.gain, p.cumulative])),
    ).toBe(true);

    const w = withheld.wifi.picks;
    let complementary = 0;
    picks.forEach((p, k) => {
      if (p.gain! > 0 && p.gain! < 5) expect(w[k]!.gain).toBeNull();
      if (w[k]!.gain !== null) expect(w[k]!.gain).toBe(p.gain);
      if (w[k]!.gain === null && p.gain! >= 5) complementary++;
      if (w[k]!.cumulative === null && p.cumulative! >= 5) complementary++;
      const prev = k ? w[k - 1]!.cumulative : 0;
      expect(giveaway(w[k]!.cumulative, [prev, w[k]!.gain], [k ? picks[k - 1]!.cumulative! : 0, p.gain!]), `pick ${k}`).toBe(false);
    });
    expect(complementary).toBeGreaterThan(0);
    const served = withheld.teams.itineraries.map((it) => it.served);
    expect(
      giveaway(
        withheld.teams.totals.served,
        served,
        exact.teams.itineraries.map((it) => it.served!),
      ),
    ).toBe(false);
  });
});

import { describe, it, expect } from "vitest";
import * as geo from "../../geo";

describe("geo/index", () => {
  it("re-exports every public function", () => {
    for (const name of [
      "rate",
      "funnelRates",
      "coverageJoin",
      "coveredMask",
      "classBreaks",
      "classify",
      "foldName",
      "toNFC",
      "stripUnitPrefix",
      "hamletCells",
      "randomPointsInPolygon",
      "labelPoint",
      "bbox4",
      "haversineKm",
      "placeSites",
      "planTeams",
      "forecastTarget",
      "gapCauses",
      "priorityFactors",
      "priorityScores",
      "telecomGaps",
    ]) {
      expect(typeof (geo as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

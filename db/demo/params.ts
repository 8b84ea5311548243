/**
 * Everything the demo generator is told, in one place: its seed and version, the areas, the dates,
 * and the calibration table — each entry names the published figure (its id in
 * db/demo/data/published-figures.csv) it stands for. The generator solves hamlet-level counts so that the
 * app's own sums reproduce these; tests/db/published-figures.test.ts checks the CSV independently.
 */

export const GENERATOR_VERSION = "1.0.0";
export const DEMO_SEED = 20230915;

export const PRE_2025_TO = "2025-06-30";
export const POST_2025_FROM = "2025-07-01";

export interface AreaConfig {
  key: "dienbien" | "thuongxuan" | "dabac";
  provincePre: string;
  provincePost: string;
  provinceFile?: string;
  communesFile: string;
  districtsFile?: string;
  newCommunesFile?: string;
  hamletType: "bản" | "thôn" | "xóm";
  hamletTotal: number;
  /** Published hamlet counts per district code. */
  districtHamlets: Record<string, number>;
  /** Where a successor of a split commune lies when none of its predecessors is whole in the area. */
  successorReferencePoints?: Record<string, [number, number]>;
  /** Successors that extend outside the demo area. */
  partialSuccessors?: string[];
}

export const AREAS: AreaConfig[] = [
  {
    key: "dienbien",
    provincePre: "11",
    provincePost: "11",
    provinceFile: "dienbien_province.geojson",
    communesFile: "dienbien_communes_2019-2025.geojson",
    districtsFile: "dienbien_districts_2020-2025.geojson",
    newCommunesFile: "dienbien_communes_2025.geojson",
    hamletType: "bản",
    hamletTotal: 1448, // DB-07: 1.448 bản in the province
    districtHamlets: { "101": 198, "103": 121 }, // DBD-09: 198 bản in Điện Biên Đông; Nậm Pồ 105+13+3 = 121 (NP-02..04)
  },
  {
    key: "thuongxuan",
    provincePre: "38",
    provincePost: "38",
    communesFile: "thuongxuan_communes_2019-2025.geojson",
    hamletType: "thôn",
    hamletTotal: 128, // not published: about one thôn per 700 people, as in the province
    districtHamlets: {},
  },
  {
    key: "dabac",
    provincePre: "17",
    provincePost: "25",
    communesFile: "dabac_communes_2019-2025.geojson",
    hamletType: "xóm",
    hamletTotal: 122, // DBAC-02: 122 xóm
    districtHamlets: {},
    // Phường Thống Nhất (04828) takes part of Vầy Nưa plus three wards of the former TP Hòa Bình,
    // whose centre is here (105.338 E, 20.817 N): Vầy Nưa's hamlets nearer to it than to Tiền Phong go there.
    successorReferencePoints: { "04828": [105.338, 20.817] },
    partialSuccessors: ["04828"],
  },
];

/** First and last month of the monthly snapshots. */
export const FIRST_MONTH = "2022-08";
export const LAST_MONTH = "2025-12";

/**
 * Reports are monthly; in a month where an article reports figures for a province, the report
 * (snapshot) date is that day, otherwise the last day of the month.
 */
export const REPORT_DAYS: Record<string, Record<string, string>> = {
  dienbien: { "2022-08": "2022-08-25", "2023-09": "2023-09-15", "2023-11": "2023-11-06" },
  thuongxuan: { "2022-11": "2022-11-20" },
  dabac: { "2023-02": "2023-02-28" },
};

/** Coverage layers are delivered yearly; each is valid until the next one. */
export const COVERAGE_VERSIONS = ["2022-01-01", "2023-07-01", "2024-07-01", "2025-07-01"] as const;

/** A calibration anchor: the sum over `unit`'s hamlets of `metric` at `date` should be `value`. */
export interface Anchor {
  unit: string;
  date: string;
  metric:
    | "eligible"
    | "residents"
    | "cccdIssued"
    | "received"
    | "activated"
    | "households"
    | "poorOrNearPoor"
    | "poorShare"
    | "withoutSmartphone"
    | "simNeed"
    | "ethnicMinority"
    | "reasonAway"
    | "reasonElderlySick";
  value: number;
  /** "exact": integers summing exactly to value; "approx": the continuous sum hits value, rounding may move it slightly. */
  kind: "exact" | "approx";
  figure: string;
}

const DB = "2023-09-15",
  DBD = "2023-11-06",
  NP = "2022-08-25",
  TX = "2022-11-20",
  DBAC = "2023-02-28";

export const ANCHORS: Anchor[] = [
  // Điện Biên province, 15/09/2023 (article 003).
  { unit: "p-11", date: DB, metric: "received", value: 374_051, kind: "exact", figure: "DB-04" },
  { unit: "p-11", date: DB, metric: "activated", value: 312_190, kind: "exact", figure: "DB-06" },
  { unit: "p-11", date: DB, metric: "simNeed", value: 30_561, kind: "exact", figure: "DB-15" },
  { unit: "p-11", date: DB, metric: "withoutSmartphone", value: 0.3, kind: "approx", figure: "DB-09 (rate of eligible)" },
  { unit: "p-11", date: DB, metric: "ethnicMinority", value: 0.835, kind: "approx", figure: "DB-16 (> 82 % of residents)" },
  { unit: "p-11", date: DB, metric: "poorOrNearPoor", value: 0.3035 + 0.0963, kind: "approx", figure: "DB-13 + DB-14 (rate of households)" },
  { unit: "p-11", date: DB, metric: "poorShare", value: 0.3035 / (0.3035 + 0.0963), kind: "approx", figure: "DB-13 (poor share of poor + near-poor)" },
  { unit: "d-102", date: DB, metric: "received", value: 30_023, kind: "exact", figure: "DB-02" },
  { unit: "d-102", date: DB, metric: "activated", value: 20_781, kind: "exact", figure: "DB-03" },
  // Điện Biên Đông, 06/11/2023 (article 000).
  { unit: "d-101", date: DBD, metric: "eligible", value: 47_700, kind: "exact", figure: "DBD-03" },
  { unit: "d-101", date: DBD, metric: "received", value: 44_120, kind: "approx", figure: "DBD-02 (> 44.000)" },
  { unit: "d-101", date: DBD, metric: "activated", value: 41_120, kind: "approx", figure: "DBD-08 (received − activated ≈ 3.000)" },
  { unit: "d-101", date: DBD, metric: "reasonAway", value: 2_600, kind: "approx", figure: "DBD-04" },
  { unit: "d-101", date: DBD, metric: "poorShare", value: 0.48 / 0.58, kind: "approx", figure: "DBD-12 (poor ≈ 48 %, with poor + near-poor 58 %)" },
  { unit: "d-101", date: DBD, metric: "poorOrNearPoor", value: 0.58, kind: "approx", figure: "DBD-12" },
  { unit: "d-101", date: DBD, metric: "withoutSmartphone", value: 0.6, kind: "approx", figure: "DBD-13 (> 58 %)" },
  { unit: "c19-03205", date: DBD, metric: "eligible", value: 3_000, kind: "approx", figure: "DBD-05 (Na Son ≈ 3.000)" },
  { unit: "c19-03205", date: DBD, metric: "received", value: 2_667, kind: "approx", figure: "DBD-06 (89 %) and DBD-07 (> 300 not received)" },
  // Nậm Pồ, 25/08/2022 (article 001).
  { unit: "d-103", date: NP, metric: "received", value: 14_260, kind: "approx", figure: "NP-09 (> 14.177)" },
  { unit: "d-103", date: NP, metric: "poorOrNearPoor", value: 6_780, kind: "exact", figure: "NP-05" },
  { unit: "d-103", date: NP, metric: "households", value: 10_848, kind: "approx", figure: "NP-06 (6.780 = 62,5 % of households)" },
  { unit: "c19-03198", date: NP, metric: "cccdIssued", value: 2_356, kind: "exact", figure: "NP-10 (Phìn Hồ)" },
  // Thường Xuân, 20/11/2022 (article 002).
  { unit: "d-396", date: TX, metric: "cccdIssued", value: 77_894, kind: "exact", figure: "TX-02" },
  { unit: "d-396", date: TX, metric: "eligible", value: 89_450, kind: "approx", figure: "TX-03 (87,1 % of eligible)" },
  { unit: "d-396", date: TX, metric: "residents", value: 91_200, kind: "approx", figure: "TX-01 (> 90.000)" },
  { unit: "d-396", date: TX, metric: "received", value: 12_174, kind: "exact", figure: "TX-04" },
  // Đà Bắc, 28/02/2023 (article 004).
  { unit: "d-150", date: DBAC, metric: "cccdIssued", value: 43_425, kind: "exact", figure: "DBAC-03" },
  { unit: "d-150", date: DBAC, metric: "eligible", value: 43_425 + 2_545, kind: "exact", figure: "DBAC-04 (2.545 not yet issued a CCCD)" },
  { unit: "d-150", date: DBAC, metric: "received", value: 10_978, kind: "exact", figure: "DBAC-07" },
  { unit: "d-150", date: DBAC, metric: "reasonElderlySick", value: 412, kind: "exact", figure: "DBAC-06" },
];

/** Targets (chỉ tiêu). District targets not published are derived from the district's own data (see series.ts). */
export const TARGETS = [
  { unit: "p-11", metric: "received", period: ["2023-01-01", "2023-12-31"], value: 357_950, figure: "DB-05 (374.051 = 104,5 %)" },
  { unit: "d-102", metric: "received", period: ["2023-01-01", "2023-12-31"], value: 29_106, figure: "DB-01" },
  { unit: "d-101", metric: "received", period: ["2023-01-01", "2023-12-31"], value: 43_250, figure: "DBD-01 (> 43.200)" },
  { unit: "d-396", metric: "received", period: ["2022-01-01", "2022-12-31"], value: 77_894, figure: "TX-05, TX-06 (12.174 = 15,7 %; 65.720 remaining)" },
] as const;

/** Districts the article says reached 100 % of their 2023 target (DB-17..DB-20, besides Mường Ảng). */
export const DISTRICTS_AT_TARGET_2023 = ["d-094", "d-095", "d-100"];

/** Figures reported only above the hamlet: stored as reported, with their source. */
export const UNIT_FIGURES = [
  { unit: "d-103", asOf: NP, metric: "permanent_residents", value: 58_661, figure: "NP-07" },
  { unit: "d-103", asOf: NP, metric: "temporary_residents", value: 3_244, figure: "NP-08" },
  { unit: "d-103", asOf: NP, metric: "online_dossiers_national_portal", value: 1_368, figure: "NP-14 (> 1.362; the synthetic report says 1.368)" },
  { unit: "c19-03198", asOf: NP, metric: "cccd_integrated", value: 1_108, figure: "NP-11" },
  { unit: "d-396", asOf: TX, metric: "cccd_dossiers_pending", value: 1_223, figure: "TX-07" },
  { unit: "d-396", asOf: TX, metric: "cccd_dossiers_total", value: 2_376, figure: "TX-08" },
  { unit: "p-11", asOf: DB, metric: "enrollment_kits", value: 70, figure: "DB-21" },
  { unit: "d-094", asOf: DB, metric: "sims_donated_mobifone", value: 515, figure: "DB-22" },
  { unit: "d-100", asOf: DB, metric: "sims_donated_viettel", value: 500, figure: "DB-23" },
  { unit: "d-100", asOf: DB, metric: "sims_donated_social", value: 500, figure: "DB-24" },
  { unit: "d-096", asOf: DB, metric: "sims_donated_social", value: 600, figure: "DB-25" },
  { unit: "p-11", asOf: DB, metric: "sims_donated_vnpt", value: 2_180, figure: "DB-26" },
  { unit: "d-150", asOf: DBAC, metric: "away_unknown_address", value: 384, figure: "DBAC-05" },
  { unit: "d-150", asOf: DBAC, metric: "essential_services_deployed", value: 11, figure: "DBAC-09" },
] as const;

/**
 * Infrastructure counts per coverage version (the join of hamlet points with the generated
 * coverage polygons must give these). Keys: unit → counts of hamlets.
 */
export const INFRA_TARGETS = {
  "2022-01-01": {
    // Nậm Pồ, 25/08/2022: best mobile signal good 105, weak 13, none 3 (NP-02..04).
    "d-103": { signalWeak: 13, signalNone: 3 },
  },
  "2023-07-01": {
    // Province, 15/09/2023 (DB-08, DB-10..12) and Điện Biên Đông, 06/11/2023 (DBD-10, DBD-11).
    "p-11": { noGrid: 129, no2g: 15, noBroadband: 79, noFiber: 165 },
    "d-101": { noGrid: 26, noBroadband: 40 },
  },
} as const;

/** Háng Pa (Chiềng Sơ): no grid power, weak signal (DBD-14, DBD-15). */
export const HANG_PA = { commune: "c19-03211", name: "Háng Pa" };

/** Other spellings of communes, seen in the sources (db/demo/data/SOURCES.md), kept as aliases. */
export const COMMUNE_ALIASES: Record<string, string[]> = {
  "03177": ["Huổi Lếch"],
  "03197": ["Xá Lông"],
  "03223": ["Sín Chải"], // the spelling of Resolution 1661/NQ-UBTVQH15
  "03368": ["Pu Luông"],
};

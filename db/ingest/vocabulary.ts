import { foldName } from "../../geo/names";

/**
 * The header vocabulary: for each kind of table, the fields of the data model and the ways people
 * write their column headers, in Vietnamese (as typed in commune reports) and English. Written by
 * hand — no library knows how Vietnamese commune police label their columns — and tested in
 * tests/ingest/vocabulary.test.ts. Headers are compared folded (no diacritics, lower case, đ → d,
 * punctuation as spaces); the longest synonym contained in a header wins, a whole-header match
 * beats any containment.
 */

export const TABLE_KINDS = ["indicators", "targets", "sites", "hamlets"] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export interface FieldDef {
  /** Field of the data model (camelCase as in db/schema). */
  key: string;
  /** What the value is: a name, a code, a count, a date, a coordinate, a free text, or a column to ignore. */
  type: "name" | "code" | "count" | "date" | "coord" | "text" | "ignore";
  /** Header spellings (any case and diacritics; folded before use). */
  synonyms: readonly string[];
}

const IGNORE: FieldDef[] = [
  { key: "_rowNumber", type: "ignore", synonyms: ["stt", "tt", "số thứ tự", "no", "no.", "#", "ord"] },
  { key: "_rate", type: "ignore", synonyms: ["tỷ lệ", "tỉ lệ", "%", "rate", "percent", "tỷ lệ %", "tỷ lệ (%)"] },
  { key: "_note", type: "ignore", synonyms: ["ghi chú", "note", "notes", "remarks", "chú thích"] },
];

const PLACE: FieldDef[] = [
  {
    key: "commune",
    type: "name",
    synonyms: [
      "xã",
      "tên xã",
      "xã/phường",
      "xã, phường, thị trấn",
      "xã/phường/thị trấn",
      "phường/xã",
      "đơn vị hành chính cấp xã",
      "đơn vị cấp xã",
      "commune",
      "commune name",
      "commune/ward",
      "ward",
    ],
  },
  { key: "communeCode", type: "code", synonyms: ["mã xã", "mã đơn vị hành chính xã", "mã đvhc xã", "mã đơn vị cấp xã", "commune code", "commune id"] },
  {
    key: "hamlet",
    type: "name",
    synonyms: [
      "bản",
      "thôn",
      "xóm",
      "tổ dân phố",
      "tên bản",
      "tên thôn",
      "tên xóm",
      "thôn/bản",
      "bản/thôn",
      "thôn, bản",
      "thôn, bản, tổ dân phố",
      "thôn/bản/tổ dân phố",
      "thôn, xóm, bản, tổ dân phố",
      "tên thôn/bản",
      "tên thôn, bản",
      "đơn vị",
      "tên đơn vị",
      "địa bàn",
      "hamlet",
      "hamlet name",
      "village",
      "village name",
      "unit",
      "unit name",
    ],
  },
  {
    key: "hamletCode",
    type: "code",
    synonyms: ["mã bản", "mã thôn", "mã thôn/bản", "mã đơn vị", "mã", "hamlet code", "hamlet id", "unit id", "unit code", "code"],
  },
];

const INDICATORS: FieldDef[] = [
  ...PLACE,
  {
    key: "asOf",
    type: "date",
    synonyms: [
      "ngày",
      "ngày báo cáo",
      "thời điểm",
      "thời điểm báo cáo",
      "kỳ báo cáo",
      "tính đến ngày",
      "số liệu đến ngày",
      "tháng",
      "date",
      "as of",
      "report date",
      "as_of",
      "month",
    ],
  },
  {
    key: "eligible",
    type: "count",
    synonyms: [
      "số nhân khẩu đủ điều kiện",
      "nhân khẩu đủ điều kiện",
      "đủ điều kiện",
      "số người đủ điều kiện",
      "số công dân đủ điều kiện",
      "công dân từ 14 tuổi trở lên",
      "từ 14 tuổi trở lên",
      "đủ điều kiện cấp",
      "eligible",
      "eligible people",
      "eligible (14+)",
    ],
  },
  {
    key: "cccdIssued",
    type: "count",
    synonyms: [
      "đã cấp cccd",
      "số cccd đã cấp",
      "cccd đã cấp",
      "cccd",
      "căn cước công dân",
      "căn cước đã cấp",
      "đã cấp căn cước",
      "cccd issued",
      "id cards issued",
      "cccd_issued",
    ],
  },
  {
    key: "received",
    type: "count",
    synonyms: [
      "đã thu nhận",
      "thu nhận",
      "số đã thu nhận",
      "số hồ sơ đã thu nhận",
      "hồ sơ định danh đã thu nhận",
      "số thu nhận",
      "received",
      "applications received",
    ],
  },
  {
    key: "activated",
    type: "count",
    synonyms: ["đã kích hoạt", "kích hoạt", "số đã kích hoạt", "số tài khoản đã kích hoạt", "tài khoản đã kích hoạt", "activated", "accounts activated"],
  },
  {
    key: "level2",
    type: "count",
    synonyms: ["mức độ 2", "mức 2", "tài khoản mức độ 2", "định danh mức độ 2", "đã kích hoạt mức độ 2", "level 2", "level2", "level-2"],
  },
  {
    key: "reasonAway",
    type: "count",
    synonyms: ["vắng mặt", "vắng mặt tại địa phương", "đi làm ăn xa", "đi làm xa", "away", "absent", "reason away", "reason_away"],
  },
  {
    key: "reasonElderlySick",
    type: "count",
    synonyms: [
      "già yếu, ốm đau",
      "già yếu ốm đau",
      "già yếu",
      "ốm đau",
      "người già, ốm đau",
      "elderly/sick",
      "elderly or sick",
      "elderly sick",
      "reason elderly sick",
      "reason_elderly_sick",
    ],
  },
  {
    key: "reasonNoPhoneNumber",
    type: "count",
    synonyms: ["không có số điện thoại", "chưa có số điện thoại", "không có sđt", "no phone number", "reason no phone number", "reason_no_phone_number"],
  },
  {
    key: "reasonSimNotOwn",
    type: "count",
    synonyms: [
      "sim không chính chủ",
      "sim chưa chính chủ",
      "sim không đứng tên",
      "sim not own",
      "sim not in own name",
      "reason sim not own",
      "reason_sim_not_own",
    ],
  },
  {
    key: "reasonNoSmartphone",
    type: "count",
    synonyms: [
      "không có điện thoại thông minh",
      "chưa có điện thoại thông minh",
      "không có smartphone",
      "no smartphone",
      "reason no smartphone",
      "reason_no_smartphone",
    ],
  },
  {
    key: "reasonHandset2g",
    type: "count",
    synonyms: [
      "điện thoại 2g",
      "máy 2g",
      "dùng điện thoại 2g",
      "chỉ có điện thoại 2g",
      "handset 2g",
      "2g handset",
      "2g only handset",
      "reason handset 2g",
      "reason_handset_2g",
    ],
  },
  {
    key: "reasonNoSignal",
    type: "count",
    synonyms: ["không có sóng", "mất sóng", "không có sóng điện thoại", "chưa có sóng", "no signal", "reason no signal", "reason_no_signal"],
  },
  { key: "reasonOther", type: "count", synonyms: ["lý do khác", "khác", "other", "other reason", "reason other", "reason_other"] },
  {
    key: "residents",
    type: "count",
    synonyms: ["tổng số nhân khẩu", "số nhân khẩu", "nhân khẩu", "dân số", "số dân", "residents", "population", "total residents"],
  },
  {
    key: "ethnicMinority",
    type: "count",
    synonyms: ["dân tộc thiểu số", "người dân tộc thiểu số", "số người dân tộc thiểu số", "ethnic minority", "ethnic minority residents", "ethnic_minority"],
  },
  { key: "households", type: "count", synonyms: ["số hộ", "tổng số hộ", "hộ gia đình", "số hộ gia đình", "households"] },
  { key: "poorHouseholds", type: "count", synonyms: ["hộ nghèo", "số hộ nghèo", "poor households", "poor_households"] },
  {
    key: "nearPoorHouseholds",
    type: "count",
    synonyms: ["hộ cận nghèo", "số hộ cận nghèo", "near-poor households", "near poor households", "near_poor_households"],
  },
  {
    key: "withoutSmartphone",
    type: "count",
    synonyms: [
      "số người không có điện thoại thông minh",
      "người không có điện thoại thông minh",
      "số người chưa có điện thoại thông minh",
      "người chưa có smartphone",
      "people without a smartphone",
      "without smartphone",
      "without_smartphone",
    ],
  },
  { key: "simNeed", type: "count", synonyms: ["cần hỗ trợ sim", "nhu cầu sim", "cần sim", "số người cần sim", "sim need", "need a sim", "sim_need"] },
  ...IGNORE,
];

const TARGETS: FieldDef[] = [
  ...PLACE,
  { key: "year", type: "text", synonyms: ["năm", "year", "năm kế hoạch"] },
  { key: "periodStart", type: "date", synonyms: ["từ ngày", "bắt đầu", "period start", "from", "start"] },
  { key: "periodEnd", type: "date", synonyms: ["đến ngày", "kết thúc", "period end", "to", "end", "hạn"] },
  {
    key: "targetReceived",
    type: "count",
    synonyms: ["chỉ tiêu thu nhận", "chỉ tiêu", "chỉ tiêu thu nhận hồ sơ", "target received", "target", "received target"],
  },
  { key: "targetActivated", type: "count", synonyms: ["chỉ tiêu kích hoạt", "target activated", "activated target"] },
  { key: "targetLevel2", type: "count", synonyms: ["chỉ tiêu mức độ 2", "target level 2", "level 2 target"] },
  { key: "targetCccdIssued", type: "count", synonyms: ["chỉ tiêu cccd", "chỉ tiêu cấp cccd", "target cccd", "cccd target"] },
  ...IGNORE,
];

const COORDS: FieldDef[] = [
  { key: "lat", type: "coord", synonyms: ["vĩ độ", "vi do", "lat", "latitude", "y"] },
  { key: "lon", type: "coord", synonyms: ["kinh độ", "kinh do", "lon", "lng", "long", "longitude", "x"] },
  {
    key: "coords",
    type: "text",
    synonyms: ["tọa độ", "toạ độ", "tọa độ (vĩ độ, kinh độ)", "coordinates", "coords", "lat, lon", "lat/lon", "vị trí", "location"],
  },
];

const SITES: FieldDef[] = [
  { key: "siteKind", type: "text", synonyms: ["loại", "loại điểm", "loại công trình", "kind", "type", "site kind", "site type"] },
  { key: "siteName", type: "name", synonyms: ["tên điểm", "tên công trình", "tên", "tên địa điểm", "name", "site name", "site"] },
  ...PLACE,
  ...COORDS,
  { key: "power", type: "text", synonyms: ["điện", "nguồn điện", "power", "power supply"] },
  { key: "backhaul", type: "text", synonyms: ["kết nối", "đường truyền", "internet", "backhaul", "connection"] },
  ...IGNORE,
];

const HAMLETS: FieldDef[] = [...PLACE, { key: "hamletType", type: "text", synonyms: ["loại", "loại đơn vị", "type", "hamlet type"] }, ...COORDS, ...IGNORE];

export const VOCABULARY: Record<TableKind, readonly FieldDef[]> = { indicators: INDICATORS, targets: TARGETS, sites: SITES, hamlets: HAMLETS };

/** Fields a table of the kind must map (at least one of each inner list). */
export const REQUIRED: Record<TableKind, readonly (readonly string[])[]> = {
  indicators: [["hamlet", "hamletCode", "commune", "communeCode"], ["eligible"], ["received"], ["activated"]],
  targets: [
    ["hamlet", "hamletCode", "commune", "communeCode"],
    ["targetReceived", "targetActivated", "targetLevel2", "targetCccdIssued"],
    ["year", "periodEnd"],
  ],
  sites: [["siteKind"], ["siteName"], ["lat", "coords"]],
  hamlets: [
    ["hamlet", "hamletCode"],
    ["lat", "coords"],
  ],
};

/** A header as compared: folded, punctuation as spaces, "%" kept as a word. */
export function normalizeHeader(h: string): string {
  return foldName(h.replace(/%/g, " % "))
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();
}

const FOLDED = new Map<TableKind, { key: string; syn: string }[]>(
  TABLE_KINDS.map((k) => [k, VOCABULARY[k].flatMap((f) => f.synonyms.map((s) => ({ key: f.key, syn: normalizeHeader(s) })))]),
);

/**
 * The field a header most likely means, or null. A whole-header match wins; otherwise the longest
 * synonym contained in the header as whole words ("số nhân khẩu đủ điều kiện" → eligible, not
 * residents). `context` is the merged group heading above the header, if any: inside a
 * "lý do chưa kích hoạt" group, "không có điện thoại thông minh" is a reason.
 *
 * @example
 * guessField("indicators", "Số nhân khẩu đủ điều kiện"); // "eligible"
 * guessField("indicators", "Đã kích hoạt"); // "activated"
 */
export function guessField(kind: TableKind, header: string, context = ""): string | null {
  const h = normalizeHeader(header);
  if (h === "") return null;
  const list = FOLDED.get(kind)!;
  const exact = list.find((e) => e.syn === h);
  if (exact) return exact.key;
  let best: { key: string; len: number } | null = null;
  const padded = ` ${h} `;
  // A rate of something is not that something: "Tỷ lệ kích hoạt (%)" is a rate, not "activated".
  if (/ (ty le|ti le|%|rate|percent) /.test(padded)) return list.find((e) => e.key === "_rate") ? "_rate" : null;
  for (const e of list) {
    if (e.syn.length < 2 || !padded.includes(` ${e.syn} `)) continue;
    if (!best || e.syn.length > best.len) best = { key: e.key, len: e.syn.length };
  }
  if (!best && context) {
    const withContext = guessField(kind, `${context} ${header}`);
    return withContext;
  }
  return best?.key ?? null;
}

/** The key a file layout is remembered by: its folded headers joined with "|". */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(normalizeHeader).join("|");
}

/** The fields of a kind, for the mapping step's choices. */
export function fieldsOf(kind: TableKind): readonly FieldDef[] {
  return VOCABULARY[kind];
}

/**
 * Column headers of an indicators export (Vietnamese, as a commune report writes them). Importing
 * an export maps every column back to its field (tests/ingest/vocabulary.test.ts checks it).
 */
export const EXPORT_HEADERS: Record<string, string> = {
  hamletCode: "Mã bản",
  commune: "Xã",
  hamlet: "Bản",
  asOf: "Ngày báo cáo",
  eligible: "Số nhân khẩu đủ điều kiện",
  cccdIssued: "Đã cấp CCCD",
  received: "Đã thu nhận",
  activated: "Đã kích hoạt",
  level2: "Mức độ 2",
  reasonAway: "Vắng mặt",
  reasonElderlySick: "Già yếu, ốm đau",
  reasonNoPhoneNumber: "Không có số điện thoại",
  reasonSimNotOwn: "SIM không chính chủ",
  reasonNoSmartphone: "Không có điện thoại thông minh",
  reasonHandset2g: "Điện thoại 2G",
  reasonNoSignal: "Không có sóng",
  reasonOther: "Lý do khác",
  residents: "Tổng số nhân khẩu",
  ethnicMinority: "Dân tộc thiểu số",
  households: "Số hộ",
  poorHouseholds: "Hộ nghèo",
  nearPoorHouseholds: "Hộ cận nghèo",
  withoutSmartphone: "Số người không có điện thoại thông minh",
  simNeed: "Cần hỗ trợ SIM",
};

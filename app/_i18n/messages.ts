/**
 * Every string the page shows, in Vietnamese (the default) and English (`?lang=en`).
 * Keys are grouped by where the string appears. Data values (names, types) are never translated.
 */
const vi = {
  appTitle: "GapMap 06 — Kích hoạt định danh điện tử",
  syntheticNotice:
    "Dữ liệu minh họa tổng hợp (giả lập), hiệu chỉnh theo số liệu đã công bố — không phải số liệu thật",
  switchLanguage: "English",
  loading: "Đang tải bản đồ…",
  loadError: "Không tải được dữ liệu bản đồ",
  legend: {
    title: "Tỷ lệ kích hoạt (đã kích hoạt / đủ điều kiện)",
    noData: "Không có dữ liệu",
    asOf: "Số liệu đến ngày",
  },
  popup: {
    commune: "Xã/phường",
    district: "Huyện",
    asOf: "Số liệu đến ngày",
    count: "Số người",
    rate: "Tỷ lệ",
    eligible: "Đủ điều kiện",
    cccdIssued: "CCCD đã cấp",
    received: "Đã thu nhận",
    activated: "Đã kích hoạt",
    level2: "Mức độ 2",
    noData: "Không có dữ liệu",
    rateNote: "Tỷ lệ so với số người đủ điều kiện; số từ 1 đến 4 hiển thị là <5.",
  },
  attribution:
    "Ranh giới: censusVN2009 (MIT, M. Choisy & L. Contamin; nền WHO Việt Nam 1:250k) · Mã, tên: Tổng cục Thống kê · Dân số: TĐTDS 2019 (GSO)",
  /** MapLibre's own control labels (tooltips, aria-labels). */
  mapControls: {
    "NavigationControl.ZoomIn": "Phóng to",
    "NavigationControl.ZoomOut": "Thu nhỏ",
    "NavigationControl.ResetBearing": "Đặt lại hướng bắc",
    "AttributionControl.ToggleAttribution": "Hiện/ẩn nguồn dữ liệu",
    "Popup.Close": "Đóng",
  },
};

export type Messages = typeof vi;

const en: Messages = {
  appTitle: "GapMap 06 — e-ID activation",
  syntheticNotice:
    "Synthetic illustrative data (simulated), calibrated to published figures — not real figures",
  switchLanguage: "Tiếng Việt",
  loading: "Loading the map…",
  loadError: "Could not load the map data",
  legend: {
    title: "Activation rate (activated / eligible)",
    noData: "No data",
    asOf: "Data as of",
  },
  popup: {
    commune: "Commune/ward",
    district: "District",
    asOf: "Data as of",
    count: "People",
    rate: "Rate",
    eligible: "Eligible",
    cccdIssued: "CCCD issued",
    received: "Received",
    activated: "Activated",
    level2: "Level 2",
    noData: "No data",
    rateNote: "Rates are shares of the eligible; counts from 1 to 4 are shown as <5.",
  },
  attribution:
    "Boundaries: censusVN2009 (MIT, M. Choisy & L. Contamin; base WHO Viet Nam 1:250k) · Codes, names: General Statistics Office · Population: 2019 Census (GSO)",
  mapControls: {
    "NavigationControl.ZoomIn": "Zoom in",
    "NavigationControl.ZoomOut": "Zoom out",
    "NavigationControl.ResetBearing": "Reset bearing to north",
    "AttributionControl.ToggleAttribution": "Toggle attribution",
    "Popup.Close": "Close",
  },
};

export const LANGS = ["vi", "en"] as const;
export type Lang = (typeof LANGS)[number];

const dictionaries: Record<Lang, Messages> = { vi, en };

/** The language for a `?lang=` value: "en" gives English, anything else the Vietnamese default. */
export function parseLang(value: unknown): Lang {
  return value === "en" ? "en" : "vi";
}

export function getMessages(lang: Lang): Messages {
  return dictionaries[lang];
}

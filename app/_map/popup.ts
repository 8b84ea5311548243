import { rate } from "@/geo/rates";
import { MISSING, SMALL_COUNT_TEXT, isSmallCount, type Formatter } from "@/app/_i18n/format";
import type { Messages } from "@/app/_i18n/messages";

type MapMessages = Messages["map"];
import type { HamletProperties } from "./data";

/**
 * The content of a hamlet's popup, built as DOM nodes whose text is set with textContent only:
 * names come from data and must never be parsed as HTML.
 */
export function hamletPopup(h: HamletProperties, m: MapMessages, fmt: Formatter): HTMLElement {
  const root = el("div", "hamlet-popup");
  root.append(el("h3", "hamlet-popup-title", `${capitalise(h.type)} ${h.name}`));

  const facts = el("dl", "hamlet-popup-facts");
  addFact(facts, m.popup.commune, h.communeName);
  if (h.districtName !== null) addFact(facts, m.popup.district, h.districtName);
  addFact(facts, m.popup.asOf, fmt.date(h.asOf));
  root.append(facts);

  const head = el("thead");
  const headRow = el("tr");
  headRow.append(el("th"), el("th", undefined, m.popup.count), el("th", undefined, m.popup.rate));
  head.append(headRow);
  const body = el("tbody");
  const rows: [label: string, key: keyof HamletProperties & string, value: number | null][] = [
    [m.popup.eligible, "eligible", h.eligible],
    [m.popup.cccdIssued, "cccdIssued", h.cccdIssued],
    [m.popup.received, "received", h.received],
    [m.popup.activated, "activated", h.activated],
    [m.popup.level2, "level2", h.level2],
  ];
  const withheld = new Set(h.suppressed);
  rows.forEach(([label, key, value], i) => {
    const tr = el("tr");
    // The first row is the denominator: it has no rate of its own.
    const share = i === 0 ? "" : shareText(value, h.eligible, fmt);
    const shown = withheld.has(key) ? SMALL_COUNT_TEXT : fmt.count(value);
    tr.append(el("th", undefined, label), el("td", undefined, shown), el("td", undefined, share));
    body.append(tr);
  });
  const table = el("table", "hamlet-popup-funnel");
  table.append(head, body);
  root.append(table, el("p", "hamlet-popup-note", m.popup.rateNote));
  return root;
}

/**
 * value / eligible as a percent; hidden when either count is suppressed (1–4), since the rate
 * and the other count would give the small number back.
 */
function shareText(value: number | null, eligible: number | null, fmt: Formatter): string {
  if (value === null || eligible === null || isSmallCount(value) || isSmallCount(eligible)) return MISSING;
  return fmt.percent(rate(value, eligible));
}

function addFact(dl: HTMLElement, term: string, value: string): void {
  dl.append(el("dt", undefined, term), el("dd", undefined, value));
}

function el(tag: string, className?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase("vi-VN") + word.slice(1);
}

import type { Page } from "playwright-core";
import { MESSAGES } from "@/app/_i18n/messages";

/** Every leaf of a messages object: key path → message. */
export function messageLeaves(obj: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (obj && typeof obj === "object") {
    for (const [k, v] of Object.entries(obj)) for (const [p, x] of messageLeaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else if (typeof obj === "string") out.set(prefix, obj);
  return out;
}

interface Matcher {
  key: string;
  message: string;
  test(text: string): boolean;
}

/**
 * Matchers for the messages of `lang` that differ from the other language's: a page in the
 * other language must contain none of them. A message with {placeholders} matches through its
 * longest literal part (at least 8 characters); short messages match as whole words only.
 */
export function foreignMatchers(lang: "en" | "vi"): Matcher[] {
  const mine = messageLeaves(MESSAGES[lang]);
  const other = messageLeaves(MESSAGES[lang === "en" ? "vi" : "en"]);
  const out: Matcher[] = [];
  for (const [key, message] of mine) {
    if (other.get(key) === message) continue; // a name, the same in both languages
    if (!/\p{Ll}/u.test(message)) continue; // a code or acronym ("3G", "CCCD"): the same words in any language
    const literal =
      message
        .split(/\{[^}]*\}/)
        .map((s) => s.trim())
        .sort((a, b) => b.length - a.length)[0] ?? "";
    if (/\{/.test(message)) {
      if (literal.length < 8) continue;
      out.push({ key, message, test: (text) => text.includes(literal) });
    } else {
      const escaped = message.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const re = new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, "u");
      out.push({ key, message, test: (text) => re.test(text) });
    }
  }
  return out;
}

/** All text a person can read on the page: text nodes (HTML and SVG) and alt/title/aria-label/placeholder attributes. */
export async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (parent && /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName)) continue;
      const text = (n.textContent ?? "").replace(/\s+/g, " ").trim();
      if (text) out.push(text);
    }
    for (const el of document.body.querySelectorAll("[alt],[title],[aria-label],[placeholder],[aria-roledescription]")) {
      for (const a of ["alt", "title", "aria-label", "placeholder", "aria-roledescription"]) {
        const v = el.getAttribute(a);
        if (v) out.push(v.replace(/\s+/g, " ").trim());
      }
    }
    out.push(document.title);
    return out;
  });
}

/** The messages of `foreign` found on the page, as "key: message". */
export async function foreignMessagesOn(page: Page, foreign: "en" | "vi"): Promise<string[]> {
  const texts = await pageTexts(page);
  const found = new Set<string>();
  for (const m of foreignMatchers(foreign)) if (texts.some((t) => m.test(t))) found.add(`${m.key}: ${m.message}`);
  return [...found].sort();
}

import { describe, it, expect } from "vitest";
import { MESSAGES } from "@/app/_i18n/messages";
import { LOCALES } from "@/app/_i18n/config";

/** Every leaf key path of a messages object. */
function leaves(obj: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (obj && typeof obj === "object") {
    for (const [k, v] of Object.entries(obj)) for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, obj);
  return out;
}

describe("messages", () => {
  const vi = leaves(MESSAGES.vi);
  it.each(LOCALES.filter((l) => l !== "vi"))("%s has exactly the Vietnamese keys", (locale) => {
    const other = leaves(MESSAGES[locale]);
    expect(
      [...other.keys()].filter((k) => !vi.has(k)),
      `keys only in ${locale}`,
    ).toEqual([]);
    expect(
      [...vi.keys()].filter((k) => !other.has(k)),
      `keys missing in ${locale}`,
    ).toEqual([]);
  });
  it.each(LOCALES)("%s has no empty message", (locale) => {
    const empty = [...leaves(MESSAGES[locale])].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
    expect(empty).toEqual([]);
  });
  it("Vietnamese messages are Vietnamese: none is identical to its English one unless it is a name", () => {
    const en = leaves(MESSAGES.en);
    // Proper names and the product name are the same in both languages.
    const same = [...vi].filter(([k, v]) => en.get(k) === v && !/^(GapMap|Wi-Fi|VNeID)/.test(String(v))).map(([k]) => k);
    expect(same).toEqual([]);
  });
  it.each(LOCALES.filter((l) => l !== "vi"))("%s uses the same {placeholders} as Vietnamese in every message", (locale) => {
    const args = (m: unknown) => [...String(m).matchAll(/\{\s*([A-Za-z0-9_]+)/g)].map((x) => x[1]).sort();
    const other = leaves(MESSAGES[locale]);
    const differ = [...vi].filter(([k, v]) => other.has(k) && JSON.stringify(args(v)) !== JSON.stringify(args(other.get(k)))).map(([k]) => k);
    expect(differ).toEqual([]);
  });
});

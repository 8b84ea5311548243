import { describe, expect, it } from "vitest";
import { PROBLEM_CODES } from "@/db/ingest/problems";
import { MESSAGES } from "@/app/_i18n/messages";

describe("problem messages", () => {
  it.each(["vi", "en"] as const)("every problem code has a %s message, and every message a code", (lang) => {
    const messages = MESSAGES[lang].import.problems as Record<string, string>;
    expect(Object.keys(PROBLEM_CODES).filter((c) => !messages[c])).toEqual([]);
    expect(Object.keys(messages).filter((c) => !(c in PROBLEM_CODES))).toEqual([]);
  });
  it("Vietnamese and English messages use the same parameters", () => {
    const params = (m: string) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const code of Object.keys(PROBLEM_CODES)) {
      const vi = (MESSAGES.vi.import.problems as Record<string, string>)[code]!;
      const en = (MESSAGES.en.import.problems as Record<string, string>)[code]!;
      expect(params(vi), code).toEqual(params(en));
    }
  });
});

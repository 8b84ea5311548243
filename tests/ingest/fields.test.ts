import { describe, expect, it } from "vitest";
import { TABLE_KINDS, VOCABULARY } from "@/db/ingest/vocabulary";
import { MESSAGES } from "@/app/_i18n/messages";

describe("mapping step labels", () => {
  it.each(["vi", "en"] as const)("every field of every table kind has a %s label", (lang) => {
    const labels = MESSAGES[lang].import.fields as Record<string, string>;
    const keys = new Set(TABLE_KINDS.flatMap((k) => VOCABULARY[k].map((f) => f.key)));
    expect([...keys].filter((k) => !labels[k])).toEqual([]);
  });
});

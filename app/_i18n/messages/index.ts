import type { Locale } from "../config";
import viCommon from "./vi/common.json";
import enCommon from "./en/common.json";
import viMap from "./vi/map.json";
import enMap from "./en/map.json";
import viExplorer from "./vi/explorer.json";
import enExplorer from "./en/explorer.json";

/**
 * Messages by namespace, one JSON file per namespace and language (app/_i18n/messages/<lang>/<ns>.json),
 * so that features add their own file without touching the others. Add a namespace here, in both
 * languages; tests/app/i18n.test.ts fails when a key is missing in either.
 */
export const MESSAGES = {
  vi: { common: viCommon, map: viMap, explorer: viExplorer },
  en: { common: enCommon, map: enMap, explorer: enExplorer },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof MESSAGES)["vi"];

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale] as Messages;
}

/** The interface languages: Vietnamese first, English available. */
export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
/** Cookie that remembers the viewer's language; `?lang=` sets it (proxy.ts). */
export const LOCALE_COOKIE = "gapmap_lang";
/** Request header proxy.ts sets from `?lang=` so the very first response is already in that language. */
export const LOCALE_HEADER = "x-gapmap-lang";

export function parseLocale(value: unknown): Locale | null {
  return LOCALES.includes(value as Locale) ? (value as Locale) : null;
}

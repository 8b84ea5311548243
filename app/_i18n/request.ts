import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALE_HEADER, parseLocale } from "./config";
import { messagesFor } from "./messages";

/**
 * next-intl without locale routing: the language comes from `?lang=` (via proxy.ts's header),
 * else the viewer's cookie, else Vietnamese. URLs stay the same in both languages, so a shared link
 * shows the same view in the reader's own language.
 */
export default getRequestConfig(async () => {
  const locale = parseLocale((await headers()).get(LOCALE_HEADER)) ?? parseLocale((await cookies()).get(LOCALE_COOKIE)?.value) ?? DEFAULT_LOCALE;
  return { locale, messages: messagesFor(locale), timeZone: "Asia/Ho_Chi_Minh" };
});

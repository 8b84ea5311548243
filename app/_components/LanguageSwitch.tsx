"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { LOCALE_COOKIE } from "@/app/_i18n/config";

/** Switches the interface language and keeps the current view: same path, same query (minus ?lang). */
export function LanguageSwitch() {
  const t = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const other = locale === "vi" ? "en" : "vi";
  return (
    <button
      type="button"
      className="language-switch"
      lang={other}
      onClick={() => {
        // The Cookie Store API is missing from browsers the officials use; this one cookie is read by proxy.ts.
        // biome-ignore lint/suspicious/noDocumentCookie: see above
        document.cookie = `${LOCALE_COOKIE}=${other}; path=/; max-age=31536000; samesite=lax`;
        const q = new URLSearchParams(search.toString());
        q.delete("lang");
        const qs = q.toString();
        router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
        router.refresh();
      }}
    >
      {t("switchLanguage")}
    </button>
  );
}

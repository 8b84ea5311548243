import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { NavBar } from "./_components/NavBar";
// auth: zod without its eval probe, so the CSP (no 'unsafe-eval') reports no violation.
import { CspSafeZod } from "./_auth/components/CspSafeZod";
// The app's one font, shipped (no font CDN): Noto Sans, latin + vietnamese subsets. MapLibre draws
// map labels with it too (text-font "Noto Sans", rendered locally, no glyphs URL).
import "@fontsource/noto-sans/latin-400.css";
import "@fontsource/noto-sans/vietnamese-400.css";
import "@fontsource/noto-sans/latin-700.css";
import "@fontsource/noto-sans/vietnamese-700.css";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: t("appTitle") };
}

/** Every page: the language from next-intl (Vietnamese by default), the top bar, the synthetic-data notice. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <CspSafeZod />
          <div className="app">
            <NavBar />
            <p className="synthetic-notice" role="note">
              {t("syntheticNotice")}
            </p>
            {children}
          </div>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

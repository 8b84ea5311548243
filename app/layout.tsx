import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { NavBar } from "./_components/NavBar";
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

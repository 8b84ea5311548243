import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { LanguageSwitch } from "./LanguageSwitch";
// auth: who is signed in (name, role, account, sign out); without a session only the title and the language switch.
import { currentViewer } from "../_auth/viewer";
import { UserMenu } from "../_auth/components/UserMenu";
import { PAGE_ACTIONS } from "../_auth/pages";
import { allowed } from "../_auth/policy";

/**
 * The top bar on every page: title, the sections of the app, the language switch. A feature adds
 * its section to NAV_ITEMS (and its label to common.json → nav, its action to app/_auth/pages.ts);
 * a role sees only the sections the policy lets it open.
 */
export const NAV_ITEMS = [
  { href: "/", key: "map" },
  { href: "/dashboard", key: "dashboard" },
  { href: "/priorities", key: "priorities" },
  { href: "/telecom", key: "telecom" },
  { href: "/plans", key: "plans" },
  { href: "/briefing", key: "briefing" },
  { href: "/import", key: "import" },
  { href: "/audit", key: "audit" },
] as const;

export async function NavBar() {
  const t = await getTranslations("common");
  const viewer = await currentViewer();
  return (
    <header className="topbar">
      <h1>{t("appTitle")}</h1>
      <nav aria-label={t("nav.label")} className="topbar-nav">
        {(viewer ? NAV_ITEMS.filter((item) => allowed(viewer.role, PAGE_ACTIONS[item.href])) : []).map((item) => (
          // No prefetch: every section is a dynamic page that computes on the server; prefetching all
          // of them on each page view would run every heavy query for nothing.
          <Link key={item.href} href={item.href} prefetch={false}>
            {t(`nav.${item.key}`)}
          </Link>
        ))}
      </nav>
      {viewer ? <UserMenu viewer={viewer} /> : null}
      <Suspense>
        <LanguageSwitch />
      </Suspense>
    </header>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "../viewer";
import { LogoutButton } from "./LogoutButton";
import "./user-menu.css";

/** The top bar's right side when signed in: who (name and role), their account, account management for administrators, sign out. */
export async function UserMenu({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("auth");
  return (
    <div className="topbar-user">
      <span className="topbar-user-who" data-testid="signed-in-as" title={t("nav.signedInAs", { name: viewer.name, role: t(`roles.${viewer.role}`) })}>
        <span>{viewer.name}</span>
        <span className="topbar-user-role">{t(`roles.${viewer.role}`)}</span>
      </span>
      <Link href="/account" prefetch={false}>
        {t("nav.account")}
      </Link>
      {viewer.role === "administrator" ? (
        <Link href="/admin/users" prefetch={false}>
          {t("nav.admin")}
        </Link>
      ) : null}
      <LogoutButton />
    </div>
  );
}

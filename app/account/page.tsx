import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { getScopeUnit } from "@/db/queries/admin";
import { scopeOf } from "@/db/queries/scope";
import { requirePage } from "@/app/_auth/page";
import { MIN_PASSWORD_LENGTH } from "@/app/_auth/password";
import { OPERATOR_NAMES } from "@/app/_auth/binding";
import { ChangePasswordForm } from "./ChangePasswordForm";
import "../_auth/components/auth.css";

export const dynamic = "force-dynamic";

/** Any signed-in user: who they are, what they are bound to, and a password change. */
export default async function AccountPage() {
  const { viewer } = await requirePage("/account");
  const t = await getTranslations("auth");
  const unit = viewer.unitId && viewer.structure ? await getScopeUnit({ db: await getDb(), scope: scopeOf(viewer.unitId, viewer.structure) }) : null;
  return (
    <main className="auth-page">
      <section className="auth-card">
        <h2>{t("account.title")}</h2>
        <dl className="auth-facts">
          <dt>{t("account.email")}</dt>
          <dd>{viewer.email}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{t(`roles.${viewer.role}`)}</dd>
          {viewer.role === "telecom" ? (
            <>
              <dt>{t("account.operator")}</dt>
              <dd>{viewer.operator ? OPERATOR_NAMES[viewer.operator] : "—"}</dd>
              <dt>{t("account.provinces")}</dt>
              <dd>{viewer.provinces.join(", ")}</dd>
            </>
          ) : (
            <>
              <dt>{t("account.unit")}</dt>
              <dd>
                {viewer.unitId && viewer.structure
                  ? `${unit?.fullName ?? unit?.name ?? viewer.unitId} (${viewer.unitId}, ${t(`structures.${viewer.structure}`)})`
                  : t("account.noScope")}
              </dd>
            </>
          )}
        </dl>
        <h3>{t("account.changePassword")}</h3>
        <ChangePasswordForm min={MIN_PASSWORD_LENGTH} />
      </section>
    </main>
  );
}

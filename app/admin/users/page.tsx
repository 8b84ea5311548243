import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { bindableUnits, listAccounts } from "@/db/queries/accounts";
import { currentViewer } from "@/app/_auth/viewer";
import { MIN_PASSWORD_LENGTH } from "@/app/_auth/password";
import { AdminUsers } from "./AdminUsers";
import "../../_auth/components/auth.css";

export const dynamic = "force-dynamic";

/** Account management (administrators): the list, create, edit binding, disable/re-enable, reset password — through /api/admin/users. */
export default async function AdminUsersPage() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/login?next=%2Fadmin%2Fusers");
  const t = await getTranslations("auth.admin");
  if (viewer.role !== "administrator") {
    return (
      <main className="auth-page">
        <section className="auth-card">
          <h2>{t("title")}</h2>
          <p className="auth-error" role="alert">
            {t("forbidden")}
          </p>
        </section>
      </main>
    );
  }
  const db = await getDb();
  const [users, units] = await Promise.all([listAccounts({ db }), bindableUnits({ db })]);
  return (
    <main className="auth-page">
      <section className="auth-card wide">
        <h2>{t("title")}</h2>
        <p>{t("intro")}</p>
        <AdminUsers
          self={viewer.userId}
          min={MIN_PASSWORD_LENGTH}
          users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))}
          units={units}
        />
      </section>
    </main>
  );
}

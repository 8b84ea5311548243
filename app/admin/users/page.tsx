import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { bindableUnits, listAccounts } from "@/db/queries/accounts";
import { requirePage } from "@/app/_auth/page";
import { MIN_PASSWORD_LENGTH } from "@/app/_auth/password";
import { AdminUsers } from "./AdminUsers";
import "../../_auth/components/auth.css";

export const dynamic = "force-dynamic";

/** Account management (administrators): the list, create, edit binding, disable/re-enable, reset password — through /api/admin/users. */
export default async function AdminUsersPage() {
  // A role other than administrator gets the same 404 as a page that does not exist.
  const { viewer } = await requirePage("/admin/users");
  const t = await getTranslations("auth.admin");
  const db = await getDb();
  const [users, units] = await Promise.all([listAccounts({ db }), bindableUnits({ db })]);
  return (
    <main className="auth-page">
      <section className="auth-card wide">
        <h2>{t("title")}</h2>
        <p>{t("intro")}</p>
        <AdminUsers self={viewer.userId} min={MIN_PASSWORD_LENGTH} users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))} units={units} />
      </section>
    </main>
  );
}

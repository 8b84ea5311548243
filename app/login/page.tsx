import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { countAccounts, listAccounts } from "@/db/queries/accounts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoEmail } from "@/db/queries/accounts";
import { currentViewer } from "@/app/_auth/viewer";
import { safeNextPath } from "@/app/_auth/next-path";
import { demoSignInRefusal } from "@/app/_auth/demo";
import { readAuthEnv } from "@/app/_auth/env";
import { LoginForm } from "./LoginForm";
import "../_auth/components/auth.css";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const dynamic = "force-dynamic";

/**
 * The sign-in page. `?next=` is where to go afterwards (a path of this app only: safeNextPath).
 * With no account at all it says how to create the first one; on the demo database it lists the demo accounts.
 */
export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(Array.isArray(params.next) ? params.next[0] : params.next);
  if (await currentViewer()) redirect(next);
  const t = await getTranslations("auth");
  const db = await getDb();
  const accounts = await countAccounts({ db });
  const demoUsable = !demoSignInRefusal(DEMO_ACCOUNTS.planner.email, readAuthEnv());
  const demo = accounts > 0 && demoUsable ? (await listAccounts({ db })).filter((a) => isDemoEmail(a.email) && !a.disabled) : [];
  return (
    <main className="auth-page">
      <section className="auth-card">
        <h2>{t("login.title")}</h2>
        <p>{t("login.intro")}</p>
        {accounts === 0 ? (
          <div className="auth-notice" role="status">
            <p>{t("login.noAccounts")}</p>
            <pre>npm run user:add -- --email you@example.org --role administrator</pre>
            <p>{t("login.noAccountsPassword")}</p>
          </div>
        ) : null}
        <LoginForm next={next} />
        {demo.length > 0 ? (
          <details className="auth-demo">
            <summary>{t("login.demoTitle")}</summary>
            <ul>
              {demo.map((a) => (
                <li key={a.id}>
                  <code>{a.email}</code> — {t(`roles.${a.role}`)}: {a.name}
                </li>
              ))}
            </ul>
            <p>{t("login.demoPassword", { password: DEMO_PASSWORD })}</p>
          </details>
        ) : null}
      </section>
    </main>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { postAuth } from "@/app/_auth/components/post-auth";

/** Email + password → POST /api/auth/sign-in/email; on success a full navigation to `next` (the top bar then shows the user). */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("auth.login");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Until React has hydrated, the button stays disabled: a native submission would send the password
  // somewhere we did not choose (method="post" keeps it out of the URL even then).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const { res, body } = await postAuth("/api/auth/sign-in/email", { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      if (res.status === 429) setError(t("locked", { minutes: body.retryAfterMinutes ?? 15 }));
      else if (body.code === "ACCOUNT_DISABLED") setError(t("disabled"));
      else if (body.code === "DEMO_ACCOUNT_REFUSED") setError(t("demoRefused"));
      else if (res.status === 401 || res.status === 400) setError(t("invalid"));
      else setError(t("failed", { status: res.status }));
    } catch {
      setError(t("failed", { status: "—" }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} method="post">
      <label>
        {t("email")}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {t("password")}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error ? (
        <p className="auth-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="auth-button" disabled={busy || !ready}>
        {busy ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}

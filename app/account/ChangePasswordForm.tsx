"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { postAuth } from "@/app/_auth/components/post-auth";

/** POST /api/auth/change-password (the current password is checked; other sessions end). */
export function ChangePasswordForm({ min }: { min: number }) {
  const t = useTranslations("auth.account");
  const tl = useTranslations("auth.login");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? "")) return setResult({ ok: false, text: t("mismatch") });
    if (newPassword.length < min) return setResult({ ok: false, text: t("tooShort", { min }) });
    setBusy(true);
    setResult(null);
    try {
      const { res, body } = await postAuth("/api/auth/change-password", { currentPassword, newPassword, revokeOtherSessions: true });
      if (res.ok) {
        formEl.reset();
        setResult({ ok: true, text: t("changed") });
      } else if (res.status === 429) setResult({ ok: false, text: tl("locked", { minutes: body.retryAfterMinutes ?? 15 }) });
      else if (body.code === "INVALID_PASSWORD") setResult({ ok: false, text: t("wrongCurrent") });
      else if (body.code === "PASSWORD_TOO_SHORT") setResult({ ok: false, text: t("tooShort", { min }) });
      else setResult({ ok: false, text: t("failed", { status: res.status }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} method="post">
      <label>
        {t("currentPassword")}
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t("newPassword", { min })}
        <input name="newPassword" type="password" autoComplete="new-password" minLength={min} required />
      </label>
      <label>
        {t("confirmPassword")}
        <input name="confirmPassword" type="password" autoComplete="new-password" minLength={min} required />
      </label>
      {result ? (
        <p className={result.ok ? "auth-ok" : "auth-error"} role={result.ok ? "status" : "alert"}>
          {result.text}
        </p>
      ) : null}
      <button type="submit" className="auth-button" disabled={busy}>
        {t("submit")}
      </button>
    </form>
  );
}

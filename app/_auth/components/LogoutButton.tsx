"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** Ends the session (POST /api/auth/sign-out: the sessions row is deleted) and goes to the sign-in page. */
export function LogoutButton() {
  const t = useTranslations("auth.nav");
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
        window.location.assign("/login");
      }}
    >
      {t("logout")}
    </button>
  );
}

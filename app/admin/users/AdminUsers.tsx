"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { OPERATOR_NAMES, OPERATORS, ROLES, STRUCTURES, type BindingInput } from "@/app/_auth/binding";

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  unitId: string | null;
  structure: (typeof STRUCTURES)[number] | null;
  operator: (typeof OPERATORS)[number] | null;
  provinces: string[];
  disabled: boolean;
  activeSessions: number;
  createdAt: string;
}

interface ApiError {
  error?: string;
  issues?: { path: string; message: string }[];
}

/** The account list with its actions and the create / edit form; every change goes through /api/admin/users and refreshes the page. */
export function AdminUsers({
  self,
  min,
  users,
  units,
}: {
  self: string;
  min: number;
  users: AdminUserRow[];
  units: { id: string; name: string; level: string }[];
}) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [editing, setEditing] = useState<AdminUserRow | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function send(url: string, method: "POST" | "PATCH", body: unknown, okText: string): Promise<boolean> {
    const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.ok) {
      setMessage({ ok: true, text: okText });
      router.refresh();
      return true;
    }
    const e = (await res.json().catch(() => ({}))) as ApiError;
    const detail = [e.error, ...(e.issues ?? []).map((i) => `${i.path}: ${i.message}`)].filter(Boolean).join(" — ");
    setMessage({ ok: false, text: t("admin.failed", { error: detail || String(res.status) }) });
    return false;
  }

  const scopeText = (u: AdminUserRow) =>
    u.role === "telecom"
      ? `${u.operator ? OPERATOR_NAMES[u.operator] : "—"}: ${u.provinces.join(", ")}`
      : u.unitId
        ? `${u.unitId} (${u.structure ? t(`structures.${u.structure}`) : ""})`
        : "—";

  return (
    <>
      {message ? (
        <p className={message.ok ? "auth-ok" : "auth-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      <table className="auth-table">
        <thead>
          <tr>
            <th>{t("admin.columns.email")}</th>
            <th>{t("admin.columns.name")}</th>
            <th>{t("admin.columns.role")}</th>
            <th>{t("admin.columns.scope")}</th>
            <th>{t("admin.columns.status")}</th>
            <th>{t("admin.columns.sessions")}</th>
            <th>{t("admin.columns.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.disabled ? "is-disabled" : undefined} data-email={u.email}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td>{t(`roles.${u.role}`)}</td>
              <td>{scopeText(u)}</td>
              <td>{u.disabled ? t("admin.disabled") : t("admin.active")}</td>
              <td className="num">{u.activeSessions}</td>
              <td>
                <div className="auth-row-actions">
                  <button type="button" onClick={() => setEditing(u)}>
                    {t("admin.edit")}
                  </button>
                  {u.id === self ? null : (
                    <button type="button" onClick={() => send(`/api/admin/users/${u.id}`, "PATCH", { disabled: !u.disabled }, t("admin.saved"))}>
                      {u.disabled ? t("admin.enable") : t("admin.disable")}
                    </button>
                  )}
                  <button
                    type="button"
                    onClick={() => {
                      const password = window.prompt(t("admin.newPasswordPrompt", { email: u.email, min }));
                      if (password) void send(`/api/admin/users/${u.id}`, "PATCH", { password }, t("admin.passwordReset", { email: u.email }));
                    }}
                  >
                    {t("admin.resetPassword")}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <datalist id="bindable-units">
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </datalist>
      {editing ? (
        <AccountForm
          key={editing.id}
          title={t("admin.editTitle", { email: editing.email })}
          initial={editing}
          min={min}
          onCancel={() => setEditing(null)}
          onSubmit={async (v) => {
            if (await send(`/api/admin/users/${editing.id}`, "PATCH", { name: v.name, binding: v.binding }, t("admin.saved"))) setEditing(null);
          }}
        />
      ) : (
        <AccountForm
          key="create"
          title={t("admin.createTitle")}
          min={min}
          onSubmit={async (v, form) => {
            if (await send("/api/admin/users", "POST", v, t("admin.created", { email: v.email }))) form.reset();
          }}
        />
      )}
    </>
  );
}

interface FormValues {
  email: string;
  name: string;
  password: string;
  binding: BindingInput;
}

function AccountForm({
  title,
  initial,
  min,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial?: AdminUserRow;
  min: number;
  onSubmit(v: FormValues, form: HTMLFormElement): Promise<void>;
  onCancel?(): void;
}) {
  const t = useTranslations("auth");
  const [role, setRole] = useState<AdminUserRow["role"]>(initial?.role ?? "viewer");
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const f = new FormData(el);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const binding: BindingInput =
      role === "telecom"
        ? {
            role,
            operator: (s("operator") || null) as BindingInput["operator"],
            provinces: s("provinces")
              .split(",")
              .map((p) => p.trim())
              .filter(Boolean),
          }
        : { role, unitId: s("unitId") || null, structure: (s("unitId") ? s("structure") : null) as BindingInput["structure"] };
    setBusy(true);
    try {
      await onSubmit({ email: s("email"), name: s("name"), password: String(f.get("password") ?? ""), binding }, el);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} method="post" aria-label={title}>
      <h3>{title}</h3>
      <div className="auth-grid">
        {initial ? null : (
          <label>
            {t("admin.email")}
            <input name="email" type="email" required autoComplete="off" />
          </label>
        )}
        <label>
          {t("admin.name")}
          <input name="name" required defaultValue={initial?.name} />
        </label>
        {initial ? null : (
          <label>
            {t("admin.password", { min })}
            <input name="password" type="password" minLength={min} required autoComplete="new-password" />
          </label>
        )}
        <label>
          {t("admin.role")}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as AdminUserRow["role"])}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {role === "telecom" ? (
          <>
            <label>
              {t("admin.operator")}
              <select name="operator" defaultValue={initial?.operator ?? "viettel"}>
                {OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {OPERATOR_NAMES[o]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("admin.provinces")}
              <input name="provinces" required defaultValue={initial?.provinces.join(",")} pattern="^\s*p-[0-9]{2}(\s*,\s*p-[0-9]{2})*\s*$" />
            </label>
          </>
        ) : (
          <>
            <label>
              {t("admin.unit")}
              <input name="unitId" list="bindable-units" required={role !== "administrator"} defaultValue={initial?.unitId ?? ""} />
            </label>
            <label>
              {t("admin.structure")}
              <select name="structure" defaultValue={initial?.structure ?? "post2025"}>
                {STRUCTURES.map((s) => (
                  <option key={s} value={s}>
                    {t(`structures.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </div>
      <div className="auth-row-actions">
        <button type="submit" className="auth-button" disabled={busy}>
          {initial ? t("admin.save") : t("admin.create")}
        </button>
        {onCancel ? (
          <button type="button" className="auth-button secondary" onClick={onCancel}>
            {t("admin.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
